"""Answers in bulk: read, PATCH (merge) and PUT (replace), validated as in the form, with the
version check."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

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


def _client(user) -> APIClient:
    """A client of its own (the `login` fixture re-authenticates one shared client)."""
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def _read(client, assessment) -> dict:
    body = client.get(answers_url(assessment)).json()
    return {"version": body["version"], "base": {"answers": body["answers"], "comments": body["comments"]}}


def test_with_a_base_only_the_answers_both_sides_changed_conflict(fr_regulator, fr_approver, filled):
    """Two clients read the same version; the approver changes B6; the regulator, on the old version,
    changes A4 and B6. Only B6 conflicts, and the 409 names it; nothing of the regulator's is written."""
    regulator, approver = _client(fr_regulator), _client(fr_approver)
    read = _read(regulator, filled)
    first = approver.patch(answers_url(filled), {**_read(approver, filled), "answers": {"B6": 40}}, format="json")
    assert first.status_code == 200, first.content
    response = regulator.patch(answers_url(filled), {**read, "answers": {"A4": "no", "B6": 50}}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["conflicts"] == ["B6"] and body["same_user"] is False
    assert "B6" in body["detail"] and body["current_version"] == first.json()["version"]
    answers = dict(Answer.objects.filter(assessment=filled).values_list("question_key", "value"))
    assert answers["B6"] == 40 and answers["A4"] == "yes"


def test_with_a_base_an_unrelated_answer_saved_in_between_never_reverts(fr_regulator, fr_approver, filled):
    """The regulator sends its whole page (every answer it read, B6 unchanged) on the old version:
    its A4 is written on the current version, the approver's B6 stays."""
    regulator, approver = _client(fr_regulator), _client(fr_approver)
    read = _read(regulator, filled)
    approver.patch(answers_url(filled), {**_read(approver, filled), "answers": {"B6": 40}}, format="json")
    page = {**read["base"]["answers"], "A4": "no"}
    response = regulator.patch(answers_url(filled), {**read, "answers": page}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["answers"]["A4"] == "no" and body["answers"]["B6"] == 40
    assert body["version"] == read["version"] + 2


def test_with_a_base_the_same_user_in_two_clients_is_told_so(fr_regulator, filled):
    client = _client(fr_regulator)
    read = _read(client, filled)
    client.patch(answers_url(filled), {**read, "answers": {"B6": 40}}, format="json")
    response = client.patch(answers_url(filled), {**read, "answers": {"B6": 41}}, format="json")
    assert response.status_code == 409
    assert response.json()["same_user"] is True and response.json()["conflicts"] == ["B6"]
    assert "You saved this assessment elsewhere" in response.json()["detail"]


def test_a_put_with_a_base_clears_only_what_the_client_read(fr_regulator, fr_approver, filled):
    """PUT clears the answers left out of it, but with a base only those the client read: a comment the
    approver added in between (unknown to the client) stays."""
    regulator, approver = _client(fr_regulator), _client(fr_approver)
    read = _read(regulator, filled)
    approver.patch(
        answers_url(filled), {**_read(approver, filled), "comments": {"B6": "Checked by the approver"}}, format="json"
    )
    keep = {k: v for k, v in read["base"]["answers"].items() if k != "A4a"}
    response = regulator.put(answers_url(filled), {**read, "answers": keep}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert read["base"]["answers"]["A4a"] and "A4a" not in body["answers"]
    assert body["comments"] == {"B6": "Checked by the approver"}
    assert body["answers"] == keep


def test_without_a_base_the_version_check_stays_whole(fr_regulator, fr_approver, filled):
    regulator, approver = _client(fr_regulator), _client(fr_approver)
    version = filled.version
    approver.patch(answers_url(filled), {"version": version, "answers": {"B6": 40}}, format="json")
    response = regulator.patch(answers_url(filled), {"version": version, "answers": {"A4": "no"}}, format="json")
    assert response.status_code == 409 and response.json()["conflicts"] == []
