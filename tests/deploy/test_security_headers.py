"""Content-Security-Policy and the headers every page carries; templates that the policy would break."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.fixture
def policy(client, db) -> dict[str, list[str]]:
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    return _directives(response.headers["Content-Security-Policy"])


def test_it_sends_a_strict_content_security_policy(policy):
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_it_allows_no_inline_script_or_eval(policy):
    for directive in ("script-src", "default-src", "style-src"):
        assert "'unsafe-inline'" not in policy.get(directive, [])
        assert "'unsafe-eval'" not in policy.get(directive, [])


def test_it_sends_the_policy_on_signed_in_pages_too(client, fr_regulator):
    client.force_login(fr_regulator)
    response = client.get("/")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_it_switches_off_htmx_injected_styles(client, db):
    body = client.get("/accounts/login/").content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in body


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def _templates() -> list[Path]:
    return sorted((ROOT / "templates").rglob("*.html"))


def test_it_finds_the_templates():
    assert len(_templates()) >= 3


@pytest.mark.parametrize("pattern", [INLINE_SCRIPT, STYLE_ATTR, STYLE_ELEMENT, EVENT_HANDLER, JS_URL])
def test_it_keeps_templates_free_of_what_the_policy_blocks(pattern):
    # PDF templates (templates/reports/pdf/) are rendered by WeasyPrint, never by a browser.
    offenders = [
        str(path.relative_to(ROOT))
        for path in _templates()
        if "pdf" not in path.relative_to(ROOT / "templates").parts[:-1] and pattern.search(path.read_text())
    ]
    assert not offenders, f"{pattern.pattern} in {offenders}"


def test_the_policy_built_once_is_the_one_django_csp_builds(client, settings):
    """The memoised plain policy (riskassess.core.middleware.ContentSecurityPolicyMiddleware) is
    django-csp's header exactly, and follows a change of the settings."""
    from csp.middleware import CSPMiddleware
    from django.http import HttpRequest, HttpResponse

    first = client.get("/accounts/login/")
    again = client.get("/api/v1/member-states/")
    reference = CSPMiddleware(lambda request: HttpResponse()).process_response(HttpRequest(), HttpResponse())
    assert first["Content-Security-Policy"] == reference["Content-Security-Policy"]
    assert again["Content-Security-Policy"] == reference["Content-Security-Policy"]

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert client.get("/api/v1/member-states/")["Content-Security-Policy"] == "default-src 'none'"
