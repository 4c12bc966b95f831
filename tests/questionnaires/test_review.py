"""Review before submit, the approver's review with the difference between revisions and comments at
questions, and the approver's queue."""

import pytest
from django.urls import reverse

from riskassess.questionnaires import services
from riskassess.questionnaires.models import Assessment, ReviewComment, Revision

COMPLETE = {"A4": "unknown", "A6": "no", "B6": 12, "D1": "yes"}


@pytest.fixture
def filled(fr_assessment, fr_regulator):
    return services.answers_save(
        assessment=fr_assessment, user=fr_regulator, values=COMPLETE, expected_version=fr_assessment.version
    )


def submit_url(assessment) -> str:
    return reverse("questionnaires:submit", args=[assessment.pk])


def decide_url(assessment) -> str:
    return reverse("questionnaires:decide", args=[assessment.pk])


def test_the_review_lists_evidence_gaps_and_points_to_clarify(client, fr_regulator, fr_assessment):
    services.answers_save(
        assessment=fr_assessment,
        user=fr_regulator,
        values={"A4": "unknown", "A6": "no", "B6": 12, "D1": "yes"},
        expected_version=fr_assessment.version,
    )
    client.force_login(fr_regulator)
    html = client.get(submit_url(fr_assessment)).content.decode()
    assert "Review and submit" in html
    gaps = html.split("Evidence gaps", 1)[1].split("To be clarified", 1)[0]
    assert "#q-D1" in gaps  # D1 asks for evidence, none attached
    clarify = html.split("To be clarified", 1)[1].split("Declaration", 1)[0]
    assert "#q-A4" in clarify and "1 question is answered “Unknown”" in clarify
    assert 'name="declaration"' in html
    assert "Ministry" not in html and "Days to patch critical vulnerabilities" in html  # the summary


def test_submit_needs_the_declaration(client, fr_regulator, filled):
    client.force_login(fr_regulator)
    response = client.post(submit_url(filled), {"version": filled.version})
    assert response.status_code == 400
    assert "Tick the declaration to submit." in response.content.decode()
    assert not Revision.objects.exists()
    response = client.post(submit_url(filled), {"version": filled.version, "declaration": "1"})
    assert response.status_code == 302
    assert Revision.objects.filter(assessment=filled, number=1).exists()


def test_resubmitting_unchanged_asks_for_confirmation(client, fr_regulator, fr_approver, filled):
    services.assessment_submit(assessment=filled, user=fr_regulator)
    services.assessment_return(assessment=filled, user=fr_approver, comment="Check B6")
    filled.refresh_from_db()
    client.force_login(fr_regulator)
    html = client.get(submit_url(filled)).content.decode()
    assert "Nothing changed since revision 1" in html
    response = client.post(submit_url(filled), {"version": filled.version, "declaration": "1"})
    assert response.status_code == 400
    assert Revision.objects.filter(assessment=filled).count() == 1
    response = client.post(
        submit_url(filled), {"version": filled.version, "declaration": "1", "confirm_unchanged": "1"}
    )
    assert response.status_code == 302
    assert Revision.objects.filter(assessment=filled).count() == 2


def test_the_approver_sees_old_and_new_values_and_comments_on_a_question(client, fr_regulator, fr_approver, filled):
    services.assessment_submit(assessment=filled, user=fr_regulator)
    client.force_login(fr_approver)
    response = client.post(
        reverse("questionnaires:return", args=[filled.pk]),
        {"comment": "", "rc-B6": "12 days looks optimistic: which source?"},
    )
    assert response.status_code == 302
    filled.refresh_from_db()
    assert filled.status == Assessment.Status.RETURNED
    comment = ReviewComment.objects.get(assessment=filled)
    assert (comment.question_key, comment.revision_number, comment.author) == ("B6", 1, fr_approver)

    # The regulator sees it at the question, changes B6 and resubmits.
    client.force_login(fr_regulator)
    overview = client.get(reverse("questionnaires:overview", args=[filled.pk])).content.decode()
    assert "12 days looks optimistic" in overview
    section = client.get(reverse("questionnaires:section", args=[filled.pk, "B"])).content.decode()
    assert "The approver (" in section and "12 days looks optimistic: which source?" in section
    filled = services.answers_save(
        assessment=filled, user=fr_regulator, values={"B6": 45}, expected_version=filled.version
    )
    services.assessment_submit(assessment=filled, user=fr_regulator)

    client.force_login(fr_approver)
    home = client.get("/").content.decode()
    assert "Waiting for your decision" in home and decide_url(filled) in home
    html = client.get(decide_url(filled)).content.decode()
    changes = html.split("What changed from revision 1 to 2", 1)[1].split("</table>", 1)[0]
    assert "B6" in changes and "12 days" in changes and "45 days" in changes
    assert "A6" not in changes  # unchanged questions are not listed
    assert "Approver&#x27;s comment on revision 1" in html or "Approver's comment on revision 1" in html


def test_approve_needs_the_declaration(client, fr_regulator, fr_approver, filled):
    services.assessment_submit(assessment=filled, user=fr_regulator)
    client.force_login(fr_approver)
    url = reverse("questionnaires:approve", args=[filled.pk])
    response = client.post(url, {"comment": "Fine", "rc-A6": "Agreed"})
    assert response.status_code == 400
    assert "Tick the declaration to approve." in response.content.decode()
    assert "Agreed" in response.content.decode()  # the comment typed is kept
    filled.refresh_from_db()
    assert filled.status == Assessment.Status.SUBMITTED
    assert client.post(url, {"comment": "Fine", "declaration": "1"}).status_code == 302
    filled.refresh_from_db()
    assert filled.status == Assessment.Status.APPROVED


def test_the_queue_leaves_out_my_own_submissions(client, fr_approver, filled):
    services.assessment_submit(assessment=filled, user=fr_approver)
    client.force_login(fr_approver)
    home = client.get("/").content.decode()
    assert "Nothing waits for your decision." in home
    assert client.get(decide_url(filled)).status_code == 302  # four eyes: back to the overview
