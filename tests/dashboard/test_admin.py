import pytest
from django.urls import reverse

from riskassess.accounts.models import User
from riskassess.audit.models import AuditEvent
from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires.models import Assessment
from riskassess.register.models import LegalRecord
from riskassess.suppliers.models import Designation, Supplier
from riskassess.suppliers.services import supplier_merge
from tests.dashboard.conftest import designate, make_state
from tests.factories import AssessmentFactory, CampaignFactory, SupplierFactory

ADMIN_LISTS = [
    "admin:suppliers_supplier_changelist",
    "admin:suppliers_designation_changelist",
    "admin:suppliers_product_changelist",
    "admin:questionnaires_templateversion_changelist",
    "admin:questionnaires_campaign_changelist",
    "admin:accounts_user_changelist",
    "admin:accounts_memberstate_changelist",
    "admin:audit_auditevent_changelist",
]


@pytest.mark.parametrize("persona", ["fr_regulator", "fr_approver", "observer"])
@pytest.mark.parametrize("url_name", ["admin:index", "admin:login", *ADMIN_LISTS])
def test_it_answers_404_in_the_admin_to_everyone_but_coordinators(client, request, persona, url_name):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(url_name)).status_code == 404


@pytest.mark.parametrize("url_name", ["admin:index", *ADMIN_LISTS])
def test_it_opens_the_admin_to_coordinators(client, eu_coordinator, url_name):
    client.force_login(eu_coordinator)
    assert client.get(reverse(url_name)).status_code == 200


def test_it_sends_anonymous_visitors_to_the_normal_login(client, db):
    for url in (reverse("admin:index"), reverse("admin:login")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


def test_it_keeps_the_audit_trail_read_only(client, eu_coordinator):
    event = AuditEvent.objects.create(action="login", actor_name="x")
    client.force_login(eu_coordinator)
    assert client.get(reverse("admin:audit_auditevent_change", args=[event.pk])).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"summary": "changed"})
    event.refresh_from_db()
    assert event.summary == ""


def _populate(n: int):
    campaign = CampaignFactory()
    states = [make_state(code, i) for i, code in enumerate(["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE"][:n])]
    for i in range(n * 3):
        supplier = SupplierFactory(name=f"Admin supplier {n}-{i}")
        designate(member_state=states[i % n], supplier=supplier)
        AssessmentFactory(campaign=campaign, member_state=states[i % n], supplier=supplier)
        User.objects.create(username=f"user-{n}-{i}", role="regulator", member_state=states[i % n])
        AuditEvent.objects.create(action="login", actor_name=f"user-{n}-{i}")


@pytest.mark.parametrize("url_name", ADMIN_LISTS)
def test_it_lists_without_n_plus_one(client, eu_coordinator, django_assert_max_num_queries, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(eu_coordinator)
    counts = []
    for n in (2, 8):
        _populate(n)
        with CaptureQueriesContext(connection) as ctx, django_assert_max_num_queries(15):
            assert client.get(reverse(url_name)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_it_merges_duplicate_suppliers(client, eu_coordinator, campaign):
    at, be = make_state("AT"), make_state("BE", 1)
    keep = SupplierFactory(name="Nordic Radio", aliases=["NR"])
    dup = SupplierFactory(name="Nordic Radio Oy")
    AssessmentFactory(campaign=campaign, member_state=at, supplier=keep)
    moved = AssessmentFactory(campaign=campaign, member_state=be, supplier=dup)
    designate(member_state=be, supplier=dup)
    client.force_login(eu_coordinator)
    changelist = reverse("admin:suppliers_supplier_changelist")
    step1 = client.post(changelist, {"action": "merge_duplicates_action", "_selected_action": [keep.pk, dup.pk]})
    assert step1.status_code == 200 and b"Supplier to keep" in step1.content
    client.post(
        changelist,
        {"action": "merge_duplicates_action", "_selected_action": [keep.pk, dup.pk], "keep": keep.pk, "apply": "1"},
    )
    moved.refresh_from_db()
    dup.refresh_from_db()
    keep.refresh_from_db()
    assert moved.supplier_id == keep.pk
    assert Designation.objects.get(member_state=be).supplier_id == keep.pk
    assert LegalRecord.objects.get(authority_state=be).supplier_id == keep.pk  # with its versions
    assert (dup.is_active, dup.merged_into_id) == (False, keep.pk)
    assert keep.aliases == ["NR", "Nordic Radio Oy"]


def test_it_refuses_a_merge_that_would_clash(campaign, eu_coordinator):
    at = make_state("AT")
    keep, dup = SupplierFactory(name="A"), SupplierFactory(name="B")
    AssessmentFactory(campaign=campaign, member_state=at, supplier=keep)
    AssessmentFactory(campaign=campaign, member_state=at, supplier=dup)
    with pytest.raises(ApplicationError) as e:
        supplier_merge(keep=keep, duplicates=[dup], user=eu_coordinator)
    assert "Assessed twice" in str(e.value.errors)
    assert Assessment.objects.filter(supplier=dup).count() == 1
    assert Supplier.objects.get(pk=dup.pk).is_active


def test_it_imports_and_compares_template_versions(client, eu_coordinator):
    import yaml

    from tests.factories import SMALL_DEFINITION

    client.force_login(eu_coordinator)
    url = reverse("admin:questionnaires_templateversion_import")
    assert client.get(url).status_code == 200
    first = client.post(url, {"text": yaml.safe_dump({**SMALL_DEFINITION, "version": "9.0"}), "publish": "on"})
    assert first.status_code == 302
    changed = {**SMALL_DEFINITION, "version": "9.1"}
    changed["sections"] = [{**SMALL_DEFINITION["sections"][0], "weight": 70}, *SMALL_DEFINITION["sections"][1:]]
    assert client.post(url, {"text": yaml.safe_dump(changed)}).status_code == 302
    bad = client.post(url, {"text": "format: nonsense"})
    assert bad.status_code == 200 and b"errorlist" in bad.content

    from riskassess.questionnaires.models import TemplateVersion

    old = TemplateVersion.objects.get(version="9.0")
    new = TemplateVersion.objects.get(version="9.1")
    assert (old.status, new.status) == ("published", "draft")
    compare = client.get(reverse("admin:questionnaires_templateversion_compare", args=[new.pk]), {"old": old.pk})
    assert compare.status_code == 200
    assert b"Section A changed" in compare.content
    client.post(
        reverse("admin:questionnaires_templateversion_changelist"),
        {"action": "publish_versions_action", "_selected_action": [new.pk]},
    )
    new.refresh_from_db()
    assert new.status == "published"


def test_it_opens_and_closes_campaigns(client, eu_coordinator):
    campaign = CampaignFactory(status="planned")
    client.force_login(eu_coordinator)
    changelist = reverse("admin:questionnaires_campaign_changelist")
    client.post(changelist, {"action": "open_campaigns_action", "_selected_action": [campaign.pk]})
    campaign.refresh_from_db()
    assert campaign.status == "open"
    client.post(changelist, {"action": "close_campaigns_action", "_selected_action": [campaign.pk]})
    campaign.refresh_from_db()
    assert campaign.status == "closed"
    assert AuditEvent.objects.filter(object_type="questionnaires.campaign", object_id=str(campaign.pk)).count() == 2
