"""Two-factor login (TOTP or a recovery code) for every role when OTP_REQUIRED is on; no enrolment
by password alone (enrolment links are in test_enrolment.py)."""

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


@pytest.mark.parametrize("persona", ["fr_regulator", "observer"])
def test_it_asks_regulators_and_observers_too(client, persona, request):
    user = request.getfixturevalue(persona)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _login(client, user)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)


def test_it_does_not_ask_anyone_when_switched_off(client, fr_approver, approver_device):
    with override_settings(OTP_REQUIRED=False):
        _login(client, fr_approver)
        assert client.get("/").status_code == 200


def test_it_sends_an_approver_without_a_device_to_enrolment(client, fr_approver):
    _login(client, fr_approver)
    response = client.get(VERIFY, {"next": "/"})
    assert response.status_code == 302
    assert response.url.startswith(ENROL)


def test_the_first_password_login_does_not_enrol_an_authenticator(client, fr_approver):
    _login(client, fr_approver)
    page = client.get(ENROL)
    assert page.status_code == 200
    body = page.content.decode()
    assert "enrolment link" in body and "<svg" not in body
    assert not TOTPDevice.objects.filter(user=fr_approver).exists()
    assert client.post(ENROL, {"token": "123456"}).status_code == 405
    assert client.get("/").url.startswith(VERIFY)  # still nobody in


def test_it_never_shows_the_secret_again_once_enrolled(client, fr_approver, approver_device):
    _login(client, fr_approver)
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)


@pytest.mark.parametrize("next_url", ["foo", "x y", "//evil.example/", "https://evil.example/", "/ok/\x00"])
def test_a_bad_next_is_replaced_by_the_home_page(client, fr_approver, approver_device, next_url):
    _login(client, fr_approver)
    for path in (VERIFY, ENROL):
        response = client.get(path, {"next": next_url})
        assert response.status_code in (200, 302, 400), response.status_code
    response = client.post(VERIFY, {"token": _token(approver_device), "next": next_url})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert response.url == "/"


def test_a_recovery_code_works_once(client, fr_approver, approver_device):
    from riskassess.accounts.services import recovery_codes_replace

    codes = recovery_codes_replace(user=fr_approver)
    _login(client, fr_approver)
    assert client.post(VERIFY, {"token": codes[0].upper(), "next": "/"}).status_code == 302
    assert client.get("/").status_code == 200
    client.logout()
    _login(client, fr_approver)
    response = client.post(VERIFY, {"token": codes[0], "next": "/"})
    assert response.status_code == 200
    assert client.get("/").url.startswith(VERIFY)
