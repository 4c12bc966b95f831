"""The interface language: the browser's by default, a cookie from the switcher, the user's own
setting above both; URLs without a language prefix; the API by Accept-Language."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

OFFICIAL = "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split()


def _html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, "no <html lang>"
    return match.group(1)


def test_the_24_official_languages_are_offered():
    assert [code for code, _name in settings.LANGUAGES] == OFFICIAL


@pytest.mark.django_db
@pytest.mark.parametrize("code", OFFICIAL)
def test_it_follows_the_browser_and_names_the_page_language(client, code):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=f"{code},en;q=0.5")
    assert response.status_code == 200
    assert _html_lang(response) == code
    assert response["Content-Language"] == code


@pytest.mark.django_db
def test_every_language_is_named_in_itself_with_its_lang_in_the_switcher(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert '<label for="language-switcher-select">' in html
    assert '<option value="el" lang="el">ελληνικά</option>' in html
    assert '<option value="mt" lang="mt">Malti</option>' in html
    assert '<option value="fi" lang="fi" selected>suomi</option>' in html


@pytest.mark.django_db
def test_the_switcher_sets_a_cookie_for_a_visitor_and_the_url_stays_the_same(client):
    response = client.post(reverse("set_language"), {"language": "ga", "next": reverse("login")})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de")
    assert _html_lang(page) == "ga"  # the cookie wins over the browser
    assert reverse("login") == "/accounts/login/"  # no language prefix


@pytest.mark.django_db
def test_the_switcher_refuses_an_address_elsewhere(client):
    response = client.post(reverse("set_language"), {"language": "de", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_a_users_own_language_wins_over_browser_and_cookie(client, fr_regulator):
    client.force_login(fr_regulator)
    response = client.post(reverse("account_me"), {"language": "el"})
    assert response.status_code == 302
    fr_regulator.refresh_from_db()
    assert fr_regulator.language == "el"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    page = client.get(reverse("account_me"), HTTP_ACCEPT_LANGUAGE="fr")
    assert _html_lang(page) == "el"
    assert '<option value="el" lang="el" selected>ελληνικά</option>' in page.content.decode()


@pytest.mark.django_db
def test_the_switcher_saves_a_signed_in_users_language(client, fr_regulator):
    client.force_login(fr_regulator)
    client.post(reverse("set_language"), {"language": "mt", "next": "/"})
    fr_regulator.refresh_from_db()
    assert fr_regulator.language == "mt"


@pytest.mark.django_db
def test_the_account_page_refuses_a_language_not_offered(client, fr_regulator):
    client.force_login(fr_regulator)
    response = client.post(reverse("account_me"), {"language": "xx"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    fr_regulator.refresh_from_db()
    assert fr_regulator.language == ""


@pytest.mark.django_db
def test_blank_means_the_browsers_language_again(client, fr_regulator):
    fr_regulator.language = "sv"
    fr_regulator.save()
    client.force_login(fr_regulator)
    client.post(reverse("account_me"), {"language": ""})
    fr_regulator.refresh_from_db()
    assert fr_regulator.language == ""
    assert _html_lang(client.get(reverse("account_me"), HTTP_ACCEPT_LANGUAGE="pl")) == "pl"


@pytest.mark.django_db
def test_the_api_answers_in_the_accept_language(client):
    response = client.get(reverse("api-member-state-list"), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code in (401, 403)
    assert response["Content-Language"] == "de"
    assert "Anmeldedaten" in response.json()["detail"]  # DRF's own German catalogue


@pytest.mark.django_db
def test_the_javascript_catalogue_is_in_the_request_language(client):
    response = client.get(reverse("javascript-catalog"), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert "django.gettext" in response.content.decode()
