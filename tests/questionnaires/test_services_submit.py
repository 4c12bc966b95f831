"""assessment_submit, assessment_approve, assessment_return and the designation register."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires import services
from riskassess.questionnaires.models import Assessment, Revision
from riskassess.scoring.models import ScoringRun
from riskassess.suppliers.models import Designation
from tests.helpers import queued_tasks

COMPLETE = {"A4": "no", "A6": "yes", "B6": 20, "D1": "under_assessment"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def filled(fr_assessment, fr_regulator):
    return services.answers_save(
        assessment=fr_assessment,
        user=fr_regulator,
        values=COMPLETE,
        comments={"A6": "Adequacy decision", "B6": "vendor figure"},
        expected_version=1,
    )


def test_it_lists_every_missing_required_question(fr_assessment, fr_regulator):
    services.answers_save(assessment=fr_assessment, user=fr_regulator, values={"A4": "yes"}, expected_version=1)
    fr_assessment.refresh_from_db()
    with pytest.raises(ApplicationError) as excinfo:
        services.assessment_submit(assessment=fr_assessment, user=fr_regulator)
    assert list(excinfo.value.errors) == ["A4a", "B6", "D1"]
    assert not Revision.objects.exists()


def test_it_freezes_visible_answers_comments_and_evidence(filled, fr_regulator, django_capture_on_commit_callbacks):
    services.evidence_add_file(
        assessment=filled, user=fr_regulator, question_key="A4", uploaded_file=SimpleUploadedFile("a.pdf", b"%PDF-1")
    )
    # An answer to a question hidden since: kept in the draft, left out of the revision.
    from riskassess.questionnaires.models import Answer

    Answer.objects.create(assessment=filled, question_key="A4a", value="stale body")
    filled.refresh_from_db()
    with django_capture_on_commit_callbacks() as callbacks:
        revision = services.assessment_submit(assessment=filled, user=fr_regulator, expected_version=filled.version)
    assert revision.number == 1
    assert revision.answers == COMPLETE
    assert revision.comments == {"A6": "Adequacy decision", "B6": "vendor figure"}
    [snapshot] = revision.evidence
    assert set(snapshot) == {
        "id",
        "question_key",
        "item_id",
        "name",
        "sha256",
        "size",
        "content_type",
        "url",
        "description",
    }
    assert snapshot["name"] == "a.pdf" and snapshot["question_key"] == "A4"
    assert revision.assessment_date == dt.date.today()  # noqa: DTZ011 - TIME_ZONE is UTC
    assert revision.template_version == filled.campaign.template_version
    filled.refresh_from_db()
    assert (filled.status, filled.current_revision, filled.submitted_by) == ("submitted", 1, fr_regulator)
    assert ScoringRun.objects.filter(revision=revision, status="queued").count() == 1
    assert len(queued_tasks(callbacks, "riskassess.scoring.tasks.score_revision")) == 1


def test_it_refuses_a_second_submit(filled, fr_regulator):
    services.assessment_submit(assessment=filled, user=fr_regulator)
    filled.refresh_from_db()
    with pytest.raises(ApplicationError, match="submitted and cannot be changed"):
        services.assessment_submit(assessment=filled, user=fr_regulator)
    assert Revision.objects.count() == 1


def test_it_refuses_submits_by_other_roles(filled, de_regulator, eu_coordinator):
    for user in (de_regulator, eu_coordinator):
        with pytest.raises(PermissionDenied):
            services.assessment_submit(assessment=filled, user=user)


def test_it_approves_with_four_eyes_and_syncs_the_register(filled, fr_regulator, fr_approver):
    services.assessment_submit(assessment=filled, user=fr_regulator)
    filled.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.assessment_approve(assessment=filled, user=fr_regulator)
    approved = services.assessment_approve(assessment=filled, user=fr_approver, comment="ok")
    assert approved.status == "approved" and approved.decided_by == fr_approver
    designation = Designation.objects.get(member_state=filled.member_state, supplier=filled.supplier)
    assert designation.status == "under_assessment"
    with pytest.raises(ApplicationError, match="Only a submitted assessment"):
        services.assessment_approve(assessment=approved, user=fr_approver)


def test_it_refuses_an_approver_deciding_on_their_own_submission(filled, fr_approver):
    services.assessment_submit(assessment=filled, user=fr_approver)
    filled.refresh_from_db()
    for decide in (services.assessment_approve, services.assessment_return):
        with pytest.raises(ApplicationError, match="four-eyes") as excinfo:
            decide(assessment=filled, user=fr_approver, comment="mine")
        assert excinfo.value.code == "four_eyes"
    filled.refresh_from_db()
    assert filled.status == "submitted"


def test_it_returns_only_with_a_reason(filled, fr_regulator, fr_approver):
    services.assessment_submit(assessment=filled, user=fr_regulator)
    filled.refresh_from_db()
    with pytest.raises(ApplicationError) as excinfo:
        services.assessment_return(assessment=filled, user=fr_approver, comment="   ")
    assert "comment" in excinfo.value.errors
    returned = services.assessment_return(assessment=filled, user=fr_approver, comment="Check B6")
    assert returned.status == Assessment.Status.RETURNED and returned.decision_comment == "Check B6"
    assert not Designation.objects.exists()
