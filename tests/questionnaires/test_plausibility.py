"""Plausibility checks declared in the template (`checks:`), refused with a plain message next to
the question, in the pages, the autosave and the API alike."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from riskassess.questionnaires import validation
from riskassess.questionnaires.definition import iter_questions
from riskassess.questionnaires.models import Answer
from riskassess.questionnaires.template_format import plausibility
from tests.factories import CampaignFactory


@pytest.fixture
def shipped(default_template_version):
    return {q["key"]: q for q in iter_questions(default_template_version.definition)}


def refused(question, value) -> str:
    with pytest.raises(validation.AnswerError) as excinfo:
        validation.validate_answer(question, value)
    return excinfo.value.message


def test_a_test_date_in_the_future_is_refused(shipped):
    future = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    assert "in the future" in refused(shipped["C4"], future)
    assert validation.validate_answer(shipped["C4"], "2025-03-01") == "2025-03-01"


def test_a_certificate_expiring_before_its_issue_is_refused(shipped):
    item = {
        "product": "Core 5",
        "asset_class": "core_nf",
        "scheme": "eucc",
        "issue_date": "2025-06-01",
        "expiry_date": "2024-06-01",
        "status": "valid",
        "covers_deployed": "yes",
    }
    message = refused(shipped["B1"], [item])
    assert message.startswith("Certificate 1: Expiry date must be after the issue date")
    item["expiry_date"] = "2029-06-01"
    assert validation.validate_answer(shipped["B1"], [item])[0]["expiry_date"] == "2029-06-01"


def test_none_of_these_cannot_be_ticked_with_a_measure(shipped):
    assert "“None of these” cannot be ticked together" in refused(shipped["C8"], ["sbom", "none"])
    assert validation.validate_answer(shipped["C8"], ["none"]) == ["none"]


def test_owners_shares_add_up_to_at_most_100(shipped):
    owners = [{"owner": "Fund A", "share": "60"}, {"owner": "Fund B", "share": "52"}]
    assert "add up to 112; together they can be at most 100" in refused(shipped["A3"], owners)
    owners[1]["share"] = "40"
    assert len(validation.validate_answer(shipped["A3"], owners)) == 2


def test_a_range_check_bounds_a_number():
    question = {"key": "E1", "type": "number", "checks": [{"range": {"min": 1, "max": 20}}]}
    assert "from 1 to 20" in refused(question, "25")
    assert validation.validate_answer(question, "20") == 20


def test_the_template_checker_refuses_wrong_declarations():
    assert plausibility.problems(["not_future"], {"type": "text"}) == [
        "not_future applies to a date and takes no value"
    ]
    assert plausibility.problems([{"exclusive": "nobody"}], {"type": "multi", "choices": [{"value": "none"}]})
    assert plausibility.problems(["soon"], {"type": "date"})[0].startswith("unknown check")
    assert plausibility.problems([{"after": "issue_date"}], {"type": "date"}, field_keys={"issue_date": "date"}) == []


def test_the_page_and_the_api_give_the_same_message(client, fr_regulator, france, supplier, default_template_version):
    from riskassess.questionnaires import services

    campaign = CampaignFactory(name="2026 annual", template_version=default_template_version)
    assessment = services.assessment_create(
        campaign=campaign, member_state=france, supplier=supplier, user=fr_regulator
    )
    future = (timezone.localdate() + dt.timedelta(days=400)).isoformat()

    client.force_login(fr_regulator)
    page = client.post(
        reverse("questionnaires:section", args=[assessment.pk, "C"]), {"version": assessment.version, "q-C4": future}
    )
    assert page.status_code == 200 and "This date is in the future" in page.content.decode()

    api = APIClient()
    api.force_authenticate(fr_regulator)
    response = api.patch(
        f"/api/v1/assessments/{assessment.pk}/answers/",
        {"version": assessment.version, "answers": {"C4": future}},
        format="json",
    )
    assert response.status_code == 400
    assert "This date is in the future" in response.json()["errors"]["C4"][0]
    assert not Answer.objects.filter(assessment=assessment, question_key="C4").exists()
