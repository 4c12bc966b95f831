"""Reference data: member states, suppliers, template versions (and their YAML export), campaigns,
the designations register."""

import yaml

from riskassess.questionnaires.models import TemplateVersion
from tests.api.conftest import url
from tests.factories import DesignationFactory, MemberStateFactory, TemplateVersionFactory


def test_it_lists_member_states(login, observer, france, germany):
    body = login(observer).get(url("member-states/")).json()
    assert [s["eu_code"] for s in body["results"]] == ["DE", "FR"]
    assert login(observer).get(url(f"member-states/{france.pk}/")).json()["authority_name"] == "ANSSI"


def test_it_lists_and_filters_suppliers(login, fr_regulator, supplier):
    client = login(fr_regulator)
    body = client.get(url("suppliers/?name=nordic")).json()
    assert [s["name"] for s in body["results"]] == ["Nordic Radio"]
    assert client.get(url("suppliers/?name=nobody")).json()["count"] == 0
    assert client.get(url(f"suppliers/{supplier.pk}/")).json()["hq_country"] == "FI"
    assert client.get(url("suppliers/999999/")).status_code == 404


def test_it_requires_authentication(api, db):
    response = api.get(url("suppliers/"))
    assert response.status_code == 401 and "detail" in response.json()


def test_it_shows_published_template_versions_and_exports_them(login, fr_regulator, campaign):
    draft = TemplateVersionFactory(status=TemplateVersion.Status.DRAFT, published_at=None)
    client = login(fr_regulator)
    ids = [v["id"] for v in client.get(url("template-versions/")).json()["results"]]
    assert ids == [campaign.template_version_id]
    detail = client.get(url(f"template-versions/{campaign.template_version_id}/")).json()
    assert detail["definition"]["sections"][0]["key"] == "A"
    assert client.get(url(f"template-versions/{draft.pk}/")).status_code == 404
    response = client.get(url(f"template-versions/{campaign.template_version_id}/export/"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/yaml")
    assert yaml.safe_load(response.content)["key"] == "small"
    assert client.get(url(f"template-versions/{draft.pk}/export/")).status_code == 404


def test_it_shows_draft_template_versions_to_coordinators(login, eu_coordinator, campaign):
    draft = TemplateVersionFactory(status=TemplateVersion.Status.DRAFT, published_at=None)
    assert login(eu_coordinator).get(url(f"template-versions/{draft.pk}/")).status_code == 200


def test_it_lists_campaigns(login, observer, campaign):
    body = login(observer).get(url("campaigns/?status=open")).json()
    assert [c["name"] for c in body["results"]] == ["2026 annual"]
    assert login(observer).get(url("campaigns/?status=closed")).json()["count"] == 0


def test_it_never_lists_another_states_confidential_designation(login, fr_regulator, de_regulator, supplier, france):
    DesignationFactory(member_state=france, supplier=supplier, confidential=True, legal_instrument="Décret 1")
    mine = login(fr_regulator).get(url("designations/")).json()
    assert [(d["member_state"], d["legal_instrument"]) for d in mine] == [("FR", "Décret 1")]
    theirs = login(de_regulator).get(url("designations/")).json()
    assert theirs == []


def test_it_lists_public_designations_and_confidential_aggregates(login, observer, supplier):
    states = [MemberStateFactory(iso_code=code) for code in ("AT", "BE", "CZ", "DK")]
    DesignationFactory(member_state=states[0], supplier=supplier, confidential=False, legal_instrument="Law 7")
    for state in states[1:]:
        DesignationFactory(member_state=state, supplier=supplier, confidential=True)
    rows = login(observer).get(url("designations/")).json()
    public = [r for r in rows if r["kind"] == "designation"]
    aggregates = [r for r in rows if r["kind"] == "aggregate"]
    assert [r["member_state"] for r in public] == ["AT"]
    assert len(aggregates) == 1 and aggregates[0]["count"] == 3 and aggregates[0]["member_state"] == ""


def test_a_campaign_says_which_deadline_applies_to_your_member_state(
    login, fr_regulator, de_regulator, observer, campaign
):
    """A coordinator extended France's deadline: French users read their date, others the campaign's."""
    import datetime as dt

    from riskassess.questionnaires.models import StateDeadline

    later = campaign.deadline + dt.timedelta(days=14)
    StateDeadline.objects.create(campaign=campaign, member_state=fr_regulator.member_state, deadline=later)

    def mine(user):
        (row,) = login(user).get(url("campaigns/")).json()["results"]
        return row["deadline"], row["your_deadline"]

    assert mine(fr_regulator) == (campaign.deadline.isoformat(), later.isoformat())
    assert mine(de_regulator) == (campaign.deadline.isoformat(), campaign.deadline.isoformat())
    assert mine(observer) == (campaign.deadline.isoformat(), None)
