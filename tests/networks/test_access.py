"""Who reaches which networks page and API route (404 for anyone else, 403 on the API's EU routes)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from riskassess.networks.models import InventoryShare
from tests.networks.conftest import csv_rows

NATIONAL_PAGES = ["networks:inventory", "networks:phaseout", "networks:toolbox"]
EU_PAGES = ["networks:phaseout_eu", "networks:toolbox_matrix"]


@pytest.mark.parametrize("name", NATIONAL_PAGES)
def test_national_pages_are_for_the_states_users(client, name, fr_regulator, fr_approver, eu_coordinator, observer):
    for user, expected in ((fr_regulator, 200), (fr_approver, 200), (eu_coordinator, 404), (observer, 404)):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == expected, user


@pytest.mark.parametrize("name", EU_PAGES)
def test_eu_pages_are_for_coordinators_and_observers(client, name, fr_regulator, eu_coordinator, observer):
    for user, expected in ((fr_regulator, 404), (eu_coordinator, 200), (observer, 200)):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == expected, user


def test_one_states_phase_out_for_its_users_and_coordinators(
    client, france, fr_regulator, de_regulator, eu_coordinator, observer
):
    url = reverse("networks:phaseout_state", args=["FR"])
    for user, expected in ((fr_regulator, 200), (eu_coordinator, 200), (de_regulator, 404), (observer, 404)):
        client.force_login(user)
        assert client.get(url).status_code == expected, user


def test_only_regulators_import(client, france, fr_operators, vendors, asset_classes, fr_approver, fr_regulator):
    content = csv_rows([("orange", "core", "5G SA", "Nordic Radio", "sites", 40, "2026-06-30")])
    client.force_login(fr_approver)
    upload = SimpleUploadedFile("fr.csv", content, content_type="text/csv")
    assert client.post(reverse("networks:inventory_import"), {"file": upload}).status_code == 404
    client.force_login(fr_regulator)
    upload = SimpleUploadedFile("fr.csv", content, content_type="text/csv")
    r = client.post(reverse("networks:inventory_import"), {"file": upload}, follow=True)
    assert b"Imported 1 rows" in r.content or b"Imported 1 row" in r.content
    assert InventoryShare.objects.filter(member_state=france).count() == 1


def test_a_refused_file_lists_its_rows_on_the_page(client, france, fr_operators, vendors, asset_classes, fr_regulator):
    content = csv_rows([("orange", "core", "5G SA", "Acme", "sites", 40, "2026-06-30")])
    client.force_login(fr_regulator)
    r = client.post(reverse("networks:inventory_import"), {"file": SimpleUploadedFile("x.csv", content)}, follow=True)
    assert b"The file was refused" in r.content
    assert b"Unknown supplier &#x27;Acme&#x27;" in r.content or b"Unknown supplier 'Acme'" in r.content
    assert not InventoryShare.objects.exists()


def test_api_import_and_phaseout(client, france, fr_operators, vendors, asset_classes, fr_regulator, fr_designation):
    client.force_login(fr_regulator)
    bad = csv_rows([("orange", "core", "5G SA", "Acme", "sites", 40, "2026-06-30")])
    r = client.post(reverse("api-networks-inventory-import"), {"file": SimpleUploadedFile("x.csv", bad)})
    assert r.status_code == 400 and r.json()["rows"][0]["row"] == 2
    good = csv_rows([("orange", "core", "5G SA", "Red Dragon Telecom", "sites", 40, "2026-06-30")])
    r = client.post(reverse("api-networks-inventory-import"), {"file": SimpleUploadedFile("x.csv", good)})
    assert r.status_code == 201 and r.json()["rows"] == 1
    lines = client.get(reverse("api-networks-phaseout")).json()["lines"]
    assert lines[0]["part"] == "core" and lines[0]["points"][0]["share"] == 40.0
    assert client.get(reverse("api-networks-phaseout-eu")).status_code == 403


def test_api_toolbox_four_eyes(client, fr_regulator, fr_approver, observer):
    client.force_login(fr_regulator)
    r = client.post(
        reverse("api-networks-toolbox-entries"),
        {"measure": "SM05", "status": "in_preparation"},
        content_type="application/json",
    )
    assert r.status_code == 201
    pk = r.json()["id"]
    assert (
        client.post(
            reverse("api-networks-toolbox-review", args=[pk]), {"approve": True}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(fr_approver)
    r = client.post(
        reverse("api-networks-toolbox-review", args=[pk]), {"approve": True}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["review"] == "approved"
    client.force_login(observer)
    matrix = client.get(reverse("api-networks-toolbox-matrix")).json()
    fr = next(s for s in matrix["member_states"] if s["eu_code"] == "FR")
    assert fr["statuses"]["SM05"] == "in_preparation" and fr["statuses"]["SM01"] is None


def test_a_coordinator_on_a_states_phase_out_is_offered_no_national_page(client, eu_coordinator, france, fr_operators):
    from django.urls import reverse

    client.force_login(eu_coordinator)
    page = client.get(reverse("networks:phaseout_state", args=["FR"])).content.decode()
    assert reverse("networks:inventory") not in page and reverse("networks:toolbox") not in page
    assert reverse("networks:phaseout_eu") in page
