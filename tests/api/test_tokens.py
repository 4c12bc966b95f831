"""Personal API tokens: created on the tokens page and shown once, stored hashed, used as a
Bearer header, revoked."""

import hashlib

import pytest
from django.urls import reverse

from riskassess.api.models import ApiToken


@pytest.fixture
def created(client, fr_regulator):
    client.force_login(fr_regulator)
    response = client.post(reverse("api-tokens"), {"name": "fr nightly export"})
    token = ApiToken.objects.get(user=fr_regulator)
    key = response.context["new_key"]
    return response, token, key


def test_it_shows_the_new_key_once_and_stores_only_its_hash(client, created):
    response, token, key = created
    assert response.status_code == 200
    assert key.startswith("ra_") and key in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.prefix, token.key_hash, token.name}
    again = client.get(reverse("api-tokens")).content.decode()
    assert key not in again and "fr nightly export" in again


def test_it_refuses_a_token_without_a_name(client, fr_regulator):
    client.force_login(fr_regulator)
    response = client.post(reverse("api-tokens"), {"name": "  "})
    assert response.status_code == 400
    assert "Give the token a name." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_it_authenticates_with_the_token(client, created, fr_assessment):
    _, token, key = created
    client.logout()
    response = client.get(f"/api/v1/assessments/{fr_assessment.pk}/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["id"] == fr_assessment.pk
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert client.get("/api/v1/assessments/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_it_refuses_a_wrong_or_malformed_token(client, created, fr_assessment):
    _, _, key = created
    client.logout()
    for header in (f"Bearer {key[:-1]}x", "Bearer ra_nope", "Bearer", f"Bearer {key} extra"):
        response = client.get("/api/v1/assessments/", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/assessments/").status_code == 401


def test_it_revokes_a_token(client, created):
    _, token, key = created
    response = client.post(reverse("api-token-revoke", args=[token.pk]), follow=True)
    assert "is revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get("/api/v1/assessments/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_it_hides_other_users_tokens(client, created, de_regulator):
    _, token, _ = created
    client.force_login(de_regulator)
    assert client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 404
    assert "fr nightly export" not in client.get(reverse("api-tokens")).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_requires_login_for_the_tokens_page(client, db):
    response = client.get(reverse("api-tokens"))
    assert response.status_code == 302 and "/login/" in response.url
