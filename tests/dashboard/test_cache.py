from django.urls import reverse

from riskassess.dashboard.services import dashboard_generation, dashboard_invalidate
from riskassess.scoring.models import Score
from tests.dashboard.conftest import designate, make_state, scored
from tests.factories import SupplierFactory


def _suppliers_page(client, campaign):
    return client.get(reverse("dashboard:suppliers"), {"campaign": campaign.pk}).context["rows"]


def test_it_serves_cached_aggregates_until_a_score_changes(client, eu_coordinator, campaign, django_assert_num_queries):
    radio = SupplierFactory(name="Radio")
    # Three member states: a median of fewer is not shown (riskassess.confidentiality).
    a = scored(campaign=campaign, member_state=make_state("AT"), supplier=radio, overall=20.0)
    scored(campaign=campaign, member_state=make_state("BE"), supplier=radio, overall=10.0)
    scored(campaign=campaign, member_state=make_state("BG"), supplier=radio, overall=90.0)
    client.force_login(eu_coordinator)
    assert _suppliers_page(client, campaign)[0]["median"] == 20.0
    with django_assert_num_queries(2):  # session and user only: everything else comes from the cache
        client.get(reverse("dashboard:suppliers"), {"campaign": campaign.pk})

    score = Score.objects.get(assessment=a)
    score.overall = 80.0
    score.save()
    assert _suppliers_page(client, campaign)[0]["median"] == 80.0


def test_it_recomputes_after_a_new_score(client, eu_coordinator, campaign):
    state, other, radio = make_state("AT"), make_state("BE"), SupplierFactory(name="Radio")
    scored(campaign=campaign, member_state=state, supplier=radio, overall=20.0)
    client.force_login(eu_coordinator)
    assert _suppliers_page(client, campaign)[0]["reporting"] == 1
    scored(campaign=campaign, member_state=other, supplier=radio, overall=40.0)
    row = _suppliers_page(client, campaign)[0]
    assert (row["reporting"], row["median"]) == (2, None)  # fewer than 3 member states: not shown
    scored(campaign=campaign, member_state=make_state("BG"), supplier=radio, overall=60.0)
    row = _suppliers_page(client, campaign)[0]
    assert (row["reporting"], row["median"]) == (3, 40.0)


def test_it_recomputes_after_a_status_or_designation_change(client, eu_coordinator, campaign):
    state, radio = make_state("AT"), SupplierFactory(name="Radio")
    a = scored(campaign=campaign, member_state=state, supplier=radio, overall=20.0)
    client.force_login(eu_coordinator)
    assert _suppliers_page(client, campaign)[0]["designating"] == 0
    designate(member_state=state, supplier=radio)
    assert _suppliers_page(client, campaign)[0]["designating"] == 1
    a.status = "returned"
    a.save(update_fields=["status"])
    assert _suppliers_page(client, campaign)[0]["reporting"] == 0


def test_it_bumps_only_the_campaign_that_changed(campaign):
    before = dashboard_generation(campaign_id=campaign.pk)
    other_before = dashboard_generation(campaign_id=campaign.pk + 1)
    dashboard_invalidate(campaign_id=campaign.pk)
    assert dashboard_generation(campaign_id=campaign.pk) != before
    assert dashboard_generation(campaign_id=campaign.pk + 1) == other_before
    dashboard_invalidate()
    assert dashboard_generation(campaign_id=campaign.pk + 1) != other_before


def test_it_ignores_saves_that_change_no_aggregate(campaign):
    state, radio = make_state("AT"), SupplierFactory(name="Radio")
    a = scored(campaign=campaign, member_state=state, supplier=radio, overall=20.0)
    before = dashboard_generation(campaign_id=campaign.pk)
    a.answered_required = 3
    a.save(update_fields=["answered_required"])
    assert dashboard_generation(campaign_id=campaign.pk) == before


def test_it_recomputes_after_a_submission_and_a_decision_made_by_conditional_updates(
    client, eu_coordinator, campaign, fr_regulator, fr_approver
):
    from riskassess.questionnaires import services
    from tests.factories import AssessmentFactory

    assessment = AssessmentFactory(campaign=campaign, member_state=fr_regulator.member_state)
    client.force_login(eu_coordinator)
    progress = lambda: client.get(reverse("dashboard:progress"), {"campaign": campaign.pk}).context["totals"]  # noqa: E731
    assert progress()["submitted"] == 0
    services.answers_save(
        assessment=assessment, user=fr_regulator, values={"A4": "no", "B6": 5, "D1": "no"}, expected_version=1
    )
    assessment.refresh_from_db()
    services.assessment_submit(assessment=assessment, user=fr_regulator)
    assert progress()["submitted"] == 1
    assessment.refresh_from_db()
    services.assessment_approve(assessment=assessment, user=fr_approver)
    assert (progress()["submitted"], progress()["approved"]) == (0, 1)
