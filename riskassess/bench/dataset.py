"""The EU-scale data set: 27 member states x N suppliers x C campaigns of realistic, frozen and
scored assessments, for the benchmark and for trying the dashboards at scale.

`eu_dataset_generate` is idempotent: an assessment that exists is never touched, so running it
again with the same arguments changes nothing, and with larger arguments adds only what is
missing. Everything is written with bulk_create, one transaction per chunk of assessments, and
scored in bulk with the pure engine through `campaign_rescore`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from riskassess.accounts.models import MemberState, Role
from riskassess.questionnaires.conditions import visible_answers
from riskassess.questionnaires.definition import iter_questions
from riskassess.questionnaires.models import Answer, Assessment, Campaign, Revision, TemplateVersion
from riskassess.questionnaires.validation import progress
from riskassess.scoring.models import Score
from riskassess.suppliers.models import Designation, DesignationStatus, Supplier

logger = logging.getLogger(__name__)

CHUNK = 500
SHIPPED_TEMPLATE = (
    Path(__file__).resolve().parent.parent / "questionnaires" / "templates_yaml" / "eu-5g-supplier-2026.1.yaml"
)
LAST_YEAR = 2026
# Where the synthetic suppliers are headquartered (cycled): mostly EU and allied, some high-risk.
SYNTHETIC_HQ = ["SE", "FI", "DE", "US", "FR", "KR", "CN", "JP", "NL", "IT", "CN", "TW", "ES", "IL", "IN", "CA"]


@dataclass
class DatasetResult:
    campaigns: list[Campaign] = field(default_factory=list)
    suppliers: int = 0
    member_states: int = 0
    assessments_created: int = 0
    answers_created: int = 0
    revisions_created: int = 0
    scored: int = 0
    designations_created: int = 0
    seconds: float = 0.0


def _label(prefix: str) -> str:
    return prefix[:1].upper() + prefix[1:]


def default_template_version() -> TemplateVersion:
    """The shipped template version, imported and published if it is not in the database yet."""
    import yaml

    text = SHIPPED_TEMPLATE.read_text(encoding="utf-8")
    head = yaml.safe_load(text)
    found = TemplateVersion.objects.filter(template__key=head["key"], version=str(head["version"])).first()
    if found is not None:
        if not found.is_published:
            raise RuntimeError(f"Template {head['key']} {head['version']} exists as a draft; publish it first.")
        return found
    from riskassess.questionnaires.template_versions import template_version_import

    return template_version_import(text=text, publish=True, user=None)


def dataset_user(*, member_state: MemberState | None, role: str, prefix: str = "bench"):
    """The (created once) user of the data set for a member state and role; EU roles have none."""
    User = get_user_model()
    username = f"{prefix}-{member_state.iso_code.lower()}-{role}" if member_state else f"{prefix}-{role}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=f"{username}@example.eu", role=role, member_state=member_state)
        user.set_unusable_password()
        user.save()
    return user


def _suppliers(count: int, prefix: str) -> list[Supplier]:
    label = _label(prefix)
    synthetic_name = f"{label} supplier "
    real = list(
        Supplier.objects.filter(is_active=True, merged_into__isnull=True)
        .exclude(name__startswith=synthetic_name)
        .order_by("-named_in_2023_communication", "name")[:count]
    )
    missing = count - len(real)
    if missing > 0:
        names = [f"{synthetic_name}{i:03d}" for i in range(1, missing + 1)]
        existing = set(Supplier.objects.filter(name__in=names).values_list("name", flat=True))
        Supplier.objects.bulk_create(
            [
                Supplier(
                    name=name,
                    slug=slugify(name),
                    legal_entity=f"{name} Ltd",
                    hq_country=SYNTHETIC_HQ[i % len(SYNTHETIC_HQ)],
                )
                for i, name in enumerate(names)
                if name not in existing
            ],
            ignore_conflicts=True,
        )
        real += list(Supplier.objects.filter(name__in=names).order_by("name"))
    return real


def _campaigns(count: int, prefix: str, template_version: TemplateVersion) -> list[Campaign]:
    label = _label(prefix)
    out = []
    for k in range(count):
        year = LAST_YEAR - (count - 1 - k)
        name = f"{label} campaign {year}"
        campaign = Campaign.objects.filter(name=name).first()
        if campaign is None:
            campaign = Campaign.objects.create(
                name=name,
                slug=slugify(name),
                template_version=template_version,
                opens_on=dt.date(year, 1, 15),
                deadline=dt.date(year, 6, 30),
                status=Campaign.Status.OPEN if year == LAST_YEAR else Campaign.Status.CLOSED,
            )
        out.append(campaign)
    return out


def _status(rng: random.Random, open_campaign: bool) -> str:
    if not open_campaign:
        return Assessment.Status.APPROVED
    x = rng.random()
    if x < 0.50:
        return Assessment.Status.APPROVED
    if x < 0.85:
        return Assessment.Status.SUBMITTED
    if x < 0.90:
        return Assessment.Status.RETURNED
    return Assessment.Status.DRAFT


def _profile(supplier: Supplier) -> str:
    """The demo profile: the real suppliers' own; synthetic ones by headquarters country."""
    from riskassess.demo.answers import profile_for_supplier

    if supplier.legal_entity == f"{supplier.name} Ltd" and " supplier " in supplier.name:
        return {"CN": "high_risk", "SE": "eu_major", "FI": "eu_major"}.get(supplier.hq_country, "other")
    return profile_for_supplier(supplier)


def _designation_status(answer) -> str | None:
    return {"yes": DesignationStatus.HIGH_RISK, "under_assessment": DesignationStatus.UNDER_ASSESSMENT}.get(answer)


def _generate_chunk(
    *, campaign, definition, questions, pairs, users, designate: bool, seed: int, result: DatasetResult
) -> None:
    from riskassess.demo.answers import demo_answers

    open_campaign = campaign.status == Campaign.Status.OPEN
    now = timezone.now()
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    rows = []
    for member_state, supplier in pairs:
        rng = random.Random(f"{seed}/{campaign.slug}/{member_state.iso_code}/{supplier.slug}")  # noqa: S311
        assessment_date = campaign.opens_on + dt.timedelta(days=rng.randint(20, 140))
        answers = demo_answers(
            definition=definition, profile=_profile(supplier), rng=rng, assessment_date=assessment_date
        )
        status = _status(rng, open_campaign)
        submitted_at = timezone.make_aware(dt.datetime.combine(assessment_date, dt.time(10, rng.randint(0, 59))))
        rows.append((member_state, supplier, answers, status, assessment_date, submitted_at))

    with transaction.atomic():
        assessments = []
        for member_state, supplier, answers, status, _date, submitted_at in rows:
            answered, total = progress(definition, answers)
            submitted = status != Assessment.Status.DRAFT
            decided = status in (Assessment.Status.APPROVED, Assessment.Status.RETURNED)
            assessments.append(
                Assessment(
                    campaign=campaign,
                    member_state=member_state,
                    supplier=supplier,
                    status=status,
                    version=3 if submitted else 2,
                    current_revision=1 if submitted else 0,
                    answered_required=answered,
                    total_required=total,
                    created_by=users[member_state.pk][0],
                    submitted_by=users[member_state.pk][0] if submitted else None,
                    submitted_at=submitted_at if submitted else None,
                    decided_by=users[member_state.pk][1] if decided else None,
                    decided_at=submitted_at + dt.timedelta(days=3) if decided else None,
                    decision_comment="Please complete section B." if status == Assessment.Status.RETURNED else "",
                )
            )
        Assessment.objects.bulk_create(assessments)
        answers_rows = []
        revisions = []
        for assessment, (_ms, _s, answers, status, assessment_date, submitted_at) in zip(
            assessments, rows, strict=True
        ):
            author = assessment.created_by_id
            answers_rows += [
                (assessment.pk, key, _json(value), "", author, stamp)
                for key, value in answers.items()
                if value is not None
            ]
            if status != Assessment.Status.DRAFT:
                revisions.append(
                    (
                        assessment.pk,
                        1,
                        campaign.template_version_id,
                        _json(visible_answers(questions, answers)),
                        "{}",
                        "[]",
                        # The facts the scoring rules read, frozen with the revision.
                        _json({"supplier_named_in_2023_communication": bool(_s.named_in_2023_communication)}),
                        ops.adapt_datefield_value(assessment_date),
                        assessment.submitted_by_id,
                        ops.adapt_datetimefield_value(submitted_at),
                    )
                )
        _insert(
            Answer, ["assessment_id", "question_key", "value", "comment", "updated_by_id", "updated_at"], answers_rows
        )
        _insert(
            Revision,
            [
                "assessment_id",
                "number",
                "template_version_id",
                "answers",
                "comments",
                "evidence",
                "facts",
                "assessment_date",
                "submitted_by_id",
                "submitted_at",
            ],
            revisions,
        )
        if designate:
            result.designations_created += _designations(rows, now)
    result.assessments_created += len(assessments)
    result.answers_created += len(answers_rows)
    result.revisions_created += len(revisions)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Plain multi-row INSERTs: the ORM's per-object work is most of the cost at this volume.
    Values must already be in database form (JSON text, adapted dates)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, min(500, 900 // len(columns)))  # below SQLite's 999 parameters
    with connection.cursor() as cursor:
        for i in range(0, len(rows), per_statement):
            batch = rows[i : i + per_statement]
            sql = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * len(batch))  # noqa: S608
            cursor.execute(sql, [v for row in batch for v in row])


def _designations(rows, now) -> int:
    """The register follows the latest campaign: D1 "yes" is a designation (a third of them
    confidential), "under_assessment" an assessment in progress."""
    existing = set(
        Designation.objects.filter(supplier__in={r[1].pk for r in rows}).values_list("member_state_id", "supplier_id")
    )
    new = []
    for member_state, supplier, answers, _status, assessment_date, _at in rows:
        status = _designation_status(answers.get("D1"))
        if status is None or (member_state.pk, supplier.pk) in existing:
            continue
        high_risk = status == DesignationStatus.HIGH_RISK
        new.append(
            Designation(
                member_state=member_state,
                supplier=supplier,
                status=status,
                legal_instrument=f"Decision {member_state.eu_code}-{assessment_date.year}-{supplier.pk:04d}"
                if high_risk
                else "",
                decided_on=assessment_date if high_risk else None,
                confidential=high_risk and (member_state.pk + supplier.pk) % 3 == 0,
                notes="Generated for the benchmark data set.",
            )
        )
    Designation.objects.bulk_create(new, ignore_conflicts=True)
    from riskassess.register.services import records_from_designations

    records_from_designations(
        Designation.objects.filter(supplier__in={r[1].pk for r in rows}), reason="Generated for the benchmark data set."
    )
    return len(new)


def eu_dataset_generate(
    *,
    suppliers: int = 200,
    campaigns: int = 4,
    prefix: str = "bench",
    campaign_prefix: str | None = None,
    seed: int = 2026,
    log: Callable[[str], None] | None = None,
) -> DatasetResult:
    """Make sure each of `campaigns` campaigns ("<Prefix> campaign <year>", the last one open;
    `campaign_prefix` names them apart from the suppliers and users when given)
    holds an assessment of every member state x `suppliers` suppliers (the real ones first, then
    "<Prefix> supplier 001", ...), with answers, a frozen revision and a score (except the drafts
    of the open campaign), and designations in the register. Returns what was created."""
    from riskassess.scoring.services import campaign_rescore
    from riskassess.suppliers.services import reference_data_load

    log = log or logger.info
    started = time.perf_counter()
    result = DatasetResult()
    if not MemberState.objects.exists():
        reference_data_load()
    template_version = default_template_version()
    definition = template_version.definition
    questions = list(iter_questions(definition))
    member_states = list(MemberState.objects.order_by("protocol_order", "name"))
    supplier_list = _suppliers(suppliers, prefix)
    result.member_states, result.suppliers = len(member_states), len(supplier_list)
    users = {
        ms.pk: (
            dataset_user(member_state=ms, role=Role.REGULATOR, prefix=prefix),
            dataset_user(member_state=ms, role=Role.APPROVER, prefix=prefix),
        )
        for ms in member_states
    }
    result.campaigns = _campaigns(campaigns, campaign_prefix or prefix, template_version)
    for campaign in result.campaigns:
        done = set(Assessment.objects.filter(campaign=campaign).values_list("member_state_id", "supplier_id"))
        todo = [(ms, s) for ms in member_states for s in supplier_list if (ms.pk, s.pk) not in done]
        if todo:
            log(f"{campaign}: creating {len(todo)} {'assessment' if len(todo) == 1 else 'assessments'}")
        for i in range(0, len(todo), CHUNK):
            _generate_chunk(
                campaign=campaign,
                definition=campaign.template_version.definition,
                questions=questions,
                pairs=todo[i : i + CHUNK],
                users=users,
                designate=campaign is result.campaigns[-1],
                seed=seed,
                result=result,
            )
        unscored = Revision.objects.filter(assessment__campaign=campaign).exclude(
            pk__in=Score.objects.filter(assessment__campaign=campaign).values("revision_id")
        )
        if unscored.exists():
            t = time.perf_counter()
            result.scored += campaign_rescore(campaign=campaign)
            log(f"{campaign}: scored in {time.perf_counter() - t:.1f} s")
    if result.assessments_created or result.scored:
        # A bulk load leaves the planner's statistics behind (PostgreSQL's autovacuum catches up
        # only later): without them it picks nested loops that make EU aggregates 15x slower.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result.seconds = time.perf_counter() - started
    return result
