"""Two-factor login (TOTP) for approvers and EU coordinators when OTP_REQUIRED is on."""

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from riskassess.audit.models import AuditEvent
from tests.conftest import PASSWORD

VERIFY = "/accounts/two-factor/"
ENROL = "/accounts/two-factor/set-up/"

pytestmark = pytest.mark.usefixtures("otp_required")


@pytest.fixture
def otp_required():
    with override_settings(OTP_REQUIRED=True):
        yield


def _login(client, user) -> None:
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "password login failed"


def _token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def approver_device(fr_approver) -> TOTPDevice:
    return TOTPDevice.objects.create(user=fr_approver, name="phone", confirmed=True)


@pytest.mark.parametrize("path", ["/", "/dashboard/", "/admin/", "/reports/", "/accounts/no-such-page/"])
def test_it_sends_an_unverified_approver_to_the_code_page(client, fr_approver, approver_device, path):
    _login(client, fr_approver)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)


def test_it_refuses_the_api_to_an_unverified_approver(client, fr_approver, approver_device):
    _login(client, fr_approver)
    response = client.get("/api/schema/")
    assert response.status_code == 403
    assert "Two-factor" in response.json()["detail"]


def test_it_lets_the_approver_in_with_a_valid_code(client, fr_approver, approver_device):
    _login(client, fr_approver)
    response = client.post(VERIFY, {"token": _token(approver_device), "next": "/"})
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(actor=fr_approver, action="login", data__step="otp").exists()


def test_it_refuses_a_wrong_code(client, fr_approver, approver_device):
    _login(client, fr_approver)
    wrong = f"{(int(_token(approver_device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"token": wrong, "next": "/"})
    assert response.status_code == 200
    assert b"That code is not right" in response.content
    assert client.get("/").url.startswith(VERIFY)
    assert AuditEvent.objects.filter(actor=fr_approver, action="login_failed", data__step="otp").exists()


def test_it_refuses_a_code_that_was_already_used(client, fr_approver, approver_device):
    token = _token(approver_device)
    _login(client, fr_approver)
    assert client.post(VERIFY, {"token": token}).status_code == 302
    client.logout()
    _login(client, fr_approver)
    assert client.post(VERIFY, {"token": token}).status_code == 200
    assert client.get("/").url.startswith(VERIFY)


def test_it_asks_coordinators_too(client, eu_coordinator):
    _login(client, eu_coordinator)
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)


def test_it_does_not_ask_regulators(client, fr_regulator):
    _login(client, fr_regulator)
    assert client.get("/").status_code == 200


def test_it_does_not_ask_anyone_when_switched_off(client, fr_approver, approver_device):
    with override_settings(OTP_REQUIRED=False):
        _login(client, fr_approver)
        assert client.get("/").status_code == 200


def test_it_sends_an_approver_without_a_device_to_enrolment(client, fr_approver):
    _login(client, fr_approver)
    response = client.get(VERIFY, {"next": "/"})
    assert response.status_code == 302
    assert response.url.startswith(ENROL)


def test_it_enrols_with_a_qr_code_and_a_first_code(client, fr_approver):
    _login(client, fr_approver)
    page = client.get(ENROL)
    assert page.status_code == 200
    body = page.content.decode()
    assert '<svg role="img"' in body
    device = TOTPDevice.objects.get(user=fr_approver)
    assert not device.confirmed
    assert page.context["secret"] in body.replace(" ", "").replace("\n", "")
    assert client.get("/").url.startswith(VERIFY)  # enrolment alone lets nobody in

    response = client.post(ENROL, {"token": _token(device), "next": "/"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_it_refuses_enrolment_with_a_wrong_code(client, fr_approver):
    _login(client, fr_approver)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=fr_approver)
    wrong = f"{(int(_token(device)) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"token": wrong})
    assert response.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed


def test_it_never_shows_the_secret_again_once_enrolled(client, fr_approver, approver_device):
    _login(client, fr_approver)
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)


def test_it_keeps_regulators_out_of_the_two_factor_pages(client, fr_regulator):
    _login(client, fr_regulator)
    assert client.get(ENROL).status_code == 302
    assert client.get(VERIFY).status_code == 302
    assert not TOTPDevice.objects.filter(user=fr_regulator).exists()
