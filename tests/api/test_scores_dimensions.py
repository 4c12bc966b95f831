"""A score of the dimensions model in the API: every stored part of it, typed, and as each viewer may
see it (a confidential legal status and the triggers resting on it never leave the member state)."""

import copy

import pytest
from django.utils import timezone

from riskassess.questionnaires.models import Assessment, Revision
from riskassess.scoring.engine import ENGINE_VERSION
from riskassess.scoring.services import scoring_request, scoring_run_execute
from tests.api.conftest import url
from tests.factories import AssessmentFactory, CampaignFactory
from tests.scoring import cases
from tests.scoring.builders import ASSESSMENT_DATE

DESIGNATED = {"D1": "designated", "D1a": "Decree 1", "D1b": "2025-05-01", "D1d": ["g5"]}
PROHIBITION = {"D5": [{"id": "d1", "decision": "prohibition", "date": "2025-01-01", "asset_class": "core_nf"}]}


@pytest.fixture
def new_assessment(dimensions_template_version, france, supplier):
    campaign = CampaignFactory(name="2027 annual", template_version=dimensions_template_version)
    return AssessmentFactory(campaign=campaign, member_state=france, supplier=supplier)


@pytest.fixture
def score_with(new_assessment, django_capture_on_commit_callbacks):
    """Submit `answers` as the next revision of new_assessment and score it with the real engine."""

    def make(answers):
        number = new_assessment.current_revision + 1
        revision = Revision.objects.create(
            assessment=new_assessment,
            number=number,
            template_version=new_assessment.campaign.template_version,
            answers=copy.deepcopy(answers),
            evidence=[],
            assessment_date=ASSESSMENT_DATE,
            submitted_at=timezone.now(),
        )
        Assessment.objects.filter(pk=new_assessment.pk).update(
            current_revision=number, status=Assessment.Status.SUBMITTED, submitted_at=timezone.now()
        )
        with django_capture_on_commit_callbacks():
            run = scoring_request(revision=revision)
        return scoring_run_execute(run_id=run.pk, task_id="t")

    return make


def score_body(client, assessment):
    response = client.get(url(f"assessments/{assessment.pk}/score/"))
    assert response.status_code == 200
    return response.json()["score"]


def test_it_returns_every_dimension_with_its_score_level_and_confidence(
    login, fr_regulator, new_assessment, score_with
):
    stored = score_with(cases.third_country_perfect_certificates("2027.1"))

    body = score_body(login(fr_regulator), new_assessment)

    assert body["model"] == "dimensions"
    dims = {d["key"]: d for d in body["dimensions"]}
    assert list(dims) == ["risk_profile", "assurance_gap", "exposure"]
    profile = dims["risk_profile"]
    assert profile["label"] == "Risk profile" and profile["role"] == "supplier"
    assert profile["score"] == pytest.approx(stored.dimensions["risk_profile"]["score"])
    assert profile["score_level"] == profile["level"] == "moderate" and profile["level_label"] == "Moderate concern"
    assert 0 < profile["confidence"] < 1  # A4 unknown
    assert dims["assurance_gap"]["level"] == "low" and dims["exposure"]["role"] == "context"
    assert body["band"] == "moderate" and body["band_label"] == "Moderate concern"
    assert body["evidence_level"] == "moderate"


def test_it_returns_the_triggers_with_their_basis_and_asset_classes(login, fr_regulator, new_assessment, score_with):
    score_with(cases.third_country_perfect_certificates("2027.1") | {"A4": "yes"})

    body = score_body(login(fr_regulator), new_assessment)

    [t2] = body["triggers"]
    assert t2["id"] == "T2" and t2["dimension"] == "risk_profile" and t2["min_band"] == "significant"
    assert "Toolbox SM03" in t2["basis"]
    assert t2["asset_classes"] == ["core_nf", "nfv_mano_sdn"]  # the key assets supplied, not the RAN
    assert body["supplied_asset_classes"] == ["core_nf", "nfv_mano_sdn", "ran_general"]
    assert {d["key"]: d["level"] for d in body["dimensions"]}["risk_profile"] == "significant"


def test_it_returns_the_legal_status_next_to_the_levels(login, fr_regulator, new_assessment, score_with):
    score_with(cases.third_country_perfect_certificates("2027.1") | DESIGNATED | {"D1c": "no"})

    body = score_body(login(fr_regulator), new_assessment)

    assert body["legal_status"] == {"key": "designated", "label": "Designated high-risk", "generations": ["g5"]}
    assert body["band"] == body["evidence_level"] == "moderate"  # the designation changes no level


def test_it_returns_what_is_to_be_clarified_and_the_contributions(login, fr_regulator, new_assessment, score_with):
    stored = score_with(cases.eu_with_unknowns("2027.1"))

    body = score_body(login(fr_regulator), new_assessment)

    unknown = {c["question"] for c in body["to_clarify"] if c["kind"] == "answer"}
    assert unknown == set(cases.UNKNOWN_QUESTIONS)
    a4 = next(c for c in body["to_clarify"] if c["question"] == "A4")
    assert a4["reason"] == "unknown" and a4["dimension"] == "risk_profile" and a4["text"]
    assert len(body["contributions"]) == len(stored.contributions)
    first = body["contributions"][0]
    assert set(first) == {
        "question",
        "section",
        "dimension",
        "answer",
        "points",
        "weight",
        "contribution",
        "rules",
        "rationale",
        "source",
    }
    assert isinstance(first["weight"], int) and first["rationale"] and first["source"]
    by_dim: dict[str, float] = {}
    for c in body["contributions"]:
        by_dim[c["dimension"]] = by_dim.get(c["dimension"], 0.0) + c["contribution"]
    for d in body["dimensions"]:  # the contributions add up to their dimension's score
        assert by_dim[d["key"]] == pytest.approx(d["score"])


def test_it_returns_the_versions_the_frozen_facts_the_rule_and_the_approval(
    login, fr_regulator, new_assessment, score_with, dimensions_template_version
):
    score_with(cases.eu_weak_practices("2027.1"))

    body = score_body(login(fr_regulator), new_assessment)

    assert body["rules_hash"] == dimensions_template_version.rules_hash
    assert body["rules_version"] == dimensions_template_version.rules_hash[:12]
    assert body["engine_version"] == ENGINE_VERSION
    assert body["facts"] == {"supplier_named_in_2023_communication": False}
    assert body["overall_rule"]["id"] == "OR1" and body["overall_rule"]["rationale"]
    assert body["overall_rule"]["source"].startswith("Toolbox SM03")
    approval = body["approval"]
    assert approval["by"] == dimensions_template_version.approved_by_name and approval["by"]
    assert approval["reason"] == "Validated with the NIS Cooperation Group work stream on 5G."
    assert approval["version"] == "2027.1" and approval["at"]


def test_the_revisions_carry_the_model_and_the_level_from_the_evidence(login, fr_regulator, new_assessment, score_with):
    score_with(cases.eu_weak_practices("2027.1"))
    client = login(fr_regulator)

    [listed] = client.get(url(f"assessments/{new_assessment.pk}/revisions/")).json()
    detail = client.get(url(f"assessments/{new_assessment.pk}/revisions/1/")).json()

    assert listed["score"]["model"] == "dimensions" and listed["score"]["evidence_level"] == listed["score"]["band"]
    assert detail["score"]["legal_status"]["key"] == "none"
    assert [d["key"] for d in detail["score"]["dimensions"]] == ["risk_profile", "assurance_gap", "exposure"]


def test_a_confidential_legal_status_and_its_triggers_stay_in_the_member_state(
    login, fr_regulator, eu_coordinator, new_assessment, score_with
):
    answers = cases.eu_weak_practices("2027.1") | DESIGNATED | PROHIBITION | {"D1c": "yes"}
    answers.pop("E0")  # T4 cannot be decided: it is to be clarified, for the member state only
    score_with(answers)

    own = score_body(login(fr_regulator), new_assessment)
    outside = score_body(login(eu_coordinator), new_assessment)

    assert own["legal_status"]["key"] == "designated"
    assert "T4" in [c.get("trigger") for c in own["to_clarify"]]
    assert outside["legal_status"] == {
        "key": "none",
        "label": "No public designation or restriction",
        "generations": [],
    }
    assert "T4" not in [c.get("trigger") for c in outside["to_clarify"]]
    assert "Prohibition" not in str(outside) and "Decree 1" not in str(outside)
    assert outside["band"] == outside["evidence_level"]


def test_a_confidential_prohibition_does_not_show_in_the_level_from_the_evidence_outside(
    login, fr_regulator, eu_coordinator, new_assessment, score_with
):
    score_with(cases.radio_only_perfect("2027.1") | DESIGNATED | PROHIBITION | {"D1c": "yes"})

    own = score_body(login(fr_regulator), new_assessment)
    outside = score_body(login(eu_coordinator), new_assessment)

    assert [t["id"] for t in own["triggers"]] == ["T4"]
    assert own["band"] == own["evidence_level"] == "significant"
    assert outside["triggers"] == []
    assert outside["band"] == outside["evidence_level"] == "low"  # nothing tells of the prohibition


def test_another_member_state_and_an_observer_get_404(login, de_regulator, observer, new_assessment, score_with):
    score_with(cases.eu_weak_practices("2027.1"))

    for user in (de_regulator, observer):
        client = login(user)
        assert client.get(url(f"assessments/{new_assessment.pk}/score/")).status_code == 404
        assert client.get(url(f"assessments/{new_assessment.pk}/revisions/")).status_code == 404
        assert client.get(url(f"assessments/{new_assessment.pk}/revisions/1/")).status_code == 404


def test_a_legacy_score_keeps_its_shape(login, fr_regulator, submitted):
    from tests.api.test_scores import make_score

    make_score(submitted)

    body = score_body(login(fr_regulator), submitted)

    assert body["model"] == "legacy" and body["dimensions"] == [] and body["legal_status"] is None
    assert body["overall_rule"] is None and body["to_clarify"] == []
    assert body["contributions"][0]["weight"] == 5 and body["contributions"][0]["dimension"] == ""


def test_the_heatmap_names_the_model_and_gives_the_overall_level_not_the_legal_status(
    login, eu_coordinator, new_assessment, score_with
):
    score_with(cases.radio_only_perfect("2027.1") | DESIGNATED | {"D1c": "no"})

    body = login(eu_coordinator).get(url(f"dashboard/campaigns/{new_assessment.campaign_id}/heatmap/")).json()

    assert body["model"] == "dimensions"
    [cell] = body["cells"]
    assert cell["assessment_id"] == new_assessment.pk
    assert cell["band"] == "low" and cell["band_label"] == "Low concern"  # designated, yet the level stays


def test_the_heatmap_of_a_legacy_campaign_says_legacy(login, eu_coordinator, submitted):
    body = login(eu_coordinator).get(url(f"dashboard/campaigns/{submitted.campaign_id}/heatmap/")).json()

    assert body["model"] == "legacy"
