"""Production settings, loaded for real in a subprocess (DJANGO_DEBUG=False), as a deployment sees them."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "riskassess.example.eu"


def _production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "RISKASSESS_", "LOG_"))}
    env["DJANGO_SETTINGS_MODULE"] = os.environ.get("DJANGO_SETTINGS_MODULE", "riskassess.settings")
    env.update(
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        **extra,
    )
    return env


def _run(args: list[str], **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=_production_env(**extra), capture_output=True, text=True, timeout=120
    )


def test_it_passes_check_deploy_with_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_fails_check_deploy_without_hsts():
    # the same check notices a missing HSTS header, so the test above can fail
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], DJANGO_SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_it_refuses_to_start_without_a_secret_key():
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
# no collectstatic here: plain static storage instead of the hashed manifest
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
client = Client()
page = client.get("/accounts/login/", secure=True, HTTP_HOST="__HOST__")
plain = client.get("/accounts/login/", HTTP_HOST="__HOST__")
print(json.dumps({
    "status": page.status_code,
    "headers": dict(page.headers),
    "csrf_cookie_secure": bool(page.cookies["csrftoken"]["secure"]) if "csrftoken" in page.cookies else None,
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
    "settings": {
        name: getattr(settings, name, None)
        for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT",
                     "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "OTP_REQUIRED", "LOG_FORMAT",
                     "SESSION_COOKIE_AGE", "SESSION_IDLE_TIMEOUT", "DEBUG")
    },
}))
""".replace("__HOST__", HOST)


@pytest.fixture(scope="module")
def production() -> dict:
    result = _run(["-c", PROBE])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_sends_hsts_and_security_headers_in_production(production):
    headers = production["headers"]
    assert production["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_it_redirects_plain_http_to_https_in_production(production):
    assert production["plain_status"] == 301
    assert production["plain_location"] == f"https://{HOST}/accounts/login/"


def test_it_uses_secure_cookies_in_production(production):
    config = production["settings"]
    assert config["DEBUG"] is False
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["CSRF_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert production["csrf_cookie_secure"] is True


def test_it_turns_on_two_factor_session_limits_and_json_logs_in_production(production):
    config = production["settings"]
    assert config["OTP_REQUIRED"] is True
    assert config["SESSION_COOKIE_AGE"] == 12 * 3600
    assert config["SESSION_IDLE_TIMEOUT"] == 30 * 60
    assert config["LOG_FORMAT"] == "json"


def test_it_lets_an_operator_switch_two_factor_off_explicitly():
    result = _run(
        ["-c", "import django; django.setup(); from django.conf import settings; print(settings.OTP_REQUIRED)"],
        RISKASSESS_OTP_REQUIRED="False",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"
