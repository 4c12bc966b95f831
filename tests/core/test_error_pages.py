"""The app's own 404, 403 and 500 pages, also with DEBUG on (as under `make run`)."""

import pytest
from django.test import override_settings
from django.urls import reverse


@pytest.fixture
def logged_in(client, fr_regulator):
    client.force_login(fr_regulator)
    return client


@override_settings(DEBUG=True)
def test_a_404_with_debug_on_is_the_apps_page_not_the_url_list(logged_in):
    response = logged_in.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "riskassess" in html
    assert "DEBUG = True" not in html and "URLconf" not in html  # no list of every URL


@override_settings(DEBUG=True, DEBUG_ERROR_PAGES=True)
def test_a_developer_can_ask_for_djangos_page(logged_in):
    assert "URLconf" in logged_in.get("/no-such-page/").content.decode()


def test_a_404_in_production_is_the_apps_page(logged_in):
    response = logged_in.get("/no-such-page/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_a_403_is_the_apps_page(logged_in, fr_assessment):
    response = logged_in.post(reverse("questionnaires:approve", args=[fr_assessment.pk]))  # a regulator
    assert response.status_code == 403
    assert "You may not do this" in response.content.decode()


def test_the_500_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
