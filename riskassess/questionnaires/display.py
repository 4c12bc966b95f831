"""Answers as a reader sees them: labels instead of codes, country names, units. Plain text only
(templates escape it). Used by the pages, the score explanation and the PDF reports alike."""

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.translation import pgettext, pgettext_lazy

from riskassess.core.countries import country_name
from riskassess.questionnaires import validation

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CHOICE_TYPES = ("ynu", "yn", "choice")


def question_options(question: Mapping[str, Any]) -> list[tuple[str, "StrOrPromise"]]:
    """(value, label) of a choice-like question, "Unknown" included where the question takes it."""
    qtype = question.get("type")
    options: list[tuple[str, StrOrPromise]]
    if qtype == "ynu":
        return list(validation.YES_NO_UNKNOWN)
    if qtype == "yn":
        options = list(validation.YES_NO)
    else:
        options = [(c["value"], c.get("label") or c["value"]) for c in question.get("choices") or []]
    if qtype in CHOICE_TYPES and validation.accepts_unknown(question) and "unknown" not in dict(options):
        options.append(("unknown", pgettext_lazy("answer", "Unknown")))
    return options


def display_value(question: Mapping[str, Any], value: Any, *, empty: str = "") -> str:
    """One answer value as text; `empty` for no answer."""
    if value is None or value == "" or value == []:
        return empty
    if value == "unknown":
        return pgettext("answer", "Unknown")
    qtype = question.get("type")
    if qtype in CHOICE_TYPES:
        return str(dict(question_options(question)).get(value, value))
    if qtype == "multi":
        labels = dict(question_options(question))
        return ", ".join(str(labels.get(v, v)) for v in value) if isinstance(value, list) else str(value)
    if qtype == "country":
        return f"{country_name(value)} ({value})"
    if qtype == "countries":
        return ", ".join(f"{country_name(v)} ({v})" for v in value) if isinstance(value, list) else str(value)
    if qtype in ("number", "percent"):
        unit = " %" if qtype == "percent" else (" " + _unit(question["unit"], value) if question.get("unit") else "")
        return f"{value}{unit}"
    if qtype == "date":
        return _date(value)
    if qtype == "repeat" and isinstance(value, list):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    return str(value)


def _unit(unit: str, value: Any) -> str:
    """The unit after a number: "1 finding", "2 findings" (the template's units are English plurals)."""
    if value == 1 and unit.endswith("s") and not unit.endswith("ss"):
        return unit[:-1]
    return unit


def _date(value: Any) -> str:
    """A stored date (2026-11-01) as users write it: "1 November 2026" (in the active language)."""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return date_format(day, "j F Y")


def display_items(question: Mapping[str, Any], value: Any) -> list[list[tuple[str, str]]]:
    """The items of a repeat answer as rows of (label, displayed value), empty fields left out."""
    if not isinstance(value, list):
        return []
    fields = question.get("fields") or []
    return [
        [
            (f.get("label") or f["key"], display_value(f, item.get(f["key"])))
            for f in fields
            if item.get(f["key"]) not in (None, "")
        ]
        for item in value
        if isinstance(item, dict)
    ]
