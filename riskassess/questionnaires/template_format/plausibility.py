"""The checks of the plausibility checks a template declares (`checks:` on a question or on a
field of a repeat question, see questionnaires/checks.py for what they do to an answer): each
names a known kind and fits the type of what it is declared on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from riskassess.questionnaires.template_format.checker import Checker
from riskassess.questionnaires.values import is_number

KINDS = ("not_future", "after", "exclusive", "sum_max", "range")
_DATE_TYPES = ("date",)
_NUMBER_TYPES = ("number", "percent")


def check_kind(check: Any) -> tuple[str, Any]:
    if isinstance(check, str):
        return check, None
    if isinstance(check, Mapping) and len(check) == 1:
        ((kind, arg),) = check.items()
        return str(kind), arg
    return "", None


def problems(checks: Any, question: Mapping[str, Any], *, field_keys: Mapping[str, str] | None = None) -> list[str]:
    """What is wrong with a `checks:` declaration of `question` (a question or a repeat field);
    `field_keys` maps the sibling fields of a repeat item to their types."""
    if not isinstance(checks, list):
        return ["checks must be a list"]
    qtype = question.get("type")
    out = []
    for check in checks:
        kind, arg = check_kind(check)
        if kind not in KINDS:
            out.append(_("unknown check %(check)r (known: %(kinds)s)") % {"check": check, "kinds": ", ".join(KINDS)})
        elif kind == "not_future" and (arg is not None or qtype not in _DATE_TYPES):
            out.append(_("not_future applies to a date and takes no value"))
        elif kind == "after":
            if qtype not in _DATE_TYPES or not field_keys or field_keys.get(arg) != "date":
                out.append(_("after names another date field of the same item"))
        elif kind == "exclusive":
            values = [c.get("value") for c in question.get("choices") or [] if isinstance(c, Mapping)]
            if qtype != "multi" or arg not in values:
                out.append(_("exclusive names one choice of a multiple-choice question"))
        elif kind == "sum_max":
            fields = {f.get("key"): f.get("type") for f in question.get("fields") or [] if isinstance(f, Mapping)}
            if (
                qtype != "repeat"
                or not isinstance(arg, Mapping)
                or set(arg) != {"field", "max"}
                or fields.get(arg.get("field")) not in _NUMBER_TYPES
                or not is_number(arg.get("max"))
            ):
                out.append(_("sum_max takes {field: <a number field of the item>, max: <number>}"))
        elif kind == "range":
            if (
                qtype not in _NUMBER_TYPES
                or not isinstance(arg, Mapping)
                or not set(arg) <= {"min", "max"}
                or not arg
                or not all(is_number(v) for v in arg.values())
            ):
                out.append(_("range applies to a number and takes {min: <number>, max: <number>}"))
    return out


def question_checks(chk: Checker, where: str, checks: Any, question: dict[str, Any]) -> Any:
    """The `checks` of a question, as written; their problems reported."""
    for problem in problems(checks, question):
        chk.err(f"{where}, checks", problem)
    return checks


def field_checks(chk: Checker, where: str, fields: list[dict[str, Any]]) -> None:
    """Report the problems of the `checks` of the fields of the repeat question at `where`."""
    if not any("checks" in f for f in fields):
        return
    types = {f["key"]: f["type"] for f in fields}
    for f in fields:
        for problem in problems(f.get("checks", []), f, field_keys=types):
            chk.err(f"{where}, field {f['key']}, checks", problem)
