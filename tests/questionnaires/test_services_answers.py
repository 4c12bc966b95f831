"""answers_save and assessment_create: validation, deletion, progress, status, audit."""

import pytest
from django.core.exceptions import PermissionDenied

from riskassess.audit.models import AuditEvent
from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires import services
from riskassess.questionnaires.models import Answer, Assessment, Campaign
from tests.factories import SupplierFactory


def save(assessment, user, values, comments=None):
    assessment.refresh_from_db()
    return services.answers_save(
        assessment=assessment, user=user, values=values, comments=comments, expected_version=assessment.version
    )


def stored(assessment):
    return dict(Answer.objects.filter(assessment=assessment).values_list("question_key", "value"))


def test_it_saves_normalised_values_and_progress(fr_assessment, fr_regulator):
    result = save(fr_assessment, fr_regulator, {"A4": "Yes", "A4a": "  Body  ", "B6": "12"})
    assert stored(fr_assessment) == {"A4": "yes", "A4a": "Body", "B6": 12}
    assert (result.answered_required, result.total_required) == (3, 4)
    assert result.version == 2
    event = AuditEvent.objects.get(action="update", object_id=str(fr_assessment.pk))
    assert event.data["questions"] == ["A4", "A4a", "B6"]


def test_it_saves_nothing_when_any_value_is_wrong(fr_assessment, fr_regulator):
    with pytest.raises(ApplicationError) as excinfo:
        save(fr_assessment, fr_regulator, {"A4": "yes", "B6": "abc", "A6": True, "Z9": "x", "D1": ["no"]})
    errors = excinfo.value.errors
    assert set(errors) == {"B6", "Z9", "D1"}
    assert errors["Z9"] == ["This question is not part of the questionnaire."]
    assert all(isinstance(m, list) and m for m in errors.values())
    assert stored(fr_assessment) == {}
    fr_assessment.refresh_from_db()
    assert fr_assessment.version == 1


def test_it_deletes_answers_given_none_or_empty(fr_assessment, fr_regulator):
    save(fr_assessment, fr_regulator, {"A6": "yes", "B6": 4}, {"B6": "from the vendor"})
    save(fr_assessment, fr_regulator, {"A6": None, "B6": ""})
    assert stored(fr_assessment) == {"B6": None}  # the comment keeps the row
    assert Answer.objects.get(assessment=fr_assessment, question_key="B6").comment == "from the vendor"
    save(fr_assessment, fr_regulator, {}, {"B6": ""})
    assert stored(fr_assessment) == {}


def test_it_ignores_values_of_hidden_questions(fr_assessment, fr_regulator):
    save(fr_assessment, fr_regulator, {"A4": "no", "A4a": "<b>not shown</b>"})
    assert stored(fr_assessment) == {"A4": "no"}


def test_it_puts_a_returned_assessment_back_to_draft(fr_assessment, fr_regulator):
    Assessment.objects.filter(pk=fr_assessment.pk).update(status=Assessment.Status.RETURNED)
    fr_assessment.refresh_from_db()
    assert save(fr_assessment, fr_regulator, {"A6": "no"}).status == "draft"


def test_it_refuses_saves_outside_editable_states(fr_assessment, fr_regulator, de_regulator, campaign):
    with pytest.raises(PermissionDenied):
        save(fr_assessment, de_regulator, {"A6": "no"})
    Assessment.objects.filter(pk=fr_assessment.pk).update(status=Assessment.Status.SUBMITTED)
    with pytest.raises(ApplicationError, match="submitted and cannot be changed"):
        save(fr_assessment, fr_regulator, {"A6": "no"})
    Assessment.objects.filter(pk=fr_assessment.pk).update(status=Assessment.Status.DRAFT)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    fr_assessment = Assessment.objects.get(pk=fr_assessment.pk)
    with pytest.raises(ApplicationError, match="campaign is closed"):
        save(fr_assessment, fr_regulator, {"A6": "no"})


def test_it_creates_one_assessment_per_campaign_state_and_supplier(campaign, france, fr_regulator):
    supplier = SupplierFactory(name="Baltic Core")
    first = services.assessment_create(campaign=campaign, member_state=france, supplier=supplier, user=fr_regulator)
    again = services.assessment_create(campaign=campaign, member_state=france, supplier=supplier, user=fr_regulator)
    assert first == again and first.created_by == fr_regulator and first.total_required == 3
    campaign.status = Campaign.Status.CLOSED
    campaign.save()
    with pytest.raises(ApplicationError, match="closed"):
        services.assessment_create(
            campaign=campaign, member_state=france, supplier=SupplierFactory(name="Late"), user=fr_regulator
        )
