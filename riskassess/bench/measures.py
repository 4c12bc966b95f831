"""Figures measured by `manage.py bench`: the targets, the scoring figures and the helpers the
other bench modules (api, dashboard, reports) share.
"""

import time
from pathlib import Path

from django.conf import settings

from tests.support.processes import CeleryWorker

# ---------------------------------------------------------------------------------------------
# Figures measured by `manage.py bench` (api.py, dashboard.py, networks.py and reports.py add theirs)
# ---------------------------------------------------------------------------------------------

# figure -> (comparison, target); "==" compares with another figure of the same run.
TARGETS: dict[str, tuple[str, float | str]] = {
    "scoring_engine_per_s": (">=", 5000),
    "campaign_rescore_s": ("<=", 10),
    "submit_to_score_p95_ms": ("<=", 1000),
    "pdf_assessment_s": ("<=", 1),
    "pdf_eu_s": ("<=", 8),
    "pdf_eu_peak_mib": ("<=", 400),
    "pdf_overhead_ratio": ("<=", 1.10),
    "dashboard_uncached_p95_ms": ("<=", 150),
    "dashboard_cached_p95_ms": ("<=", 20),
    "dashboard_queries": ("<=", 10),
    "dashboard_queries_4x": ("==", "dashboard_queries"),
    "api_read_rps": (">=", 500),
    "api_answer_save_rps": (">=", 100),
    "api_read_floor_ratio": (">=", 0.5),
    "api_list_floor_ratio": (">=", 0.5),
    "felt_submit_to_score_p95_ms": ("<=", 1000),
    "felt_pdf_ready_p95_ms": ("<=", 2000),
    "load_dashboard_p99_ms": ("<=", 300),
    "load_read_p99_ms": ("<=", 300),
    "load_errors": ("<=", 0),
    "load_submissions_not_scored_once": ("<=", 0),
    # networks (riskassess/bench/networks.py): the phase-out pages at 2.1 M inventory rows, the import
    "phaseout_uncached_p95_ms": ("<=", 150),
    "phaseout_queries": ("<=", 32),
    "phaseout_queries_4x": ("==", "phaseout_queries"),
    "inventory_import_rows_per_s": (">=", 20000),
}


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-95 * len(ordered) // 100))
    return ordered[rank - 1]


def check(figure: str, value, figures: dict) -> bool | None:
    """Whether `value` meets the target of `figure` (None when it has none)."""
    if figure not in TARGETS or not isinstance(value, int | float):
        return None
    op, wanted = TARGETS[figure]
    target = figures.get(wanted) if isinstance(wanted, str) else wanted
    if not isinstance(target, int | float):
        return None
    return {">=": value >= target, "<=": value <= target, "==": value == target}[op]


def target_text(figure: str) -> str:
    if figure not in TARGETS:
        return ""
    op, target = TARGETS[figure]
    return f"{op} {target}"


def measure_scoring_engine(campaign, *, min_seconds: float = 2.0, limit: int | None = None) -> dict:
    """The pure engine on one core: revisions of `campaign` scored in a loop, no database."""
    from riskassess.questionnaires.models import Revision
    from riskassess.scoring import engine

    definition = campaign.template_version.definition
    rules_hash = campaign.template_version.rules_hash
    rows = list(
        Revision.objects.filter(assessment__campaign=campaign)
        .order_by("pk")
        .values_list("answers", "evidence", "assessment_date", "assessment__supplier__named_in_2023_communication")[
            :limit
        ]
    )
    if not rows:
        return {}
    engine.plan_for(definition, rules_hash=rules_hash)
    count = 0
    started = time.perf_counter()
    while True:
        for answers, evidence, day, named in rows:
            engine.score(
                definition,
                answers,
                assessment_date=day,
                evidence_counts=engine.evidence_counts_from_snapshot(evidence or []),
                facts={"supplier_named_in_2023_communication": bool(named)},
                rules_hash=rules_hash,
            )
        count += len(rows)
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            break
    return {"scoring_engine_per_s": round(count / elapsed, 1)}


def measure_campaign_rescore(campaign) -> dict:
    from riskassess.scoring.services import campaign_rescore

    started = time.perf_counter()
    count = campaign_rescore(campaign=campaign)
    elapsed = time.perf_counter() - started
    return {"campaign_rescore_s": round(elapsed, 2), "campaign_rescore_assessments": count}


def measure_submit_to_score(*, submissions: int, logdir: Path, prefix: str = "bench") -> dict:
    """Submit through the web layer (the submit view, logged in as the member state's regulator)
    and wait until a real worker has stored the score; p95 over `submissions`, worker idle.
    Needs REDIS_URL (a private Redis) in this process's settings."""
    import datetime as dt
    import random

    from django.test import Client, override_settings
    from django.urls import reverse
    from django.utils.text import slugify

    from riskassess.accounts.models import MemberState, Role
    from riskassess.bench.dataset import _suppliers, dataset_user, default_template_version
    from riskassess.demo.answers import demo_answers, profile_for_supplier
    from riskassess.questionnaires.models import Assessment, Campaign
    from riskassess.questionnaires.services import answers_save, assessment_create
    from riskassess.scoring.models import Score

    if not settings.CELERY_BROKER_URL.startswith("redis"):
        raise RuntimeError("submit_to_score needs REDIS_URL (the bench command starts a private Redis)")
    template_version = default_template_version()
    name = f"{prefix[:1].upper()}{prefix[1:]} submit latency"
    today = dt.date.today()  # noqa: DTZ011 - a campaign window around today
    campaign, _ = Campaign.objects.get_or_create(
        name=name,
        defaults={
            "slug": slugify(name),
            "template_version": template_version,
            "opens_on": today - dt.timedelta(days=30),
            "deadline": today + dt.timedelta(days=60),
            "status": Campaign.Status.OPEN,
        },
    )
    Assessment.objects.filter(campaign=campaign).delete()  # last run's submissions
    member_state = MemberState.objects.order_by("protocol_order").first()
    user = dataset_user(member_state=member_state, role=Role.REGULATOR, prefix=prefix)
    rng = random.Random(7)  # noqa: S311
    drafts = []
    for supplier in _suppliers(submissions + 1, prefix):
        assessment = assessment_create(campaign=campaign, member_state=member_state, supplier=supplier, user=user)
        values = demo_answers(
            definition=template_version.definition,
            profile=profile_for_supplier(supplier),
            rng=rng,
            assessment_date=today,
        )
        drafts.append(
            answers_save(assessment=assessment, user=user, values=values, expected_version=assessment.version)
        )

    worker = CeleryWorker(env={}, logdir=logdir).start()
    # The test client's host, allowed whatever DJANGO_ALLOWED_HOSTS says; HTTPS for production settings.
    hosts = override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"])
    hosts.enable()
    try:
        client = Client()
        client.force_login(user)
        times = []
        for i, assessment in enumerate(drafts):
            started = time.perf_counter()
            response = client.post(
                reverse("questionnaires:submit", args=[assessment.pk]),
                {"version": assessment.version, "declaration": "1"},
                secure=True,
            )
            if response.status_code != 302:
                raise RuntimeError(f"submit answered {response.status_code}")
            deadline = started + 30
            while not Score.objects.filter(assessment=assessment).exists():
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"no score 30 s after submitting; worker log:\n{worker.log()[-2000:]}")
                time.sleep(0.005)
            if i:  # the first one warms the worker up
                times.append((time.perf_counter() - started) * 1000)
    finally:
        hosts.disable()
        worker.stop()
    return {"submit_to_score_p95_ms": round(p95(times), 1), "submit_to_score_median_ms": round(median(times), 1)}


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else float("nan")
