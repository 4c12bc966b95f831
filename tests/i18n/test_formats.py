"""Dates, numbers and percentages in the language's conventions."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation


def _render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.parametrize(
    "language,expected",
    [("en", "42%"), ("de", "42\u00a0%"), ("fr", "42\u00a0%"), ("fi", "42\u00a0%"), ("el", "42%"), ("mt", "42%")],
)
def test_percentages(language, expected):
    assert _render("{% load numbers %}{{ v|percent }}", language, v=42.2) == expected


def test_percentages_with_decimals_use_the_decimal_comma():
    assert _render("{% load numbers %}{{ v|percent:1 }}", "de", v=42.25) in ("42,2\u00a0%", "42,3\u00a0%")


@pytest.mark.parametrize(
    "language,expected",
    [("en", "1 December 2026"), ("de", "1. Dezember 2026"), ("fr", "1 décembre 2026"), ("mt", "1 December 2026")],
)
def test_dates_in_the_languages_format(language, expected):
    assert _render('{{ d|date:"DATE_FORMAT" }}', language, d=dt.date(2026, 12, 1)) == expected


def test_numbers_use_the_languages_decimal_separator():
    assert _render("{{ v|floatformat:1 }}", "de", v=12.5) == "12,5"
    assert _render("{{ v|floatformat:1 }}", "en", v=12.5) == "12.5"
