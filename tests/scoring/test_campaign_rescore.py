"""Re-scoring a campaign: every latest revision, in bulk, one current score per assessment."""

import copy
import datetime as dt
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from riskassess.accounts.models import MemberState
from riskassess.questionnaires.definition import iter_questions
from riskassess.questionnaires.models import Assessment, Revision
from riskassess.questionnaires.template_format.rules import rules_hash
from riskassess.scoring.models import Score, ScoringRun, SectionScore
from riskassess.scoring.services import campaign_rescore, scoring_request, scoring_run_execute
from riskassess.suppliers.models import Supplier
from tests.factories import (
    SMALL_DEFINITION,
    AssessmentFactory,
    CampaignFactory,
    SupplierFactory,
    TemplateVersionFactory,
)
from tests.scoring.builders import ASSESSMENT_DATE, certificate, report_item, shipped_definition


@pytest.fixture
def submitted(campaign, france, germany, make_revision):
    """Three assessments of one campaign: FR with two revisions, DE with one, and a draft."""
    fr = AssessmentFactory(campaign=campaign, member_state=france, supplier=SupplierFactory(name="Alpha"))
    de = AssessmentFactory(campaign=campaign, member_state=germany, supplier=SupplierFactory(name="Beta"))
    AssessmentFactory(campaign=campaign, member_state=france, supplier=SupplierFactory(name="Gamma"))  # draft
    make_revision(fr)
    make_revision(fr, {"A4": "no", "A6": "yes", "B1": [certificate()], "B6": 5, "D1": "no"})
    make_revision(de)
    return fr, de


def current_scores(campaign):
    return {s.assessment_id: s for s in Score.objects.filter(assessment__campaign=campaign, is_current=True)}


def test_it_writes_one_current_score_per_submitted_assessment(campaign, submitted):
    fr, de = submitted

    count = campaign_rescore(campaign=campaign)

    assert count == 2
    current = current_scores(campaign)
    assert set(current) == {fr.pk, de.pk}
    assert current[fr.pk].revision.number == 2
    assert current[fr.pk].overall == 0
    assert round(current[de.pk].overall, 1) == 58.3
    assert SectionScore.objects.filter(score__in=current.values()).count() == 6
    assert ScoringRun.objects.filter(status=ScoringRun.Status.DONE).count() == 2


def test_it_is_idempotent(campaign, submitted):
    campaign_rescore(campaign=campaign)
    first = {s.pk: s.overall for s in Score.objects.all()}

    campaign_rescore(campaign=campaign)

    assert {s.pk: s.overall for s in Score.objects.all()} == first
    assert SectionScore.objects.count() == 6
    assert Score.objects.filter(is_current=True).count() == 2


def test_it_replaces_the_current_score_of_a_worker(campaign, submitted, django_capture_on_commit_callbacks):
    fr, _ = submitted
    with django_capture_on_commit_callbacks():
        run = scoring_request(revision=Revision.objects.get(assessment=fr, number=2))
    by_worker = scoring_run_execute(run_id=run.pk, task_id="task-1")

    campaign_rescore(campaign=campaign)

    by_worker.refresh_from_db()
    assert by_worker.is_current  # same revision and rules: the same row, updated in place
    assert Score.objects.filter(assessment=fr).count() == 1


def test_it_applies_new_rules(campaign, submitted):
    campaign_rescore(campaign=campaign)
    new_rules = copy.deepcopy(campaign.template_version.definition)
    new_rules["sections"][0]["weight"] = 90  # section A weighs more

    count = campaign_rescore(campaign=campaign, rules_definition=new_rules)

    assert count == 2
    current = current_scores(campaign)
    assert {s.rules_hash for s in current.values()} == {rules_hash(new_rules)}
    assert Score.objects.filter(is_current=False).count() == 2  # the scores under the old rules stay, not current
    _, de = submitted
    assert current[de.pk].overall == pytest.approx((90 * 620 / 7 + 40 * 90 / 7) / 130)


def test_it_has_a_management_command(campaign, submitted, capsys):
    call_command("rescore_campaign", campaign.slug)

    assert "Re-scored 2 assessments" in capsys.readouterr().out
    assert len(current_scores(campaign)) == 2


def test_it_applies_the_rules_of_a_template_file(campaign, submitted, tmp_path, capsys):
    from riskassess.questionnaires.template_format.dump import dump_definition

    new_rules = copy.deepcopy(campaign.template_version.definition)
    new_rules["sections"][0]["weight"] = 90
    path = tmp_path / "small-2.yaml"
    path.write_text(dump_definition(new_rules), encoding="utf-8")

    call_command("rescore_campaign", campaign.slug, "--rules", str(path))

    assert {s.rules_hash for s in current_scores(campaign).values()} == {rules_hash(new_rules)}


def test_it_refuses_an_unknown_campaign_slug(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No campaign"):
        call_command("rescore_campaign", "no-such-campaign")


def _answers(definition, rnd):
    """Plausible answers to every question of the template, varied by `rnd`."""
    answers = {}
    for q in iter_questions(definition):
        kind = q["type"]
        choices = [c["value"] for c in q.get("choices") or []]
        if kind == "ynu":
            answers[q["key"]] = rnd.choice(["yes", "no", "no", "unknown"])
        elif kind == "yn":
            answers[q["key"]] = rnd.choice(["yes", "no"])
        elif kind == "choice":
            answers[q["key"]] = rnd.choice(choices)
        elif kind == "multi":
            answers[q["key"]] = rnd.sample(choices, rnd.randint(0, len(choices)))
        elif kind in ("number", "percent"):
            answers[q["key"]] = rnd.randint(0, 100)
        elif kind == "date":
            answers[q["key"]] = (ASSESSMENT_DATE - dt.timedelta(days=rnd.randint(0, 2000))).isoformat()
        elif kind == "repeat" and q.get("item_kind") == "certificate":
            answers[q["key"]] = [certificate(id=f"c{i}", status=rnd.choice(["valid", "expired"])) for i in range(2)]
        elif kind == "repeat" and q.get("item_kind") == "test_report":
            answers[q["key"]] = [report_item(id=f"t{i}", test_date="2024-03-01") for i in range(2)]
        elif kind == "countries":
            answers[q["key"]] = rnd.sample(["CN", "US", "FR", "DE"], rnd.randint(0, 2))
        elif kind in ("text", "url", "country"):
            answers[q["key"]] = {"url": "https://example.eu/x", "country": "FI"}.get(kind, "Some text")
    return answers


def test_it_rescores_5400_assessments_in_batches(db):
    """EU scale in one call, with a number of queries that does not grow per assessment (the time is
    measured by `make bench`, not asserted here)."""
    definition = shipped_definition() or SMALL_DEFINITION
    template_version = TemplateVersionFactory(definition=definition, rules_hash=rules_hash(definition))
    campaign = CampaignFactory(name="Load", template_version=template_version)
    states = MemberState.objects.bulk_create(
        [MemberState(iso_code=f"{chr(65 + i)}Z", eu_code=f"{chr(65 + i)}Z", name=f"State {i}") for i in range(27)]
    )
    suppliers = Supplier.objects.bulk_create(
        [Supplier(name=f"Load supplier {i}", slug=f"load-supplier-{i}", hq_country="SE") for i in range(200)]
    )
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(campaign=campaign, member_state=state, supplier=supplier, status="submitted", current_revision=1)
            for state in states
            for supplier in suppliers
        ]
    )
    rnd = random.Random(5400)  # noqa: S311 - test data
    samples = [_answers(definition, rnd) for _ in range(50)]
    now = timezone.now()
    Revision.objects.bulk_create(
        [
            Revision(
                assessment=a,
                number=1,
                template_version=template_version,
                answers=samples[i % 50],
                evidence=[{"question_key": "A4", "item_id": ""}],
                assessment_date=ASSESSMENT_DATE,
                submitted_at=now,
            )
            for i, a in enumerate(assessments)
        ],
        batch_size=500,
    )

    with CaptureQueriesContext(connection) as queries:
        count = campaign_rescore(campaign=campaign)

    assert count == 5400
    assert Score.objects.filter(assessment__campaign=campaign, is_current=True).count() == 5400
    assert len(queries) <= 5400 // 20, f"{len(queries)} queries for 5,400 assessments"
