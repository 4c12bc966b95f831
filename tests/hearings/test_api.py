"""The hearing through the API: opened by a regulator, answered by the supplier, decided; the
record of the procedure asked for; statements stated once and read by every state."""

import datetime as dt

from django.utils import timezone

from tests.api.conftest import url


def test_a_hearing_end_to_end_through_the_api(fr_regulator, supplier_user, supplier, de_regulator):
    from rest_framework.test import APIClient

    regulator, heard, other = APIClient(), APIClient(), APIClient()
    regulator.force_authenticate(fr_regulator)
    heard.force_authenticate(supplier_user)
    other.force_authenticate(de_regulator)
    deadline = (timezone.localdate() + dt.timedelta(days=21)).isoformat()
    opened = regulator.post(
        url("hearings/"),
        {
            "supplier": supplier.pk,
            "subject": "Control by a foreign state",
            "grounds": "Ownership links",
            "deadline": deadline,
            "documents": [{"title": "Extract", "tlp": "TLP:GREEN", "withheld": "annex", "withheld_reason": "secret"}],
        },
        format="json",
    )
    assert opened.status_code == 201, opened.content
    pk = opened.json()["id"]
    assert opened.json()["documents"][0]["withheld_reason"] == "secret"
    assert other.get(url(f"hearings/{pk}/")).status_code == 404
    seen = heard.get(url("hearings/")).json()["results"]
    assert [h["id"] for h in seen] == [pk]
    answer = heard.post(url(f"hearings/{pk}/answers/"), {"statement": "We are independent."}, format="json")
    assert answer.status_code == 201
    assert (
        heard.post(
            url(f"hearings/{pk}/decision/"), {"outcome": "no_measure", "reasoning": "r"}, format="json"
        ).status_code
        == 404
    )
    decided = regulator.post(
        url(f"hearings/{pk}/decision/"),
        {
            "outcome": "conditions",
            "reasoning": "Conditions on the core.",
            "cited_answers": [answer.json()["id"]],
            "instrument": "Arrêté",
            "instrument_date": "2026-12-01",
        },
        format="json",
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "decided" and decided.json()["cited_answers"] == [answer.json()["id"]]
    record = regulator.post(url("reports/"), {"kind": "hearing", "hearing": pk}, format="json")
    assert record.status_code in (200, 202), record.content
    assert record.json()["hearing"] == pk
    assert heard.post(url("reports/"), {"kind": "hearing", "hearing": pk}, format="json").status_code == 404
    assert other.post(url("reports/"), {"kind": "hearing", "hearing": pk}, format="json").status_code == 404


def test_statements_are_stated_once_and_read_by_every_state(supplier_user, other_supplier_user, de_regulator, observer):
    from rest_framework.test import APIClient

    heard, other_supplier, regulator, obs = APIClient(), APIClient(), APIClient(), APIClient()
    heard.force_authenticate(supplier_user)
    other_supplier.force_authenticate(other_supplier_user)
    regulator.force_authenticate(de_regulator)
    obs.force_authenticate(observer)
    made = heard.post(
        url("supplier-statements/"), {"topic": "manufacturing", "text": "Finland, Estonia"}, format="json"
    )
    assert made.status_code == 201
    pk = made.json()["id"]
    assert regulator.get(url(f"supplier-statements/{pk}/")).json()["text"] == "Finland, Estonia"
    assert other_supplier.get(url(f"supplier-statements/{pk}/")).status_code == 404
    assert other_supplier.get(url("supplier-statements/")).json()["results"] == []
    assert obs.get(url(f"supplier-statements/{pk}/")).status_code == 404
    assert regulator.delete(url(f"supplier-statements/{pk}/")).status_code == 403
    assert heard.delete(url(f"supplier-statements/{pk}/")).status_code == 204


def test_a_supplier_token_reaches_nothing_outside_the_portal(supplier_user, client, fr_assessment):
    from riskassess.api.services import api_token_create

    _token, key = api_token_create(user=supplier_user, name="portal")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    for path in (
        "campaigns/",
        "suppliers/",
        "assessments/",
        f"assessments/{fr_assessment.pk}/",
        "designations/",
        "reports/",
    ):
        assert client.get(url(path), **headers).status_code == 404, path
    assert client.get(url("hearings/"), **headers).status_code == 200
