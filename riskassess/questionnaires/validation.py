"""Answers checked against their question: `validate_answer` returns the value as stored in
`Answer.value` (docs/questionnaire-format.md, table of types) or raises `AnswerError` with a message
written for the regulator. Pure: no ORM.
"""

import datetime as dt
import math
import re
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from riskassess.core.countries import COUNTRIES
from riskassess.questionnaires import checks
from riskassess.questionnaires.conditions import visible_question_keys
from riskassess.questionnaires.definition import iter_questions
from riskassess.questionnaires.values import format_number as _fmt
from riskassess.questionnaires.values import is_empty

UNKNOWN = "unknown"
TEXT_MAX_LENGTH = 2000
URL_MAX_LENGTH = 500
REPEAT_MAX_ITEMS = 50

YES_NO = (("yes", pgettext_lazy("answer", "Yes")), ("no", pgettext_lazy("answer", "No")))
YES_NO_UNKNOWN = (*YES_NO, (UNKNOWN, pgettext_lazy("answer", "Unknown")))

# How the items of a repeat question are named in messages ("Certificate 2, Expiry date: ...").
ITEM_NOUNS = {
    "certificate": gettext_lazy("Certificate"),
    "test_report": gettext_lazy("Test report"),
    "decision": gettext_lazy("Decision"),
}
ITEM_NOUN = gettext_lazy("Item")
# "Certificate 2 repeats another certificate": one sentence per kind, the noun is not lowercased.
ITEM_REPEATS = {
    "certificate": gettext_lazy("Certificate %(number)s repeats another certificate; remove it and add it again."),
    "test_report": gettext_lazy("Test report %(number)s repeats another test report; remove it and add it again."),
    "decision": gettext_lazy("Decision %(number)s repeats another decision; remove it and add it again."),
}
ITEM_REPEATS_OTHER = gettext_lazy("Item %(number)s repeats another item; remove it and add it again.")

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ITEM_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_NUMBER_RE = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


class AnswerError(ValueError):
    """An answer does not fit its question. The message is shown to the regulator as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def accepts_unknown(question: Mapping[str, Any]) -> bool:
    """Scored questions (and every `ynu` question) accept "unknown"."""
    return question.get("type") == "ynu" or bool(question.get("scoring"))


def _labels(options) -> str:
    return ", ".join(str(label) for _code, label in options)


def _choose_one(options, value: Any) -> str:
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if isinstance(value, str):
        for code, _label in options:
            if value == code:
                return code
        v = value.strip()
        for code, label in options:
            if v == code or v.lower() == code.lower() or v.lower() == str(label).lower():
                return code
    raise AnswerError(_("Choose one of: %(options)s.") % {"options": _labels(options)})


def _choice_options(question: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(c["value"], c.get("label") or c["value"]) for c in question.get("choices") or []]


def _number(value: Any, *, minimum=None, maximum=None) -> int | float:
    if isinstance(value, bool):
        raise AnswerError(_("Enter a number."))
    if isinstance(value, str):
        v = value.strip().replace(" ", "").replace("\u00a0", "")
        if not _NUMBER_RE.match(v):
            raise AnswerError(_("Enter a number, e.g. 12 or 12.5."))
        v = v.replace(",", ".")
        value = float(v) if "." in v else int(v)
    if not isinstance(value, int | float):
        raise AnswerError(_("Enter a number."))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise AnswerError(_("Enter a number."))
        if value.is_integer() and abs(value) < 2**53:
            value = int(value)
    below = minimum is not None and value < minimum
    above = maximum is not None and value > maximum
    if below or above:
        if minimum is not None and maximum is not None:
            raise AnswerError(
                _("Enter a number between %(minimum)s and %(maximum)s.")
                % {"minimum": _fmt(minimum), "maximum": _fmt(maximum)}
            )
        if minimum is not None:
            raise AnswerError(_("Enter a number of at least %(minimum)s.") % {"minimum": _fmt(minimum)})
        raise AnswerError(_("Enter a number of at most %(maximum)s.") % {"maximum": _fmt(maximum)})
    return value


_EU_DATE_RE = re.compile(r"^(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})$")


def _date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        d = value
    else:
        text = value.strip() if isinstance(value, str) else ""
        # As people write dates in the EU (31/12/2026, 31.12.2026, 31-12-2026) or as ISO 8601.
        european = _EU_DATE_RE.match(text)
        if european:
            text = f"{european['y']}-{int(european['m']):02d}-{int(european['d']):02d}"
        if not _DATE_RE.match(text):
            raise AnswerError(_("Enter a date such as 31/12/2026 (day, month, year)."))
        try:
            d = dt.date.fromisoformat(text)
        except ValueError:
            message = _("%(value)s is not a date in the calendar. Enter a date such as 31/12/2026.") % {
                "value": value.strip()
            }
            raise AnswerError(message) from None
    if not 1900 <= d.year <= 2100:
        raise AnswerError(_("Enter a date between 1900 and 2100."))
    return d.isoformat()


def _country(value: Any) -> str:
    if not isinstance(value, str):
        raise AnswerError(_("Choose a country (two-letter ISO code, e.g. FR)."))
    code = value.strip().upper()
    if code not in COUNTRIES:
        if code == "EL":
            raise AnswerError(_("'EL' is the EU code for Greece; the ISO country code is GR."))
        if code == "UK":
            raise AnswerError(_("'UK' is not an ISO country code; the United Kingdom is GB."))
        raise AnswerError(_("'%(value)s' is not an ISO country code.") % {"value": value.strip()[:10]})
    return code


def _text(value: Any, max_length: int) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise AnswerError(_("Enter text."))
    # NUL cannot be stored (PostgreSQL JSON); line endings are normalised. HTML stays as typed.
    text = value.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > max_length:
        raise AnswerError(
            _("Enter at most %(max_length)s characters (you entered %(length)s).")
            % {"max_length": _fmt(max_length), "length": _fmt(len(text))}
        )
    return text


def _url(value: Any) -> str:
    if not isinstance(value, str):
        raise AnswerError(_("Enter a web address starting with https:// or http://."))
    url = value.strip()
    if len(url) > URL_MAX_LENGTH:
        raise AnswerError(
            _("Enter a web address of at most %(max_length)s characters.") % {"max_length": URL_MAX_LENGTH}
        )
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() or ord(c) < 32 for c in url)
    ):
        raise AnswerError(_("Enter a web address starting with https:// or http://, e.g. https://example.com/psirt."))
    return url


def _as_list(value: Any) -> list:
    if isinstance(value, list | tuple):
        return list(value)
    raise AnswerError(_("Choose one or more options."))


def _repeat(question: Mapping[str, Any], value: Any) -> list[dict[str, Any]] | None:
    if not isinstance(value, list | tuple) or not all(isinstance(i, Mapping) for i in value):
        raise AnswerError(_("The list of items could not be read; reload the page and try again."))
    fields = question.get("fields") or []
    kind = question.get("item_kind", "")
    noun = ITEM_NOUNS.get(kind, ITEM_NOUN)
    max_items = question.get("max_items") or REPEAT_MAX_ITEMS
    items: list[dict[str, Any]] = []
    seen_ids: set[str] = set()
    for raw in value:
        if all(is_empty(raw.get(f["key"])) for f in fields):
            continue  # an empty row left in the form
        number = len(items) + 1
        item_id = raw.get("id")
        if is_empty(item_id):
            item_id = uuid.uuid4().hex
        elif not isinstance(item_id, str) or not _ITEM_ID_RE.match(item_id):
            raise AnswerError(
                _("%(item)s %(number)s: its identifier could not be read; remove it and add it again.")
                % {"item": noun, "number": number}
            )
        if item_id in seen_ids:
            raise AnswerError(str(ITEM_REPEATS.get(kind, ITEM_REPEATS_OTHER)) % {"number": number})
        seen_ids.add(item_id)
        item: dict[str, Any] = {"id": item_id}
        for f in fields:
            label = f.get("label") or f["key"]
            raw_value = raw.get(f["key"])
            if is_empty(raw_value):
                if f.get("required"):
                    raise AnswerError(
                        _("%(item)s %(number)s, %(field)s: this field is required.")
                        % {"item": noun, "number": number, "field": label}
                    )
                continue
            try:
                item[f["key"]] = _validate(f, raw_value)
            except AnswerError as e:
                raise AnswerError(
                    _("%(item)s %(number)s, %(field)s: %(problem)s")
                    % {"item": noun, "number": number, "field": label, "problem": e.message}
                ) from None
        problem = checks.apply_item(fields, item)
        if problem:
            raise AnswerError(
                _("%(item)s %(number)s: %(problem)s") % {"item": noun, "number": number, "problem": problem}
            )
        items.append(item)
    if len(items) > max_items:
        raise AnswerError(
            ngettext(
                "Enter at most %(max_items)s item (you entered %(count)s).",
                "Enter at most %(max_items)s items (you entered %(count)s).",
                max_items,
            )
            % {"max_items": max_items, "count": len(items)}
        )
    return items or None


def _validate(question: Mapping[str, Any], value: Any) -> Any:
    """The value normalised for its type, then put to the template's plausibility checks."""
    normalised = _validate_type(question, value)
    try:
        checks.apply_value(question, normalised)
        if question.get("type") == "repeat" and normalised:
            checks.apply_items(question, normalised)
    except checks.CheckFailed as e:
        raise AnswerError(e.message) from None
    return normalised


def _validate_type(question: Mapping[str, Any], value: Any) -> Any:
    qtype = question.get("type")
    if qtype == "ynu":
        return _choose_one(YES_NO_UNKNOWN, value)
    if qtype == "yn":
        return _choose_one(YES_NO, value)
    if qtype == "choice":
        return _choose_one(_choice_options(question), value)
    if qtype == "multi":
        options = _choice_options(question)
        chosen = set()
        for v in _as_list(value):
            chosen.add(_choose_one(options, v))
        return [code for code, _ in options if code in chosen] or None  # template order, no duplicates
    if qtype == "number":
        return _number(value, minimum=question.get("min"), maximum=question.get("max"))
    if qtype == "percent":
        if isinstance(value, str):
            value = value.strip().removesuffix("%")
        return _number(value, minimum=0, maximum=100)
    if qtype == "date":
        return _date(value)
    if qtype == "country":
        return _country(value)
    if qtype == "countries":
        codes: list[str] = []
        for v in _as_list(value) if not isinstance(value, str) else [value]:
            if is_empty(v):
                continue
            code = _country(v)
            if code not in codes:
                codes.append(code)
        return codes or None
    if qtype == "text":
        return _text(value, question.get("max_length") or TEXT_MAX_LENGTH) or None
    if qtype == "url":
        return _url(value)
    if qtype == "repeat":
        return _repeat(question, value)
    raise AnswerError(_("This question cannot be answered: its type is unknown. Tell the EU coordinator."))


def validate_answer(question: Mapping[str, Any], value: Any) -> Any:
    """The normalised value of `value` for `question`, or None when unanswered.

    Raises AnswerError with a plain-language message when the value does not fit the question.
    """
    if is_empty(value):
        return None
    if accepts_unknown(question) and isinstance(value, str) and value.strip().lower() == UNKNOWN:
        return UNKNOWN
    return _validate(question, value)


def _required_visible(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    questions = list(iter_questions(definition))
    shown = set(visible_question_keys(questions, answers))
    return [q for q in questions if q["key"] in shown and q.get("required")]


def missing_required(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> list[str]:
    """Keys of the visible required questions that have no answer, in template order."""
    return [q["key"] for q in _required_visible(definition, answers) if is_empty(answers.get(q["key"]))]


def progress(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> tuple[int, int]:
    """(answered, total) over the visible required questions."""
    required = _required_visible(definition, answers)
    answered = sum(1 for q in required if not is_empty(answers.get(q["key"])))
    return answered, len(required)
