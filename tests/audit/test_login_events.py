"""Logins, failed logins, lockouts and logouts in the audit trail."""

from riskassess.audit.models import AuditEvent
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def _post_login(client, username, password, ip="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_it_records_a_login(client, fr_regulator):
    assert _post_login(client, fr_regulator.username, PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="login")
    assert event.actor == fr_regulator
    assert event.actor_name == "fr-regulator"
    assert event.ip_address == "192.0.2.10"
    assert len(event.request_id) == 32


def test_it_records_a_failed_login(client, fr_regulator):
    assert _post_login(client, fr_regulator.username, "not the password").status_code == 200
    event = AuditEvent.objects.get(action="login_failed")
    assert event.actor is None
    assert event.data["username"] == "fr-regulator"
    assert event.object_id == str(fr_regulator.pk)
    assert event.ip_address == "192.0.2.10"
    assert "not the password" not in str(event.data) + event.summary
    assert not AuditEvent.objects.filter(action="login").exists()


def test_it_records_a_failed_login_for_an_unknown_name(client, db):
    _post_login(client, "nobody-here", "whatever password")
    event = AuditEvent.objects.get(action="login_failed")
    assert event.data["username"] == "nobody-here"
    assert event.object_id == ""


def test_it_records_a_lockout(client, fr_regulator):
    for _ in range(5):
        _post_login(client, fr_regulator.username, "not the password")
    assert AuditEvent.objects.filter(action="login_failed", data__lockout=True).exists()
    assert AuditEvent.objects.filter(action="login_failed").count() >= 5


def test_it_records_a_logout(client, fr_regulator):
    _post_login(client, fr_regulator.username, PASSWORD)
    assert client.post("/accounts/logout/").status_code == 302
    event = AuditEvent.objects.get(action="logout")
    assert event.actor == fr_regulator


def test_it_records_no_logout_without_a_session(client, db):
    client.post("/accounts/logout/")
    assert not AuditEvent.objects.filter(action="logout").exists()
