"""Exchange bundles through the API: export for EU roles, import for coordinators, opt-in by approvers."""

from rest_framework.test import APIClient

from riskassess.exchange import jws
from riskassess.exchange.models import ExchangeOptIn, ImportedBundle
from tests.factories import UserFactory


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def test_eu_roles_export_and_coordinators_import(campaign, scored, observer, eu_coordinator, fr_regulator):
    url = f"/api/v1/exchange/campaigns/{campaign.pk}/bundle/"
    assert _client(fr_regulator).get(url).status_code == 403
    response = _client(observer).get(url)
    assert response.status_code == 200
    envelope = response.json()
    assert set(envelope) == {"protected", "payload", "signature"}
    assert _client(observer).post("/api/v1/exchange/bundles/", envelope, format="json").status_code == 403
    created = _client(eu_coordinator).post("/api/v1/exchange/bundles/", envelope, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["records"] == 0 and ImportedBundle.objects.count() == 1


def test_the_api_refuses_a_tampered_bundle_with_its_reason(campaign, scored, eu_coordinator):
    envelope = _client(eu_coordinator).get(f"/api/v1/exchange/campaigns/{campaign.pk}/bundle/").json()
    envelope["payload"] = jws.b64(jws.unb64(envelope["payload"]).replace(b'"version":1', b'"version":1 '))
    response = _client(eu_coordinator).post("/api/v1/exchange/bundles/", envelope, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "code": "bundle_refused",
        "detail": "The bundle was changed after it was signed: its signature does not match.",
    }
    assert not ImportedBundle.objects.exists()


def test_a_states_approver_opts_in(campaign, france, fr_regulator):
    url = f"/api/v1/exchange/campaigns/{campaign.pk}/opt-in/"
    assert _client(fr_regulator).put(url, {"opted_in": True}, format="json").status_code == 403
    approver = UserFactory(role="approver", member_state=france)
    response = _client(approver).put(url, {"opted_in": True}, format="json")
    assert response.status_code == 200
    assert response.json() == {"campaign": campaign.pk, "member_state": "FR", "opted_in": True}
    assert ExchangeOptIn.objects.get(member_state=france, campaign=campaign).opted_in
