"""/api/v1/register/: list with filters, detail with versions, create and amend by the deciding
authority; another state's confidential record answers 404, as one that does not exist."""

from django.urls import reverse

from riskassess.register.models import LegalRecord, RecordVersion


def test_a_regulator_records_and_amends_a_decision(client, fr_regulator, supplier, asset_classes):
    client.force_login(fr_regulator)
    body = {
        "supplier": supplier.pk,
        "kind": "share_cap",
        "instrument": "Décision n° 2026-01",
        "instrument_date": "2026-01-15",
        "share_cap_percent": "35.00",
        "scopes": [{"asset_class": "ran_general", "technology": "g5_sa", "phase_out_deadline": "2028-12-31"}],
        "confidential": False,
        "reason": "After the national assessment",
    }
    response = client.post(reverse("api-register-records"), body, content_type="application/json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["authority"] == "FR" and data["current"]["share_cap_percent"] == "35.00"
    assert data["current"]["scopes"][0]["technology"] == "g5_sa"
    amend = {
        **body,
        "appeal_status": "appealed",
        "court": "Conseil d'État",
        "case_reference": "498765",
        "reason": "Appeal lodged",
    }
    amend.pop("supplier")
    response = client.post(
        reverse("api-register-record-amend", args=[data["id"]]), amend, content_type="application/json"
    )
    assert response.status_code == 201
    detail = client.get(reverse("api-register-record", args=[data["id"]])).json()
    assert [v["number"] for v in detail["versions"]] == [1, 2]
    assert detail["current"]["court"] == "Conseil d'État"
    assert RecordVersion.objects.filter(record_id=data["id"]).count() == 2


def test_an_invalid_decision_is_a_400_and_writes_nothing(client, fr_regulator, supplier, asset_classes):
    client.force_login(fr_regulator)
    body = {
        "supplier": supplier.pk,
        "kind": "share_cap",
        "instrument": "D",
        "instrument_date": "2026-01-15",
        "confidential": False,
        "reason": "x",
    }
    response = client.post(reverse("api-register-records"), body, content_type="application/json")
    assert response.status_code == 400 and "cap" in response.json()["detail"]
    assert not LegalRecord.objects.exists()


def test_another_state_gets_404_for_a_confidential_record_and_403_for_amending_a_public_one(
    client, de_regulator, fr_secret, de_public, fr_regulator
):
    client.force_login(de_regulator)
    assert client.get(reverse("api-register-record", args=[fr_secret.pk])).status_code == 404
    amend = {
        "kind": "designation",
        "instrument": "x",
        "instrument_date": "2026-01-01",
        "confidential": False,
        "reason": "x",
    }
    url = reverse("api-register-record-amend", args=[fr_secret.pk])
    assert client.post(url, amend, content_type="application/json").status_code == 404
    ids = [r["id"] for r in client.get(reverse("api-register-records")).json()]
    assert fr_secret.pk not in ids and de_public.pk in ids
    client.force_login(fr_regulator)
    url = reverse("api-register-record-amend", args=[de_public.pk])
    assert client.post(url, amend, content_type="application/json").status_code == 403
    assert client.get(reverse("api-register-record", args=[fr_secret.pk])).json()["current"]["confidential"] is True


def test_observers_read_and_never_write_coordinators_decide_at_eu_level(
    client, observer, eu_coordinator, fr_secret, eu_record, supplier
):
    client.force_login(observer)
    listing = client.get(reverse("api-register-records"), {"authority": "EU"}).json()
    assert [r["id"] for r in listing] == [eu_record.pk]
    assert client.get(reverse("api-register-record", args=[fr_secret.pk])).status_code == 404
    body = {
        "supplier": supplier.pk,
        "eu_level": True,
        "kind": "designation",
        "instrument": "x",
        "instrument_date": "2027-01-01",
        "confidential": False,
        "reason": "x",
    }
    assert client.post(reverse("api-register-records"), body, content_type="application/json").status_code == 403
    client.force_login(eu_coordinator)
    response = client.post(reverse("api-register-records"), body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["authority"] == "EU"
    assert response.json()["current"]["scopes"][0]["phase_out_deadline"] == "2030-01-01"  # 36 months
    national = {**body, "eu_level": False}
    assert client.post(reverse("api-register-records"), national, content_type="application/json").status_code == 403
