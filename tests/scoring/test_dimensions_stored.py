"""A score of the dimensions model is stored reproducibly (every dimension, the level from the
evidence, the legal status, what is to be clarified, the frozen facts, the rule-set and engine
versions) and shown on the score panel beside the approval record; the legal status of a
confidential designation is not attributed outside its member state."""

import pytest
from django.urls import reverse

from riskassess.scoring.engine import ENGINE_VERSION
from riskassess.scoring.services import campaign_rescore, scoring_request, scoring_run_execute
from riskassess.suppliers.models import Supplier
from tests.factories import AssessmentFactory, CampaignFactory
from tests.scoring import cases

BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def new_assessment(dimensions_template_version, france, supplier):
    campaign = CampaignFactory(name="2027 annual", template_version=dimensions_template_version)
    return AssessmentFactory(campaign=campaign, member_state=france, supplier=supplier)


def scored(assessment, make_revision, django_capture_on_commit_callbacks, answers, **revision):
    made = make_revision(assessment, answers)
    if revision:
        type(made).objects.filter(pk=made.pk).update(**revision)
        made.refresh_from_db()
    with django_capture_on_commit_callbacks():
        run = scoring_request(revision=made)
    return scoring_run_execute(run_id=run.pk, task_id="t")


def test_it_stores_every_part_of_the_score(new_assessment, make_revision, django_capture_on_commit_callbacks):
    answers = cases.third_country_perfect_certificates("2027.1") | {"A4": "yes", "D1": "restricted", "D1c": "no"}

    score = scored(new_assessment, make_revision, django_capture_on_commit_callbacks, answers)

    assert score.model == "dimensions"
    assert score.engine_version == ENGINE_VERSION
    assert score.rules_hash == new_assessment.campaign.template_version.rules_hash
    assert set(score.dimensions) == {"risk_profile", "assurance_gap", "exposure"}
    assert score.dimensions["risk_profile"]["level"] == "significant"
    assert score.band == score.evidence_level == "significant"
    assert score.legal_status["key"] == "restricted"
    assert [t["id"] for t in score.triggers] == ["T2"]
    assert score.triggers[0]["basis"]
    assert score.overall_rule["id"] == "OR1"
    assert score.supplied_asset_classes == ["core_nf", "nfv_mano_sdn", "ran_general"]
    assert {c["dimension"] for c in score.contributions} == {"risk_profile", "assurance_gap", "exposure"}
    assert score.facts == {"supplier_named_in_2023_communication": False}


def test_the_frozen_facts_are_used_not_the_live_ones(new_assessment, make_revision, django_capture_on_commit_callbacks):
    Supplier.objects.filter(pk=new_assessment.supplier_id).update(named_in_2023_communication=True)

    score = scored(
        new_assessment,
        make_revision,
        django_capture_on_commit_callbacks,
        cases.eu_weak_practices("2027.1"),
        facts={"supplier_named_in_2023_communication": False},
    )

    assert score.facts == {"supplier_named_in_2023_communication": False}
    assert "FL2" not in [f.get("id") for f in score.flags or [] if f.get("kind") != "warning"]


def test_a_rescore_keeps_the_same_result(new_assessment, make_revision, django_capture_on_commit_callbacks):
    score = scored(new_assessment, make_revision, django_capture_on_commit_callbacks, cases.eu_with_unknowns("2027.1"))

    assert campaign_rescore(campaign=new_assessment.campaign) == 1

    again = type(score).objects.get(pk=score.pk)
    for field in ("overall", "band", "dimensions", "evidence_level", "legal_status", "to_clarify", "triggers", "facts"):
        assert getattr(again, field) == getattr(score, field), field


def test_the_panel_shows_dimensions_legal_status_clarifications_and_approval(
    client, fr_regulator, new_assessment, make_revision, django_capture_on_commit_callbacks
):
    answers = cases.eu_with_unknowns("2027.1") | {
        "D1": "designated",
        "D1a": "Decree 1",
        "D1b": "2025-05-01",
        "D1c": "no",
        "D1d": ["g5"],
    }
    scored(new_assessment, make_revision, django_capture_on_commit_callbacks, answers)
    client.force_login(fr_regulator, backend=BACKEND)

    html = client.get(reverse("scoring:score_panel", args=[new_assessment.pk])).content.decode()

    assert "Risk profile" in html and "Technical assurance gap" in html and "Exposure of the member state" in html
    assert '<span class="band band-significant">Significant concern</span>' in html
    assert "Designated high-risk" in html  # the legal status, beside the level
    assert "Legal status: a legal fact" in html
    assert "To be clarified" in html and "answered unknown" in html
    assert "T5" in html and "Toolbox TM09 and TM02" in html  # the trigger with its basis
    assert "approved by" in html and "Validated with the NIS Cooperation Group" in html
    assert "Overall rule OR1" in html
    assert "Rule set and its approval" in html
    # the rationale and source of each rule that contributed: the trigger and the questions' rules
    assert "(source: Toolbox TM02, TM09)" in html
    assert "(source: Risk assessment of 9 Oct 2019, §2.37; Toolbox SM03)" in html
    assert "Effect: Technical assurance gap at least Significant concern." in html
    assert "High" not in html.replace("Designated high-risk", "")


def test_a_confidential_legal_status_is_not_attributed_outside_its_member_state(
    client, fr_regulator, eu_coordinator, new_assessment, make_revision, django_capture_on_commit_callbacks
):
    answers = cases.eu_weak_practices("2027.1") | {
        "D1": "designated",
        "D1a": "Decree 1",
        "D1b": "2025-05-01",
        "D1c": "yes",
        "D1d": ["g5"],
        "D5": [{"id": "d1", "decision": "prohibition", "date": "2025-01-01", "asset_class": "core_nf"}],
    }
    scored(new_assessment, make_revision, django_capture_on_commit_callbacks, answers)
    url = reverse("scoring:score_panel", args=[new_assessment.pk])

    client.force_login(fr_regulator, backend=BACKEND)
    own = client.get(url).content.decode()
    client.force_login(eu_coordinator, backend=BACKEND)
    outside = client.get(url).content.decode()

    assert "Designated high-risk" in own
    assert "<strong>T4</strong>" in own  # the prohibition decided by the member state
    assert "Designated high-risk" not in outside
    assert "<strong>T4</strong>" not in outside and "Prohibition of a component" not in outside
    assert "No public designation or restriction" in outside
    assert '<span class="band band-significant">Significant concern</span>' in outside  # the level is the same
