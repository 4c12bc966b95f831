"""API tokens expire, can be read-only, and with two-factor login on are made only from a verified
session (and work only when made so): a token cannot bypass the second factor."""

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from riskassess.api.models import ApiToken
from riskassess.api.services import api_token_create
from riskassess.core.exceptions import ApplicationError


def _get(client, key, assessment):
    return client.get(f"/api/v1/assessments/{assessment.pk}/", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_token_expires(client, fr_regulator, fr_assessment):
    token, key = api_token_create(user=fr_regulator, name="sync", days=7)
    assert token.expires_at - timezone.now() > dt.timedelta(days=6)
    assert _get(client, key, fr_assessment).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = _get(client, key, fr_assessment)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_read_only_token_reads_but_never_writes(client, fr_regulator, fr_assessment):
    _token, key = api_token_create(user=fr_regulator, name="read", read_only=True)
    assert _get(client, key, fr_assessment).status_code == 200
    response = client.post(
        f"/api/v1/assessments/{fr_assessment.pk}/answers/",
        {"values": {"A4": "yes"}, "version": fr_assessment.version},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


@pytest.mark.parametrize(("days", "name"), [(3650, "ok"), (7, "bad\x00name"), (7, "\x1b[31mred")])
def test_it_refuses_odd_lifetimes_and_control_characters(fr_regulator, days, name):
    with pytest.raises(ApplicationError):
        api_token_create(user=fr_regulator, name=name, days=days)


@override_settings(OTP_REQUIRED=True)
def test_with_two_factor_on_a_token_made_before_it_does_not_work(client, fr_regulator, fr_assessment):
    with override_settings(OTP_REQUIRED=False):
        _token, key = api_token_create(user=fr_regulator, name="old")
    response = _get(client, key, fr_assessment)
    assert response.status_code == 401
    assert "second factor" in response.json()["detail"]
    with pytest.raises(ApplicationError, match="two-factor"):
        api_token_create(user=fr_regulator, name="unverified")
    _token, verified_key = api_token_create(user=fr_regulator, name="new", verified=True)
    assert _get(client, verified_key, fr_assessment).status_code == 200


def test_the_tokens_page_makes_a_read_only_token_with_a_lifetime(client, fr_regulator):
    client.force_login(fr_regulator)
    response = client.post(reverse("api-tokens"), {"name": "export", "days": "30", "read_only": "on"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=fr_regulator)
    assert token.read_only and 29 <= (token.expires_at - timezone.now()).days <= 30
    assert "no-store" in response["Cache-Control"]
    assert client.post(reverse("api-tokens"), {"name": "x", "days": "abc"}).status_code == 400
