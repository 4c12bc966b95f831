"""Submit, approve and return through the API; the four-eyes rule."""

from riskassess.questionnaires.models import Revision
from tests.api.conftest import url
from tests.helpers import queued_tasks


def action(assessment, name):
    return url(f"assessments/{assessment.pk}/{name}/")


def test_it_refuses_to_submit_an_incomplete_assessment(login, fr_regulator, fr_assessment):
    response = login(fr_regulator).post(action(fr_assessment, "submit"), {"version": 1}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "incomplete"
    assert {"A4", "B6", "D1"} <= set(response.json()["errors"])
    assert not Revision.objects.exists()


def test_it_submits(login, fr_regulator, filled, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = login(fr_regulator).post(action(filled, "submit"), {"version": filled.version}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted" and response.json()["current_revision"] == 1
    assert Revision.objects.get(assessment=filled).answers["A4"] == "yes"
    assert len(queued_tasks(callbacks, "riskassess.scoring.tasks.score_revision")) == 1  # queued on commit


def test_it_refuses_a_stale_submission(login, fr_regulator, filled):
    response = login(fr_regulator).post(action(filled, "submit"), {"version": filled.version - 1}, format="json")
    assert response.status_code == 409
    assert response.json()["current_version"] == filled.version


def test_it_approves_with_another_approver(login, fr_approver, submitted):
    response = login(fr_approver).post(action(submitted, "approve"), {"comment": "Fine"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "approved" and response.json()["decided_by"] == "fr-approver"


def test_it_keeps_the_four_eyes_rule(login, fr_approver, filled):
    client = login(fr_approver)
    client.post(action(filled, "submit"), {"version": filled.version}, format="json")
    response = client.post(action(filled, "approve"), {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "four_eyes"


def test_it_refuses_approval_by_a_regulator(login, fr_regulator, submitted):
    assert login(fr_regulator).post(action(submitted, "approve"), {}, format="json").status_code == 403


def test_it_returns_with_a_reason(login, fr_approver, submitted):
    client = login(fr_approver)
    response = client.post(action(submitted, "return"), {}, format="json")
    assert response.status_code == 400 and set(response.json()["errors"]) == {"comment"}
    response = client.post(action(submitted, "return"), {"comment": "B6 looks wrong"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "returned" and response.json()["decision_comment"] == "B6 looks wrong"


def test_it_refuses_to_approve_a_draft(login, fr_approver, filled):
    response = login(fr_approver).post(action(filled, "approve"), {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "not_submitted"


def test_it_refuses_workflow_actions_to_a_coordinator(login, eu_coordinator, submitted):
    client = login(eu_coordinator)
    assert client.post(action(submitted, "approve"), {}, format="json").status_code == 403
    assert client.post(action(submitted, "return"), {"comment": "x"}, format="json").status_code == 403
    assert client.post(action(submitted, "submit"), {}, format="json").status_code == 403
