"""generate_eu_dataset: 27 member states x N suppliers x C campaigns, answered, frozen, scored;
running it again changes nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from riskassess.accounts.models import MemberState
from riskassess.questionnaires.models import Answer, Assessment, Campaign, Revision
from riskassess.scoring.models import Score, ScoringRun, SectionScore
from riskassess.suppliers.models import Designation, Supplier

pytestmark = pytest.mark.django_db


def _generate(suppliers=3, campaigns=2):
    out = StringIO()
    call_command("generate_eu_dataset", "--suppliers", str(suppliers), "--campaigns", str(campaigns), stdout=out)
    return out.getvalue()


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Assessment, Answer, Revision, Score, SectionScore, ScoringRun, Designation, Supplier, Campaign)
    }


def test_it_generates_every_state_and_supplier_in_every_campaign():
    _generate(suppliers=3, campaigns=2)

    states = MemberState.objects.count()
    assert states == 27
    campaigns = list(Campaign.objects.filter(name__startswith="Bench campaign").order_by("opens_on"))
    assert [c.status for c in campaigns] == [Campaign.Status.CLOSED, Campaign.Status.OPEN]
    for campaign in campaigns:
        assessments = Assessment.objects.filter(campaign=campaign)
        assert assessments.count() == 27 * 3
        assert assessments.values("member_state").distinct().count() == 27
    # Every assessment has answers; every submitted one a frozen revision with exactly one current score.
    assert not Assessment.objects.filter(answers__isnull=True).exists()
    submitted = Assessment.objects.exclude(status=Assessment.Status.DRAFT)
    assert Revision.objects.count() == submitted.count() > 0
    assert Score.objects.filter(is_current=True).count() == submitted.count()
    assert not Revision.objects.filter(scores__isnull=True).exists()
    assert not ScoringRun.objects.exclude(status=ScoringRun.Status.DONE).exists()
    assert Answer.objects.count() >= 30 * Assessment.objects.count()
    # Values are stored as JSON values (not JSON text): the frozen answers are the visible answers.
    revision = Revision.objects.order_by("pk").first()
    answers = dict(Answer.objects.filter(assessment=revision.assessment).values_list("question_key", "value"))
    assert isinstance(revision.answers, dict) and revision.answers
    assert all(answers[key] == value for key, value in revision.answers.items())
    assert any(isinstance(value, list) for value in revision.answers.values())
    # The register follows the open campaign's section D, some of it confidential.
    designated = Designation.objects.filter(status="high_risk", notes__startswith="Generated")
    assert designated.exists()
    assert designated.filter(confidential=True).exists() and designated.filter(confidential=False).exists()
    closed = Assessment.objects.filter(campaign=campaigns[0])
    assert set(closed.values_list("status", flat=True)) == {Assessment.Status.APPROVED}


def test_it_adds_synthetic_suppliers_beyond_the_real_ones():
    _generate(suppliers=1, campaigns=1)
    real = Supplier.objects.exclude(name__startswith="Bench supplier").count()

    _generate(suppliers=real + 2, campaigns=1)

    assert set(Supplier.objects.filter(name__startswith="Bench supplier").values_list("name", flat=True)) == {
        "Bench supplier 001",
        "Bench supplier 002",
    }
    assert Assessment.objects.count() == 27 * (real + 2)


def test_it_changes_nothing_when_run_again():
    _generate(suppliers=3, campaigns=2)
    before = _counts()
    scores = sorted(Score.objects.values_list("pk", "overall", "band"))

    out = _generate(suppliers=3, campaigns=2)

    assert _counts() == before
    assert sorted(Score.objects.values_list("pk", "overall", "band")) == scores
    assert "created 0 assessments" in out


def test_it_refuses_sizes_below_one():
    with pytest.raises(CommandError):
        _generate(suppliers=0, campaigns=1)
    assert not Assessment.objects.exists()
