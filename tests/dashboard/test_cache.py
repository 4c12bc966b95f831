"""The dashboard cache: aggregates are served from the cache until an input changes, and every
service that changes an input makes them stale itself (no receiver listens to audit rows)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from riskassess.audit.services import audit_log
from riskassess.dashboard.services import dashboard_generation, dashboard_invalidate
from riskassess.questionnaires import services
from riskassess.questionnaires.models import Assessment, Campaign
from riskassess.register.services import designation_record
from riskassess.scoring.models import Score
from riskassess.scoring.services import scoring_request, scoring_run_execute
from riskassess.suppliers.services import designation_sync_from_revision, supplier_merge
from tests.dashboard.conftest import make_state, scored
from tests.factories import AssessmentFactory, SupplierFactory

ANSWERS = {"A4": "no", "B6": 5, "D1": "no"}


def _suppliers_page(client, campaign):
    return client.get(reverse("dashboard:suppliers"), {"campaign": campaign.pk}).context["rows"]


def _generations(campaign) -> tuple[str, str]:
    """(this campaign's key part, another campaign's): a global bump changes both."""
    return dashboard_generation(campaign_id=campaign.pk), dashboard_generation(campaign_id=campaign.pk + 1000)


@pytest.fixture
def draft(campaign, fr_regulator):
    assessment = AssessmentFactory(campaign=campaign, member_state=fr_regulator.member_state)
    services.answers_save(assessment=assessment, user=fr_regulator, values=ANSWERS, expected_version=1)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def submitted(draft, fr_regulator):
    services.assessment_submit(assessment=draft, user=fr_regulator)
    draft.refresh_from_db()
    return draft


def test_it_serves_cached_aggregates_until_an_input_changes(
    client, eu_coordinator, campaign, django_assert_num_queries
):
    radio = SupplierFactory(name="Radio")
    # Three member states: a median of fewer is not shown (riskassess.confidentiality).
    scored(campaign=campaign, member_state=make_state("AT"), supplier=radio, overall=20.0)
    scored(campaign=campaign, member_state=make_state("BE"), supplier=radio, overall=10.0)
    scored(campaign=campaign, member_state=make_state("BG"), supplier=radio, overall=90.0)
    client.force_login(eu_coordinator)
    assert _suppliers_page(client, campaign)[0]["median"] == 20.0
    with django_assert_num_queries(2):  # session and user only: everything else comes from the cache
        client.get(reverse("dashboard:suppliers"), {"campaign": campaign.pk})
    scored(campaign=campaign, member_state=make_state("DK"), supplier=radio, overall=40.0)
    row = _suppliers_page(client, campaign)[0]
    assert (row["reporting"], row["median"]) == (4, 30.0)


def test_it_bumps_only_the_campaign_that_changed(campaign):
    before, other_before = _generations(campaign)
    dashboard_invalidate(campaign_id=campaign.pk)
    after, other_after = _generations(campaign)
    assert after != before and other_after == other_before
    dashboard_invalidate()
    assert _generations(campaign)[1] != other_after


def test_a_submission_makes_the_campaign_stale(draft, fr_regulator, client, eu_coordinator, campaign):
    client.force_login(eu_coordinator)
    progress = lambda: client.get(reverse("dashboard:progress"), {"campaign": campaign.pk}).context["totals"]  # noqa: E731
    assert progress()["submitted"] == 0
    services.assessment_submit(assessment=draft, user=fr_regulator)
    assert progress()["submitted"] == 1


def test_an_approval_makes_every_campaign_stale(submitted, fr_approver, campaign):
    before, other_before = _generations(campaign)
    services.assessment_approve(assessment=submitted, user=fr_approver)
    after, other_after = _generations(campaign)
    assert after != before and other_after != other_before  # the register changed too


def test_a_return_makes_the_campaign_stale(submitted, fr_approver, campaign):
    before, _ = _generations(campaign)
    services.assessment_return(assessment=submitted, user=fr_approver, comment="Section B is incomplete.")
    assert _generations(campaign)[0] != before


def test_editing_a_returned_assessment_makes_the_campaign_stale(submitted, fr_approver, fr_regulator, campaign):
    services.assessment_return(assessment=submitted, user=fr_approver, comment="Section B is incomplete.")
    submitted.refresh_from_db()
    before, _ = _generations(campaign)
    services.answers_save(assessment=submitted, user=fr_regulator, values={"B6": 6}, expected_version=submitted.version)
    assert Assessment.objects.get(pk=submitted.pk).status == Assessment.Status.DRAFT
    assert _generations(campaign)[0] != before


def test_a_score_made_current_makes_the_campaign_stale(submitted, campaign):
    run = scoring_request(revision=submitted.revisions.get(number=1))
    before, _ = _generations(campaign)
    scoring_run_execute(run_id=run.pk, task_id="test")
    assert Score.objects.get(assessment=submitted).is_current
    assert _generations(campaign)[0] != before


def test_a_designation_from_an_approved_revision_makes_every_campaign_stale(submitted, fr_approver, campaign):
    revision = submitted.revisions.get(number=1)
    before, other_before = _generations(campaign)
    designation_sync_from_revision(revision=revision, user=fr_approver)
    after, other_after = _generations(campaign)
    assert after != before and other_after != other_before


def test_a_supplier_merge_makes_every_campaign_stale(campaign, eu_coordinator):
    keep, duplicate = SupplierFactory(name="Radio"), SupplierFactory(name="Radio Ltd")
    before, other_before = _generations(campaign)
    supplier_merge(keep=keep, duplicates=[duplicate], user=eu_coordinator)
    after, other_after = _generations(campaign)
    assert after != before and other_after != other_before


def test_closing_a_campaign_makes_every_campaign_stale(campaign, eu_coordinator):
    before, other_before = _generations(campaign)
    services.campaign_status_set(campaign=campaign, status=Campaign.Status.CLOSED, user=eu_coordinator)
    after, other_after = _generations(campaign)
    assert after != before and other_after != other_before


@pytest.mark.parametrize("model", ["supplier", "designation", "campaign"])
def test_an_admin_save_makes_every_campaign_stale(model, campaign, eu_coordinator, france):
    from django.contrib import admin

    from riskassess.suppliers.models import Supplier

    radio = SupplierFactory(name="Radio")
    obj = {
        "supplier": lambda: radio,
        "designation": lambda: designation_record(member_state=france, supplier=radio, status="high_risk"),
        "campaign": lambda: campaign,
    }[model]()
    model_admin = admin.site._registry[type(obj)]
    request = RequestFactory().post("/")
    request.user = eu_coordinator
    form = model_admin.get_form(request, obj)(instance=obj)
    form.cleaned_data = {}
    form.save_m2m = lambda: None
    before, other_before = _generations(campaign)
    model_admin.save_related(request, form, formsets=[], change=True)
    middle = _generations(campaign)
    assert middle[0] != before and middle[1] != other_before
    if model != "campaign":  # campaigns are closed, never deleted
        model_admin.delete_model(request, obj)
        assert _generations(campaign) != middle
    assert Supplier.objects.filter(pk=radio.pk).exists() == (model != "supplier")


def test_it_ignores_writes_that_change_no_aggregate(campaign, draft, fr_regulator):
    before = _generations(campaign)
    services.answers_save(assessment=draft, user=fr_regulator, values={"B6": 7}, expected_version=draft.version)
    audit_log(action="approve", obj=draft, summary="an audit row alone invalidates nothing")
    assert _generations(campaign) == before
