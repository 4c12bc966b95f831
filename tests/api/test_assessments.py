"""Assessments through the API: list, create, detail, TLP marking with the version check."""

import pytest

from riskassess.questionnaires.models import Assessment, Campaign
from tests.api.conftest import url
from tests.factories import AssessmentFactory, SupplierFactory


def test_it_lists_only_the_own_member_states_assessments(login, fr_regulator, fr_assessment, de_assessment):
    response = login(fr_regulator).get(url("assessments/"))
    assert response.status_code == 200
    body = response.json()
    assert [a["id"] for a in body["results"]] == [fr_assessment.pk]
    assert body["results"][0]["member_state"] == "FR" and body["results"][0]["version"] == 1


def test_it_lists_only_submitted_assessments_to_a_coordinator(login, eu_coordinator, submitted, de_assessment):
    body = login(eu_coordinator).get(url("assessments/")).json()
    assert [a["id"] for a in body["results"]] == [submitted.pk]


def test_it_lists_nothing_to_an_observer(login, observer, fr_assessment):
    assert login(observer).get(url("assessments/")).json()["count"] == 0


def test_it_filters_and_orders(login, fr_regulator, fr_assessment, campaign, france):
    other = AssessmentFactory(campaign=campaign, member_state=france, supplier=SupplierFactory(name="Aaa Networks"))
    client = login(fr_regulator)
    ids = [a["id"] for a in client.get(url("assessments/?ordering=supplier__name")).json()["results"]]
    assert ids == [other.pk, fr_assessment.pk]
    ids = [a["id"] for a in client.get(url(f"assessments/?supplier={other.supplier_id}")).json()["results"]]
    assert ids == [other.pk]
    assert client.get(url("assessments/?status=approved")).json()["count"] == 0
    assert client.get(url("assessments/?member_state=FR&page_size=1")).json()["count"] == 2
    response = client.get(url("assessments/?status=nonsense"))
    assert response.status_code == 400 and "status" in response.json()["errors"]


def test_it_creates_an_assessment_for_the_own_member_state(login, fr_regulator, campaign):
    supplier = SupplierFactory(name="Radio Oy")
    response = login(fr_regulator).post(url("assessments/"), {"campaign": campaign.pk, "supplier": supplier.pk})
    assert response.status_code == 201, response.content
    created = Assessment.objects.get(pk=response.json()["id"])
    assert created.member_state == fr_regulator.member_state and created.created_by == fr_regulator
    assert response.json()["is_editable"] is True


def test_it_refuses_to_create_with_bad_input(login, fr_regulator, campaign):
    response = login(fr_regulator).post(url("assessments/"), {"campaign": 999999}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"campaign", "supplier"}
    assert response.json()["detail"].startswith("Check these fields")


def test_it_refuses_to_create_in_a_closed_campaign(login, fr_regulator, campaign, supplier):
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    response = login(fr_regulator).post(url("assessments/"), {"campaign": campaign.pk, "supplier": supplier.pk})
    assert response.status_code == 400
    assert response.json()["code"] == "closed" and "closed" in response.json()["detail"]


@pytest.mark.parametrize("persona", ["eu_coordinator", "observer"])
def test_it_refuses_creation_to_eu_roles(login, request, persona, campaign, supplier):
    user = request.getfixturevalue(persona)
    response = login(user).post(url("assessments/"), {"campaign": campaign.pk, "supplier": supplier.pk})
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_it_shows_the_detail_with_the_version(login, fr_regulator, fr_assessment):
    body = login(fr_regulator).get(url(f"assessments/{fr_assessment.pk}/")).json()
    assert body["id"] == fr_assessment.pk and body["version"] == 1 and body["tlp"] == "TLP:AMBER"
    assert body["supplier_name"] == "Nordic Radio"


def test_it_changes_the_tlp_marking(login, fr_regulator, fr_assessment):
    response = login(fr_regulator).patch(
        url(f"assessments/{fr_assessment.pk}/"), {"version": 1, "tlp": "TLP:RED"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["tlp"] == "TLP:RED" and response.json()["version"] == 2
    fr_assessment.refresh_from_db()
    assert fr_assessment.tlp == "TLP:RED"


def test_it_refuses_a_stale_tlp_change(login, fr_regulator, fr_assessment):
    Assessment.objects.filter(pk=fr_assessment.pk).update(version=5)
    response = login(fr_regulator).patch(
        url(f"assessments/{fr_assessment.pk}/"), {"version": 4, "tlp": "TLP:RED"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 5 and response.json()["code"] == "stale"
    fr_assessment.refresh_from_db()
    assert fr_assessment.tlp == "TLP:AMBER"


def test_it_names_each_invalid_field(login, fr_regulator, fr_assessment):
    response = login(fr_regulator).patch(url(f"assessments/{fr_assessment.pk}/"), {"tlp": "PINK"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"version", "tlp"}


def test_it_refuses_a_tlp_change_after_submission(login, fr_regulator, submitted):
    response = login(fr_regulator).patch(
        url(f"assessments/{submitted.pk}/"), {"version": submitted.version, "tlp": "TLP:RED"}, format="json"
    )
    assert response.status_code == 403
