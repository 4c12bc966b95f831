"""Submit, approve and return through the pages; the four-eyes rule."""

import pytest
from django.urls import reverse

from riskassess.audit.models import AuditEvent
from riskassess.questionnaires import services
from riskassess.questionnaires.models import Assessment, Revision
from riskassess.scoring.models import ScoringRun
from riskassess.suppliers.models import Designation

COMPLETE = {"A4": "yes", "A4a": "Ministry of Industry", "A6": "no", "B6": 12, "D1": "yes"}


@pytest.fixture
def filled(fr_assessment, fr_regulator):
    return services.answers_save(
        assessment=fr_assessment, user=fr_regulator, values=COMPLETE, expected_version=fr_assessment.version
    )


def overview(assessment):
    return reverse("questionnaires:overview", args=[assessment.pk])


def test_it_lists_missing_questions_and_disables_submit(client, fr_regulator, fr_assessment):
    client.force_login(fr_regulator)
    html = client.get(overview(fr_assessment)).content.decode()
    assert "still to answer" in html
    assert reverse("questionnaires:section", args=[fr_assessment.pk, "A"]) + "#q-A4" in html
    assert reverse("questionnaires:submit", args=[fr_assessment.pk]) not in html  # no "Review and submit" yet
    response = client.post(
        reverse("questionnaires:submit", args=[fr_assessment.pk]), {"version": 1, "declaration": "1"}, follow=True
    )
    assert "required questions are not answered yet" in response.content.decode()
    fr_assessment.refresh_from_db()
    assert fr_assessment.status == "draft" and not Revision.objects.exists()


def test_it_submits_a_complete_assessment(client, fr_regulator, filled, django_capture_on_commit_callbacks):
    client.force_login(fr_regulator)
    html = client.get(overview(filled)).content.decode()
    assert "Every required question is answered" in html
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("questionnaires:submit", args=[filled.pk]), {"version": filled.version, "declaration": "1"}
        )
    assert response.status_code == 302
    filled.refresh_from_db()
    assert filled.status == "submitted" and filled.current_revision == 1 and filled.submitted_by == fr_regulator
    revision = Revision.objects.get(assessment=filled, number=1)
    assert revision.answers == COMPLETE
    assert ScoringRun.objects.filter(revision=revision).count() == 1
    queued = [cb for cb in callbacks if "score_revision" in cb.__qualname__]
    assert len(queued) == 1  # the scoring task, queued on commit (others refresh the dashboard cache)
    assert AuditEvent.objects.filter(action="submit", object_id=str(filled.pk)).exists()
    page = client.get(overview(filled)).content.decode()
    assert "Revision 1" in page
    assert client.get(reverse("questionnaires:revision", args=[filled.pk, 1])).status_code == 200


def test_it_lets_another_approver_approve(client, fr_regulator, fr_approver, filled):
    services.assessment_submit(assessment=filled, user=fr_regulator)
    client.force_login(fr_approver)
    assert reverse("questionnaires:decide", args=[filled.pk]) in client.get(overview(filled)).content.decode()
    html = client.get(reverse("questionnaires:decide", args=[filled.pk])).content.decode()
    assert "Approve" in html and "Return to the regulators" in html
    response = client.post(
        reverse("questionnaires:approve", args=[filled.pk]), {"comment": "Agreed", "declaration": "1"}
    )
    assert response.status_code == 302
    filled.refresh_from_db()
    assert filled.status == "approved" and filled.decided_by == fr_approver and filled.decision_comment == "Agreed"
    designation = Designation.objects.get(member_state=filled.member_state, supplier=filled.supplier)
    assert designation.status == "high_risk" and designation.source_assessment == filled


def test_it_refuses_approval_by_the_submitter(client, fr_approver, filled):
    services.assessment_submit(assessment=filled, user=fr_approver)
    client.force_login(fr_approver)
    html = client.get(overview(filled)).content.decode()
    assert "four-eyes" in html
    assert reverse("questionnaires:decide", args=[filled.pk]) not in html
    response = client.post(reverse("questionnaires:approve", args=[filled.pk]), follow=True)
    assert "another approver must decide" in response.content.decode()
    filled.refresh_from_db()
    assert filled.status == "submitted"
    assert not Designation.objects.exists()


def test_it_refuses_decisions_by_regulators(client, fr_regulator, filled):
    services.assessment_submit(assessment=filled, user=fr_regulator)
    client.force_login(fr_regulator)
    assert reverse("questionnaires:decide", args=[filled.pk]) not in client.get(overview(filled)).content.decode()
    assert client.post(reverse("questionnaires:approve", args=[filled.pk])).status_code == 403
    filled.refresh_from_db()
    assert filled.status == "submitted"


def test_it_returns_with_a_comment_and_back_to_draft_on_save(client, fr_regulator, fr_approver, filled):
    services.assessment_submit(assessment=filled, user=fr_regulator)
    client.force_login(fr_approver)
    response = client.post(reverse("questionnaires:return", args=[filled.pk]), {"comment": ""}, follow=True)
    assert "Enter the reason" in response.content.decode()
    filled.refresh_from_db()
    assert filled.status == "submitted"
    client.post(reverse("questionnaires:return", args=[filled.pk]), {"comment": "B6 <b>looks</b> optimistic"})
    filled.refresh_from_db()
    assert filled.status == "returned"
    client.force_login(fr_regulator)
    html = client.get(overview(filled)).content.decode()
    assert "B6 &lt;b&gt;looks&lt;/b&gt; optimistic" in html
    client.post(
        reverse("questionnaires:section", args=[filled.pk, "B"]),
        {"version": filled.version, "q-B6": "40"},
    )
    filled.refresh_from_db()
    assert filled.status == "draft"
    client.post(reverse("questionnaires:submit", args=[filled.pk]), {"version": filled.version, "declaration": "1"})
    filled.refresh_from_db()
    assert filled.status == "submitted" and filled.current_revision == 2
    assert Revision.objects.get(assessment=filled, number=2).answers["B6"] == 40


def test_it_makes_submitted_and_closed_assessments_read_only(client, fr_regulator, filled, campaign):
    services.assessment_submit(assessment=filled, user=fr_regulator)
    client.force_login(fr_regulator)
    url = reverse("questionnaires:section", args=[filled.pk, "A"])
    html = client.get(url).content.decode()
    assert 'id="section-form"' not in html and "read-only" in html
    assert client.post(url, {"version": filled.version, "q-A6": "yes"}).status_code == 403
    campaign.status = "closed"
    campaign.save()
    Assessment.objects.filter(pk=filled.pk).update(status="draft")
    html = client.get(url).content.decode()
    assert "campaign is closed" in html and 'id="section-form"' not in html
    assert client.post(url, {"version": filled.version, "q-A6": "yes"}).status_code == 403
    home = client.get("/").content.decode()
    assert "Earlier campaigns" in home and reverse("questionnaires:overview", args=[filled.pk]) in home


def test_it_explains_a_second_submit_instead_of_failing(client, fr_regulator, filled):
    client.force_login(fr_regulator)
    url = reverse("questionnaires:submit", args=[filled.pk])
    client.post(url, {"version": filled.version, "declaration": "1"})
    response = client.post(url, {"version": filled.version, "declaration": "1"}, follow=True)
    assert response.status_code == 200
    assert "submitted: it cannot be submitted now" in response.content.decode()
    assert Revision.objects.filter(assessment=filled).count() == 1
