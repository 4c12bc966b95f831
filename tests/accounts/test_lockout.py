"""Login lockout (django-axes): 5 failures for one username from one address lock it for 30 minutes."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def _attempt(client, username: str, password: str, ip: str = "198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def locked(client, fr_regulator):
    """fr_regulator after five wrong passwords from one address."""
    for _ in range(5):
        response = _attempt(client, fr_regulator.username, "wrong password 123")
    return response


def test_it_logs_in_with_the_right_password(client, fr_regulator):
    response = _attempt(client, fr_regulator.username, PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_lets_four_failures_pass(client, fr_regulator):
    for _ in range(4):
        assert _attempt(client, fr_regulator.username, "wrong password 123").status_code == 200
    assert _attempt(client, fr_regulator.username, PASSWORD).status_code == 302


def test_it_locks_out_after_five_failures(locked):
    assert locked.status_code == 429
    assert b"Login locked" in locked.content
    assert b"30 minutes" in locked.content


def test_it_refuses_the_right_password_while_locked(client, fr_regulator, locked):
    response = _attempt(client, fr_regulator.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_locks_only_that_username_from_that_address(client, fr_regulator, fr_approver, locked):
    assert _attempt(client, fr_regulator.username, PASSWORD, ip="203.0.113.9").status_code == 302
    client.logout()
    assert _attempt(client, fr_approver.username, PASSWORD).status_code == 302


def test_it_lets_the_user_in_again_after_the_cool_off(client, fr_regulator, locked):
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31), tick=False):
        assert _attempt(client, fr_regulator.username, PASSWORD).status_code == 302


def test_it_still_refuses_before_the_cool_off_ends(client, fr_regulator, locked):
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=29), tick=False):
        assert _attempt(client, fr_regulator.username, PASSWORD).status_code == 429
