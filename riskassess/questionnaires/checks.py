"""Plausibility checks declared in the template, per question or per field of a repeat question:

    checks:
      - not_future                          # a date: not after today
      - {after: issue_date}                 # a date field: after another date field of the same item
      - {exclusive: none}                   # a multi: this choice cannot be ticked with others
      - {sum_max: {field: share, max: 100}} # a repeat: the field's values add up to at most max
      - {range: {min: 0, max: 50}}          # a number or percent: within these bounds

The declaration is checked with the template (template_format/plausibility.py); `apply_value()`,
`apply_item()` and `apply_items()` check an answer (used by `validation`, so the pages, autosave and
the API refuse the same answers with the same plain messages).
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from riskassess.questionnaires.template_format.plausibility import check_kind


class CheckFailed(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _show(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


def apply_value(question: Mapping[str, Any], value: Any) -> None:
    """The checks that read one (normalised) value alone. Raises CheckFailed."""
    if value is None or value == "unknown":
        return
    for check in question.get("checks") or []:
        kind, arg = check_kind(check)
        if kind == "not_future":
            day = _as_date(value)
            today = timezone.localdate()
            if day is not None and day > today:
                raise CheckFailed(
                    _("This date is in the future (today is %(today)s). Enter the date it actually happened.")
                    % {"today": _show(today)}
                )
        elif kind == "exclusive" and isinstance(value, list) and arg in value and len(value) > 1:
            label = next((c.get("label") for c in question.get("choices") or [] if c.get("value") == arg), arg)
            raise CheckFailed(
                _("“%(label)s” cannot be ticked together with other answers: untick one of them.") % {"label": label}
            )
        elif kind == "range" and _is_number(value):
            low, high = arg.get("min"), arg.get("max")
            if (low is not None and value < low) or (high is not None and value > high):
                if low is not None and high is not None:
                    message = _("Enter a value from %(min)s to %(max)s.") % {"min": low, "max": high}
                elif low is not None:
                    message = _("Enter at least %(min)s.") % {"min": low}
                else:
                    message = _("Enter at most %(max)s.") % {"max": high}
                raise CheckFailed(message)


def apply_item(fields: list[Mapping[str, Any]], item: Mapping[str, Any]) -> str | None:
    """The checks between the fields of one repeat item: the message of the first failure, or None."""
    labels = {f["key"]: f.get("label") or f["key"] for f in fields}
    for f in fields:
        for check in f.get("checks") or []:
            kind, arg = check_kind(check)
            if kind != "after":
                continue
            this, other = _as_date(item.get(f["key"])), _as_date(item.get(arg))
            if this is not None and other is not None and this <= other:
                return _("%(label)s must be after the %(other)s (%(date)s).") % {
                    "label": labels[f["key"]],
                    "other": labels.get(arg, arg).lower(),
                    "date": _show(other),
                }
    return None


def apply_items(question: Mapping[str, Any], items: list[Mapping[str, Any]]) -> None:
    """The checks over all the items of a repeat question. Raises CheckFailed."""
    for check in question.get("checks") or []:
        kind, arg = check_kind(check)
        if kind != "sum_max":
            continue
        numbers: list[float] = [i[arg["field"]] for i in items if _is_number(i.get(arg["field"]))]
        total = sum(numbers)
        if total > arg["max"]:
            label = next(
                (f.get("label") for f in question.get("fields") or [] if f.get("key") == arg["field"]), arg["field"]
            )
            raise CheckFailed(
                _("The %(label)s values add up to %(total)s; together they can be at most %(max)s.")
                % {"label": str(label).lower(), "total": _number(total), "max": _number(arg["max"])}
            )


def _number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"
