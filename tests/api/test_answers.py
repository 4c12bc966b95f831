"""Answers in bulk: read, PATCH (merge) and PUT (replace), validated as in the form, with the
version check."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from riskassess.questionnaires.models import Answer, Assessment
from tests.api.conftest import url
from tests.factories import SupplierFactory


def answers_url(assessment):
    return url(f"assessments/{assessment.pk}/answers/")


def test_it_reads_the_draft_answers(login, fr_regulator, filled):
    body = login(fr_regulator).get(answers_url(filled)).json()
    assert body["version"] == filled.version
    assert body["answers"]["A4"] == "yes" and body["answers"]["B6"] == 12
    assert body["answered_required"] == body["total_required"]


def test_it_keeps_draft_answers_from_a_coordinator(login, eu_coordinator, submitted):
    response = login(eu_coordinator).get(answers_url(submitted))
    assert response.status_code == 403


def test_it_saves_answers_and_comments(login, fr_regulator, fr_assessment):
    response = login(fr_regulator).patch(
        answers_url(fr_assessment),
        {"version": 1, "answers": {"A4": "no", "B6": "30"}, "comments": {"A4": "From the annual report"}},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2
    assert body["answers"] == {"A4": "no", "B6": 30}
    assert body["comments"] == {"A4": "From the annual report"}
    assert Answer.objects.get(assessment=fr_assessment, question_key="A4").updated_by == fr_regulator


def test_it_refuses_invalid_answers_naming_each_question(login, fr_regulator, fr_assessment):
    response = login(fr_regulator).patch(
        answers_url(fr_assessment),
        {"version": 1, "answers": {"A4": "maybe", "B6": -3, "Z9": "x"}},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"A4", "B6", "Z9"}
    assert "need correcting" in body["detail"]
    assert not Answer.objects.exists()
    fr_assessment.refresh_from_db()
    assert fr_assessment.version == 1


def test_it_refuses_a_malformed_body(login, fr_regulator, fr_assessment):
    response = login(fr_regulator).patch(answers_url(fr_assessment), {"answers": ["A4"]}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"version", "answers"}


def test_it_refuses_a_stale_save(login, fr_regulator, fr_approver, fr_assessment):
    login(fr_approver).patch(answers_url(fr_assessment), {"version": 1, "answers": {"A4": "no"}}, format="json")
    response = login(fr_regulator).patch(
        answers_url(fr_assessment), {"version": 1, "answers": {"A4": "yes"}}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    detail = response.json()["detail"]
    assert "Someone else saved" in detail and "on the page" not in detail
    assert f"current version ({response.json()['current_version']})" in detail
    assert Answer.objects.get(assessment=fr_assessment, question_key="A4").value == "no"


def test_it_replaces_all_answers_with_put(login, fr_regulator, filled):
    response = login(fr_regulator).put(
        answers_url(filled), {"version": filled.version, "answers": {"A4": "yes", "A4a": "Agency"}}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["answers"] == {"A4": "yes", "A4a": "Agency"}
    assert set(Answer.objects.filter(assessment=filled).values_list("question_key", flat=True)) == {"A4", "A4a"}


def test_it_refuses_to_save_a_submitted_assessment(login, fr_regulator, submitted):
    response = login(fr_regulator).patch(
        answers_url(submitted), {"version": submitted.version, "answers": {"A4": "no"}}, format="json"
    )
    assert response.status_code == 403
    assert Assessment.objects.get(pk=submitted.pk).version == submitted.version


def _save_queries(client, assessment, version, value) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.patch(answers_url(assessment), {"version": version, "answers": {"B6": value}}, format="json")
    assert response.status_code == 200, response.content
    return [q["sql"] for q in ctx.captured_queries]


def test_a_save_reads_the_answers_once_whatever_their_number(login, fr_regulator, fr_assessment, filled):
    """One answer changed: the same queries for an assessment with no other answer as for one
    with all of them; the assessment read once (the access check), the answers twice (before the
    change, and for the response)."""
    client = login(fr_regulator)
    other = Assessment.objects.create(
        campaign=fr_assessment.campaign,
        member_state=fr_assessment.member_state,
        supplier=SupplierFactory(name="Other vendor"),
    )
    few = _save_queries(client, other, other.version, 10)
    many = _save_queries(client, filled, filled.version, 11)
    assert len(few) == len(many)
    reads = [q for q in many if q.startswith("SELECT")]
    assert len(reads) <= 4, reads
    assert sum('FROM "questionnaires_answer"' in q for q in reads) == 2  # before the change, for the output
    assert not any('FROM "questionnaires_assessment"' in q for q in reads[1:]), "the assessment is read again"
