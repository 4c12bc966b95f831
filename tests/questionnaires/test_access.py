"""Who sees which assessment: the access helpers and the pages that use them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from riskassess.questionnaires import selectors, services
from riskassess.questionnaires.models import Assessment

COMPLETE = {"A4": "no", "B6": 3, "D1": "no"}


def submit(assessment, user):
    services.answers_save(assessment=assessment, user=user, values=COMPLETE, expected_version=assessment.version)
    assessment.refresh_from_db()
    return services.assessment_submit(assessment=assessment, user=user)


def test_it_shows_each_national_user_their_own_state(
    fr_regulator, fr_approver, de_regulator, fr_assessment, de_assessment
):
    assert list(selectors.assessments_visible_to(fr_regulator)) == [fr_assessment]
    assert list(selectors.assessments_visible_to(fr_approver)) == [fr_assessment]
    assert list(selectors.assessments_visible_to(de_regulator)) == [de_assessment]


def test_it_shows_coordinators_submitted_assessments_only(eu_coordinator, fr_regulator, fr_assessment, de_assessment):
    assert list(selectors.assessments_visible_to(eu_coordinator)) == []
    submit(fr_assessment, fr_regulator)
    assert list(selectors.assessments_visible_to(eu_coordinator)) == [fr_assessment]


def test_it_shows_observers_nothing(observer, fr_assessment):
    assert not selectors.assessments_visible_to(observer).exists()


def test_it_hides_foreign_assessments_with_404(de_regulator, fr_assessment):
    with pytest.raises(Http404):
        selectors.assessment_access(user=de_regulator, pk=fr_assessment.pk)
    with pytest.raises(Http404):
        selectors.revision_get_for_user(user=de_regulator, assessment_pk=fr_assessment.pk, number=1)


def test_it_refuses_writes_on_own_non_editable_assessments(fr_regulator, fr_assessment):
    assert selectors.assessment_access(user=fr_regulator, pk=fr_assessment.pk).require_edit() == fr_assessment
    submit(fr_assessment, fr_regulator)
    with pytest.raises(PermissionDenied):
        selectors.assessment_access(user=fr_regulator, pk=fr_assessment.pk).require_edit()


def test_it_refuses_writes_by_coordinators(eu_coordinator, fr_regulator, fr_assessment):
    submit(fr_assessment, fr_regulator)
    with pytest.raises(PermissionDenied):
        selectors.assessment_access(user=eu_coordinator, pk=fr_assessment.pk).require_edit()
    Assessment.objects.filter(pk=fr_assessment.pk).update(status="returned")
    with pytest.raises(Http404):  # returned: back with its member state, as if it did not exist
        selectors.assessment_access(user=eu_coordinator, pk=fr_assessment.pk)


def _can(access) -> dict[str, bool]:
    return {"read": access.read, "own_state": access.own_state, "edit": access.edit, "decide": access.decide}


def test_it_says_what_each_role_may_do_with_a_draft(fr_regulator, fr_approver, fr_assessment):
    for user in (fr_regulator, fr_approver):
        access = selectors.assessment_access(user=user, pk=fr_assessment.pk)
        assert _can(access) == {"read": True, "own_state": True, "edit": True, "decide": False}
        assert access.submit
    approver = selectors.assessment_access(user=fr_approver, pk=fr_assessment.pk)
    assert approver.decide_refusal == "not_submitted"  # a workflow rule the page can explain


def test_it_says_what_each_role_may_do_with_a_submission(
    fr_regulator, fr_approver, eu_coordinator, fr_assessment, france
):
    from tests.factories import UserFactory

    submit(fr_assessment, fr_regulator)
    regulator = selectors.assessment_access(user=fr_regulator, pk=fr_assessment.pk)
    approver = selectors.assessment_access(user=fr_approver, pk=fr_assessment.pk)
    coordinator = selectors.assessment_access(user=eu_coordinator, pk=fr_assessment.pk)
    assert _can(regulator) == {"read": True, "own_state": True, "edit": False, "decide": False}
    assert _can(approver) == {"read": True, "own_state": True, "edit": False, "decide": True}
    assert _can(coordinator) == {"read": True, "own_state": False, "edit": False, "decide": False}
    assert not (regulator.submit or approver.submit or coordinator.submit)

    approver_who_submitted = UserFactory(member_state=france, role=fr_approver.role)
    services.assessment_return(assessment=fr_assessment, user=fr_approver, comment="Please complete section B.")
    fr_assessment.refresh_from_db()
    services.assessment_submit(assessment=fr_assessment, user=approver_who_submitted)
    own = selectors.assessment_access(user=approver_who_submitted, pk=fr_assessment.pk)
    assert not own.decide and own.decide_refusal == "four_eyes"


def test_the_services_refuse_what_the_helper_refuses(fr_regulator, fr_approver, fr_assessment):
    """The services guard with the same predicates: what access says no to, they refuse."""
    from riskassess.core.exceptions import ApplicationError

    assert not selectors.assessment_access(user=fr_approver, pk=fr_assessment.pk).decide
    with pytest.raises(ApplicationError) as refused:
        services.assessment_approve(assessment=fr_assessment, user=fr_approver)
    assert refused.value.code == "not_submitted"


def test_it_sends_coordinators_to_the_frozen_revision(client, eu_coordinator, fr_regulator, fr_assessment):
    submit(fr_assessment, fr_regulator)
    client.force_login(eu_coordinator)
    response = client.get(reverse("questionnaires:overview", args=[fr_assessment.pk]))
    assert response.url == reverse("questionnaires:revision", args=[fr_assessment.pk, 1])
    section = client.get(reverse("questionnaires:section", args=[fr_assessment.pk, "B"]))
    assert section.status_code == 302 and section.url == response.url
    assert "3 days" in client.get(response.url).content.decode()
    assert (
        client.post(reverse("questionnaires:section", args=[fr_assessment.pk, "B"]), {"q-B6": "1"}).status_code == 404
    )


def test_a_returned_assessment_stays_with_its_member_state(client, eu_coordinator, fr_regulator, fr_assessment):
    """Returned to the regulator, the assessment leaves every EU output: its pages and its API answer as if
    it did not exist, like a draft's, until it is submitted again."""
    submit(fr_assessment, fr_regulator)
    Assessment.objects.filter(pk=fr_assessment.pk).update(status="returned")
    client.force_login(eu_coordinator)
    for url in (
        reverse("questionnaires:overview", args=[fr_assessment.pk]),
        reverse("questionnaires:revision", args=[fr_assessment.pk, 1]),
        reverse("questionnaires:section", args=[fr_assessment.pk, "B"]),
        f"/api/v1/assessments/{fr_assessment.pk}/",
        f"/api/v1/assessments/{fr_assessment.pk}/score/",
    ):
        assert client.get(url).status_code == 404, url
    assert list(selectors.assessments_visible_to(eu_coordinator)) == []


def test_it_gives_observers_404_on_every_page(client, observer, fr_regulator, fr_assessment):
    submit(fr_assessment, fr_regulator)
    client.force_login(observer)
    for url in (
        reverse("questionnaires:overview", args=[fr_assessment.pk]),
        reverse("questionnaires:section", args=[fr_assessment.pk, "A"]),
        reverse("questionnaires:revision", args=[fr_assessment.pk, 1]),
    ):
        assert client.get(url).status_code == 404, url


def test_it_asks_anonymous_users_to_log_in(client, fr_assessment):
    response = client.get(reverse("questionnaires:overview", args=[fr_assessment.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_it_refuses_to_start_an_assessment_for_another_state(fr_regulator, germany, campaign, supplier):
    with pytest.raises(PermissionDenied):
        services.assessment_create(campaign=campaign, member_state=germany, supplier=supplier, user=fr_regulator)
