"""Sessions end after 30 minutes without a request, and 12 hours after the login in any case."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import PASSWORD


@pytest.fixture
def start():
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def logged_in(client, fr_regulator, start):
    with time_machine.travel(start, tick=False):
        response = client.post("/accounts/login/", {"username": fr_regulator.username, "password": PASSWORD})
        assert response.status_code == 302
    return client


def _get_at(client, when, path="/"):
    with time_machine.travel(when, tick=False):
        return client.get(path)


def test_it_keeps_an_active_session(logged_in, start):
    assert _get_at(logged_in, start + dt.timedelta(minutes=29)).status_code == 200


def test_it_ends_a_session_after_30_idle_minutes(logged_in, start):
    response = _get_at(logged_in, start + dt.timedelta(minutes=31))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in logged_in.session
    page = logged_in.get(response.url)
    assert b"30 minutes without activity" in page.content


def test_it_counts_idle_time_from_the_last_request(logged_in, start):
    for minutes in (20, 40, 60, 80):
        assert _get_at(logged_in, start + dt.timedelta(minutes=minutes)).status_code == 200


def test_it_ends_an_active_session_after_12_hours(logged_in, start):
    minutes = 0
    while minutes < 12 * 60 - 20:
        minutes += 20
        assert _get_at(logged_in, start + dt.timedelta(minutes=minutes)).status_code == 200
    response = _get_at(logged_in, start + dt.timedelta(hours=12, minutes=1))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_it_answers_the_api_with_401_after_the_idle_limit(logged_in, start):
    response = _get_at(logged_in, start + dt.timedelta(minutes=45), path="/api/schema/")
    assert response.status_code == 401


def test_it_sends_htmx_requests_to_the_login_page_as_a_whole(logged_in, start):
    with time_machine.travel(start + dt.timedelta(minutes=45), tick=False):
        response = logged_in.get("/", HTTP_HX_REQUEST="true")
    assert response.headers["HX-Redirect"].startswith("/accounts/login/")
