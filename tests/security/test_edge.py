"""The edge: control characters refused consistently (path, query, form, JSON), no-store on every
authenticated response and download, sandboxed API downloads, and login failures limited per
address across usernames (password spraying)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from riskassess.questionnaires import services
from tests.conftest import PASSWORD

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/dashboard/states/%00/", None),
        ("get", "/accounts/two-factor/?next=%00", None),
        ("get", "/api/v1/suppliers/?search=a%00b", None),
        ("post", "/api/tokens/", {"name": "bad\x00name"}),
        ("post", "/api/tokens/", {"name": "esc\x1b[31m"}),
    ],
)
def test_control_characters_are_refused_with_a_clear_400(client, fr_regulator, method, path, data):
    client.force_login(fr_regulator)
    response = getattr(client, method)(path, data or {})
    assert response.status_code == 400
    assert "control characters" in response.content.decode()


def test_a_nul_in_a_json_string_is_refused(client, fr_regulator, fr_assessment):
    client.force_login(fr_regulator)
    response = client.post(
        f"/api/v1/assessments/{fr_assessment.pk}/answers/",
        '{"values": {"A4a": "Ministry\\u0000"}, "version": 1}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "control characters" in response.json()["detail"]


def test_tabs_and_newlines_pass(client, fr_regulator):
    client.force_login(fr_regulator)
    assert client.post("/api/tokens/", {"name": "line one\tand two"}).status_code == 200


def test_authenticated_pages_are_not_stored(client, fr_regulator):
    client.force_login(fr_regulator)
    for path in ("/", "/api/v1/suppliers/", reverse("api-tokens")):
        assert "no-store" in client.get(path)["Cache-Control"], path


def test_api_evidence_downloads_are_sandboxed_and_not_stored(client, fr_regulator, fr_assessment, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    evidence = services.evidence_add_file(
        assessment=fr_assessment, user=fr_regulator, question_key="A4", uploaded_file=SimpleUploadedFile("a.pdf", PDF)
    )
    client.force_login(fr_regulator)
    response = client.get(f"/api/v1/evidence/{evidence.pk}/download/")
    assert response.status_code == 200
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_password_spraying_from_one_address_is_locked_out(client, settings, fr_regulator, fr_approver):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    statuses = [
        client.post(reverse("login"), {"username": f"someone-{i}", "password": "wrong password 1"}).status_code
        for i in range(3)
    ]
    assert statuses == [200, 200, 429]  # one try for each of three usernames, then the address is locked
    # Another username, even with its right password, from the same address: locked for now.
    response = client.post(reverse("login"), {"username": fr_approver.username, "password": PASSWORD})
    assert response.status_code == 429
    # From elsewhere, the user logs in.
    response = client.post(
        reverse("login"), {"username": fr_approver.username, "password": PASSWORD}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 302
