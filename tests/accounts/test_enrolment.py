"""Enrolment only through a single-use, expiring link sent to the account's address: the person
chooses their password, sets up the authenticator and gets recovery codes. A reset of the second
factor makes the user's older API tokens stop working."""

import datetime as dt
import re

import pytest
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from riskassess.accounts.models import EnrolmentLink
from riskassess.accounts.services import account_reset_second_factor, enrolment_link_issue
from riskassess.api.services import api_token_create

NEW_PASSWORD = "violet harbour lantern 81"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def link_path(fr_regulator, mailoutbox):
    fr_regulator.email = "fr@arcep.example"
    fr_regulator.save()
    enrolment_link_issue(user=fr_regulator)
    return re.search(r"(/accounts/enrol/[^/\s]+/)", mailoutbox[-1].body).group(1)


def _enrol(client, path, user):
    page = client.get(path)
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "token": _code(device)})


@override_settings(OTP_REQUIRED=True)
def test_the_link_sets_password_authenticator_and_recovery_codes_once(client, link_path, fr_regulator):
    response = _enrol(client, link_path, fr_regulator)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    codes = response.context["codes"]
    assert len(codes) == 10 and StaticToken.objects.filter(device__user=fr_regulator).count() == 10
    fr_regulator.refresh_from_db()
    assert fr_regulator.check_password(NEW_PASSWORD)
    assert TOTPDevice.objects.get(user=fr_regulator).confirmed
    assert client.get("/").status_code == 200  # logged in and verified
    client.logout()
    assert client.get(link_path).status_code == 404  # single use


def test_an_expired_or_replaced_link_does_not_work(client, link_path, fr_regulator, mailoutbox):
    EnrolmentLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(link_path).status_code == 404
    enrolment_link_issue(user=fr_regulator)
    newer = re.search(r"(/accounts/enrol/[^/\s]+/)", mailoutbox[-1].body).group(1)
    assert client.get(newer).status_code == 200
    assert client.get("/accounts/enrol/not-a-key/").status_code == 404


def test_a_weak_password_or_wrong_code_sets_nothing(client, link_path, fr_regulator):
    client.get(link_path)
    response = client.post(link_path, {"password1": "123456789012", "password2": "123456789012", "token": "000000"})
    assert response.status_code == 400
    fr_regulator.refresh_from_db()
    assert fr_regulator.check_password("correct horse battery staple")
    assert not TOTPDevice.objects.filter(user=fr_regulator, confirmed=True).exists()


@override_settings(OTP_REQUIRED=True)
def test_a_reset_of_the_second_factor_refuses_older_tokens(client, fr_regulator, fr_assessment, mailoutbox):
    fr_regulator.email = "fr@arcep.example"
    fr_regulator.save()
    TOTPDevice.objects.create(user=fr_regulator, name="phone", confirmed=True)
    _token, key = api_token_create(user=fr_regulator, name="sync", verified=True)
    url = f"/api/v1/assessments/{fr_assessment.pk}/"
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    account_reset_second_factor(manager=None, user=fr_regulator)
    assert not TOTPDevice.objects.filter(user=fr_regulator).exists()
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401
    assert "second factor" in response.json()["detail"]
    assert "/accounts/enrol/" in mailoutbox[-1].body
