"""Each "500 on bad input" of issue 18, redone: every one answers 4xx (or a refusal on the form)
with a clear message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from riskassess.audit.models import AuditEvent

IMPORT = "/admin/questionnaires/templateversion/import/"


@pytest.fixture
def coordinator_client(client, eu_coordinator):
    client.force_login(eu_coordinator)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"key: eu-5g\nname: a\x00b\n", "control characters"),
        (b"a: &a [*a]\n", "aliases"),
        (b"a: &x [1]\nb: [*x, *x, *x]\n", "aliases"),
    ],
)
def test_an_imported_template_with_nul_or_an_alias_loop_is_refused(coordinator_client, content, message):
    response = coordinator_client.post(IMPORT, {"file": SimpleUploadedFile("t.yaml", content)})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_overflowing_date_hierarchy_year_is_ignored(coordinator_client):
    AuditEvent.objects.create(action="login", actor_name="x")
    url = reverse("admin:audit_auditevent_changelist")
    for query in ("at__year=99999999999999999999", "at__year=2026&at__month=13", "at__year=abc"):
        response = coordinator_client.get(f"{url}?{query}")
        assert response.status_code == 302 and response.url.endswith("?e=1"), query
    assert coordinator_client.get(f"{url}?at__year=2026").status_code == 200


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "1,abc"])
def test_a_non_numeric_autocomplete_id_in_the_admin_is_ignored(coordinator_client, value):
    response = coordinator_client.get("/admin/suppliers/product/add/", {"supplier": value, "asset_class": value})
    assert response.status_code == 200
    # Designations are read only (derived from the restriction register): refused, never a 500.
    response = coordinator_client.get("/admin/suppliers/designation/add/", {"supplier": value})
    assert response.status_code == 403


@pytest.mark.parametrize("next_url", ["foo", "x y"])
def test_the_two_factor_pages_with_an_odd_next(client, fr_approver, next_url, settings):
    settings.OTP_REQUIRED = True
    client.force_login(fr_approver)
    client.raise_request_exception = False
    response = client.get("/accounts/two-factor/", {"next": next_url})
    assert response.status_code == 302 and response.url == "/accounts/two-factor/set-up/?next=%2F"
    assert client.get("/accounts/two-factor/set-up/", {"next": next_url}).status_code == 200


def test_a_nul_in_the_state_code_of_the_dashboard(coordinator_client):
    assert coordinator_client.get("/dashboard/states/%00/").status_code == 400
