"""Writes for scoring: ask for a score, claim and execute a run, sweep stranded runs, re-score a
campaign.

Exactly once, in three parts (docs/celery.md):
- `scoring_request` creates one ScoringRun per (revision, rule set) and enqueues it after the
  caller's transaction commits, robustly: a broker that is down never turns a saved submission
  into an error; the sweeper enqueues it later.
- `scoring_run_execute` claims the run with one conditional UPDATE, so a redelivered or duplicated
  message does no harm, and stores the Score with get_or_create on its unique key.
- `scoring_requeue_unscored` (the sweeper, every 2 minutes) re-enqueues what on-commit could not.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, models, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from riskassess.audit.services import audit_log
from riskassess.core.exceptions import ApplicationError
from riskassess.core.transactions import on_commit_robust
from riskassess.dashboard.services import dashboard_invalidate
from riskassess.questionnaires.models import Assessment, Campaign, Revision, TemplateVersion
from riskassess.questionnaires.template_format.rules import rules_hash as definition_rules_hash
from riskassess.reports.services import report_request_for_scored_revision
from riskassess.scoring import engine
from riskassess.scoring.models import Score, ScoringRun, SectionScore

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# A queued run older than this is enqueued again (its message was lost or never sent).
REQUEUE_AFTER = dt.timedelta(minutes=5)
# Runs enqueued or reset per sweep, so one sweep stays short.
SWEEP_BATCH = 1000
RESCORE_CHUNK = 500

_SCORE_FIELDS = (
    "engine_version",
    "overall",
    "band",
    "confidence",
    "triggers",
    "sections",
    "contributions",
    "flags",
    "model",
    "dimensions",
    "evidence_level",
    "legal_status",
    "to_clarify",
    "facts",
    "overall_rule",
    "supplied_asset_classes",
)
_JSON_SCORE_FIELDS = frozenset(
    {
        "triggers",
        "sections",
        "contributions",
        "flags",
        "dimensions",
        "legal_status",
        "to_clarify",
        "facts",
        "overall_rule",
        "supplied_asset_classes",
    }
)


def _hard_time_limit() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 90) + 30)


def _enqueue(run_id: int) -> None:
    """Send the run to the workers once the current transaction commits. robust=True: if the
    broker is unreachable the error is logged and the sweeper enqueues the run later."""
    from riskassess.scoring.tasks import score_revision

    on_commit_robust(score_revision.delay, run_id)


def facts_for_supplier(*, named_in_2023_communication: bool) -> dict[str, Any]:
    """The facts about a supplier the scoring rules may read (flags such as FL2)."""
    return {"supplier_named_in_2023_communication": bool(named_in_2023_communication)}


def facts_for_revision(revision: Revision) -> dict[str, Any]:
    """The facts frozen with the revision at submission; for a revision made before facts were
    frozen, the supplier's facts as they are now (and the Score keeps what was used)."""
    if revision.facts:
        return dict(revision.facts)
    return facts_for_supplier(named_in_2023_communication=revision.assessment.supplier.named_in_2023_communication)


def score_fields(result: engine.ScoreResult, *, facts: dict[str, Any] | None = None) -> dict[str, Any]:
    """The Score columns for an engine result (and the facts its rules read)."""
    triggers = [{**t, "band": t["min_band"]} for t in result.triggers]
    # Flags (never change the band) and data-quality warnings share one column, told apart by kind.
    flags = [{"kind": "flag", **f} for f in result.flags] + [{"kind": "warning", **w} for w in result.warnings]
    return {
        "engine_version": result.engine_version,
        "overall": result.overall,
        "band": result.band,
        "confidence": result.confidence,
        "triggers": triggers,
        "sections": result.sections,
        "contributions": result.contributions,
        "flags": flags,
        "model": result.model,
        "dimensions": result.dimensions,
        # Legacy: the band of the overall score alone, which a designation (T1) never overwrites.
        "evidence_level": result.evidence_level or result.score_band,
        "legal_status": result.legal_status,
        "to_clarify": result.to_clarify,
        "facts": dict(facts or {}),
        "overall_rule": result.overall_rule,
        "supplied_asset_classes": result.supplied_asset_classes,
    }


# ---------------------------------------------------------------------------------------------
# Request
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def scoring_request(*, revision: Revision) -> ScoringRun:
    """Ask for the score of `revision` under its template's rules: one run per (revision, rule
    set), enqueued when the caller's transaction commits."""
    run, _created = ScoringRun.objects.get_or_create(revision=revision, rules_hash=revision.template_version.rules_hash)
    if run.status == ScoringRun.Status.QUEUED:
        _enqueue(run.pk)
    return run


# ---------------------------------------------------------------------------------------------
# Execute
# ---------------------------------------------------------------------------------------------


def scoring_run_execute(*, run_id: int, task_id: str) -> Score | None:
    """Claim run `run_id` for `task_id` and score it. Returns None when there is nothing to do:
    the run is done, taken by another copy of the message, or given up after 3 attempts."""
    claimed = ScoringRun.objects.filter(
        Q(status=ScoringRun.Status.QUEUED) | Q(status=ScoringRun.Status.RUNNING, task_id=task_id),
        id=run_id,
        attempts__lt=MAX_ATTEMPTS,
    ).update(
        status=ScoringRun.Status.RUNNING,
        task_id=task_id,
        attempts=F("attempts") + 1,
        started_at=timezone.now(),
    )
    if claimed == 0:
        return None
    try:
        return _score_claimed_run(run_id=run_id)
    except (OperationalError, InterfaceError):
        # The database is unreachable: the task retries with the same id and retakes the run.
        raise
    except Exception as exc:
        ScoringRun.objects.filter(id=run_id, status=ScoringRun.Status.RUNNING, task_id=task_id).update(
            status=ScoringRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        logger.exception("scoring run %s failed", run_id)
        raise


def _definition_for_run(run: ScoringRun) -> dict[str, Any]:
    template_version = run.revision.template_version
    if template_version.rules_hash == run.rules_hash:
        return template_version.definition
    other = TemplateVersion.objects.filter(rules_hash=run.rules_hash).order_by("-created_at").first()
    if other is None:
        raise ApplicationError(
            gettext("No template version has the rule set %(rule_set)s.") % {"rule_set": run.rules_hash[:12]}
        )
    return other.definition


@transaction.atomic
def _score_claimed_run(*, run_id: int) -> Score:
    run = ScoringRun.objects.select_related(
        "revision__template_version", "revision__assessment__supplier", "revision__assessment__member_state"
    ).get(pk=run_id)
    revision = run.revision
    facts = facts_for_revision(revision)
    result = engine.score(
        _definition_for_run(run),
        revision.answers or {},
        assessment_date=revision.assessment_date,
        evidence_counts=engine.evidence_counts_from_snapshot(revision.evidence or []),
        facts=facts,
        rules_hash=run.rules_hash,
    )
    score, created = Score.objects.get_or_create(
        assessment_id=revision.assessment_id,
        revision=revision,
        rules_hash=run.rules_hash,
        defaults=score_fields(result, facts=facts),
    )
    if created:
        SectionScore.objects.bulk_create(
            [SectionScore(score=score, section=key, value=s["score"]) for key, s in result.sections.items()],
            ignore_conflicts=True,
        )
    _make_current_if_newest(score)
    ScoringRun.objects.filter(pk=run.pk).update(status=ScoringRun.Status.DONE, finished_at=timezone.now(), error="")
    if created:
        audit_log(
            action="score",
            obj=score,
            summary=f"Scored revision {revision.number} of {revision.assessment}: {score.overall:.1f} ({score.band})",
            data={
                "assessment": revision.assessment_id,
                "revision": revision.number,
                "run": run.pk,
                "overall": round(score.overall, 4),
                "band": score.band,
                "rules_hash": run.rules_hash,
                "engine_version": score.engine_version,
            },
        )
        # In this transaction: the queued Report row is the request (an outbox), so a crash after
        # the commit cannot lose it; the report sweeper sends it again if its message is lost.
        report_request_for_scored_revision(score=score)
    return score


def _make_current_if_newest(score: Score) -> None:
    """Only one current score per assessment: the one of its latest revision (latest computed
    on a tie). The assessment row is locked so two workers cannot both make theirs current."""
    campaign_id = (
        Assessment.objects.select_for_update().filter(pk=score.assessment_id).values_list("campaign_id", flat=True)
    ).first()
    newest = (
        Score.objects.filter(assessment_id=score.assessment_id)
        .order_by("-revision__number", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if newest != score.pk:
        return
    changed = (
        Score.objects.filter(assessment_id=score.assessment_id, is_current=True)
        .exclude(pk=score.pk)
        .update(is_current=False)
    )
    if not score.is_current:
        changed += Score.objects.filter(pk=score.pk).update(is_current=True)
        score.is_current = True
    if changed:
        dashboard_invalidate(campaign_id=campaign_id)


# ---------------------------------------------------------------------------------------------
# Sweeper
# ---------------------------------------------------------------------------------------------


def _latest_revisions() -> QuerySet[Revision]:
    newer = Revision.objects.filter(assessment_id=OuterRef("assessment_id"), number__gt=OuterRef("number"))
    return Revision.objects.filter(~Exists(newer))


@transaction.atomic
def scoring_requeue_unscored(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Re-enqueue runs queued for over 5 minutes, reset runs left running past the hard time limit
    (+30 s: their worker died), fail runs after 3 attempts, and create runs for latest revisions
    that have none. Returns how many runs each step touched."""
    now = now or timezone.now()
    running_cutoff = now - _hard_time_limit()
    Status = ScoringRun.Status

    failed = ScoringRun.objects.filter(
        Q(status=Status.QUEUED) | Q(status=Status.RUNNING, started_at__lt=running_cutoff),
        attempts__gte=MAX_ATTEMPTS,
    ).update(status=Status.FAILED, finished_at=now, error=f"Gave up after {MAX_ATTEMPTS} attempts.")

    dead = list(
        ScoringRun.objects.filter(status=Status.RUNNING, started_at__lt=running_cutoff, attempts__lt=MAX_ATTEMPTS)
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    reset = ScoringRun.objects.filter(pk__in=dead, status=Status.RUNNING, started_at__lt=running_cutoff).update(
        status=Status.QUEUED, task_id="", queued_at=now
    )

    stale = list(
        ScoringRun.objects.filter(status=Status.QUEUED, queued_at__lt=now - REQUEUE_AFTER)
        .order_by("queued_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    ScoringRun.objects.filter(pk__in=stale).update(queued_at=now)

    created = []
    orphans = (
        _latest_revisions()
        .filter(~Exists(ScoringRun.objects.filter(revision_id=OuterRef("pk"))))
        .select_related("template_version")
        .order_by("pk")[:SWEEP_BATCH]
    )
    for revision in orphans:
        run, was_created = ScoringRun.objects.get_or_create(
            revision=revision, rules_hash=revision.template_version.rules_hash
        )
        if was_created:
            created.append(run.pk)

    for run_id in [*dead, *stale, *created]:
        _enqueue(run_id)
    counts = {"failed": failed, "reset": reset, "requeued": len(stale), "created": len(created)}
    if any(counts.values()):
        logger.info("scoring sweep: %s", counts)
    return counts


# ---------------------------------------------------------------------------------------------
# Campaign re-score
# ---------------------------------------------------------------------------------------------


def _upsert(
    model: type[models.Model],
    columns: list[str],
    rows: list[tuple],
    *,
    unique: list[str],
    update: list[str] | None = None,
) -> None:
    """INSERT ... ON CONFLICT (unique) DO UPDATE SET update (or DO NOTHING), one statement run
    for many rows (executemany: parsed once, pipelined by psycopg). The ORM's bulk_create prepares
    every value through its field and builds one huge statement per batch, which costs more than
    the scoring itself. `rows` hold values already adapted for the database. SQLite >= 3.24 and
    PostgreSQL."""
    if not rows:
        return
    opts = model._meta
    qn = connection.ops.quote_name

    def col(name: str) -> str:
        return qn(opts.get_field(name).column)  # type: ignore[union-attr,arg-type]  # concrete fields only

    # Identifiers come from the model, quoted; every value is a parameter.
    sql = (
        f"INSERT INTO {qn(opts.db_table)} ({', '.join(col(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT ({', '.join(col(c) for c in unique)}) "
    )
    if update:
        sql += "DO UPDATE SET " + ", ".join(f"{col(c)} = EXCLUDED.{col(c)}" for c in update)
    else:
        sql += "DO NOTHING"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@transaction.atomic
def campaign_rescore(*, campaign: Campaign, rules_definition: dict[str, Any] | None = None) -> int:
    """Re-score the latest revision of every assessment of `campaign` now, in bulk, with the
    campaign's rules or with `rules_definition` (a new rule set). Each becomes the current score
    of its assessment. Returns the number of assessments scored."""
    if rules_definition is None:
        template_version = campaign.template_version
        definition = template_version.definition
        rules_hash = template_version.rules_hash
    else:
        definition = rules_definition
        rules_hash = definition_rules_hash(rules_definition)
    engine.plan_for(definition, rules_hash=rules_hash)  # fail before any write if the rules cannot be applied

    latest = _latest_revisions().filter(assessment__campaign=campaign)
    revision_ids = list(latest.order_by("pk").values_list("pk", flat=True))
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(timezone.now())

    def json_value(value):
        return ops.adapt_json_value(value, None)

    for chunk_ids in _chunks(revision_ids, RESCORE_CHUNK):
        chunk = list(
            Revision.objects.filter(pk__in=chunk_ids)
            .order_by("pk")
            .values_list(
                "pk",
                "assessment_id",
                "answers",
                "evidence",
                "assessment_date",
                "facts",
                "assessment__supplier__named_in_2023_communication",
            )
        )
        score_rows = []
        sections_by_revision = {}
        with _gc_paused():  # thousands of small dicts, no cycles: the cyclic collector only costs time
            for revision_id, assessment_id, answers, evidence, assessment_date, frozen, named in chunk:
                facts = frozen or facts_for_supplier(named_in_2023_communication=named)
                result = engine.score(
                    definition,
                    answers or {},
                    assessment_date=assessment_date,
                    evidence_counts=engine.evidence_counts_from_snapshot(evidence or []),
                    facts=facts,
                    rules_hash=rules_hash,
                )
                fields = score_fields(result, facts=facts)
                score_rows.append(
                    (
                        assessment_id,
                        revision_id,
                        rules_hash,
                        *(json_value(fields[f]) if f in _JSON_SCORE_FIELDS else fields[f] for f in _SCORE_FIELDS),
                        False,
                        stamp,
                    )
                )
                sections_by_revision[revision_id] = [(key, s["score"]) for key, s in result.sections.items()]
        _upsert(
            Score,
            ["assessment", "revision", "rules_hash", *_SCORE_FIELDS, "is_current", "computed_at"],
            score_rows,
            unique=["assessment", "revision", "rules_hash"],
            update=[*_SCORE_FIELDS, "computed_at"],
        )
        score_ids = Score.objects.filter(rules_hash=rules_hash, revision_id__in=chunk_ids).values_list(
            "pk", "revision_id"
        )
        _upsert(
            SectionScore,
            ["score", "section", "value"],
            [
                (score_id, key, value)
                for score_id, revision_id in score_ids
                for key, value in sections_by_revision[revision_id]
            ],
            unique=["score", "section"],
            update=["value"],
        )
        _upsert(
            ScoringRun,
            [
                "revision",
                "rules_hash",
                "status",
                "task_id",
                "attempts",
                "error",
                "queued_at",
                "started_at",
                "finished_at",
            ],
            [(row[0], rules_hash, ScoringRun.Status.DONE, "", 0, "", stamp, stamp, stamp) for row in chunk],
            unique=["revision", "rules_hash"],
        )

    current = Score.objects.filter(rules_hash=rules_hash, revision__in=latest)
    Score.objects.filter(assessment__campaign=campaign, is_current=True).exclude(pk__in=current.values("pk")).update(
        is_current=False
    )
    current.filter(is_current=False).update(is_current=True)
    dashboard_invalidate(campaign_id=campaign.pk)
    audit_log(
        action="score",
        obj=campaign,
        summary=f"Re-scored {len(revision_ids)} {'assessment' if len(revision_ids) == 1 else 'assessments'}"
        f" of {campaign}",
        data={"campaign": campaign.slug, "count": len(revision_ids), "rules_hash": rules_hash},
    )
    return len(revision_ids)
