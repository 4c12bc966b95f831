"""What every check of a template file shares: the walk's state (the errors found, the questions
seen so far) and the checks of a plain value (a mapping's keys, a text, a flag, points).

The checks of each part of the format are in their own modules (structure, confidentiality,
conditions, scoring_rules, triggers, plausibility, dimensions); each takes the `Checker` and
returns the normalised part. `parser.parse_definition` runs them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeGuard

from django.utils.translation import gettext as _

from riskassess.questionnaires.values import is_number

# Codes the format accepts where it names something.
TEMPLATE_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
VERSION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
SECTION_KEY_RE = re.compile(r"^[A-Z]$")
QUESTION_KEY_RE = re.compile(r"^[A-Z][0-9]{1,2}[a-z]?$")
FIELD_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,59}$")
ID_RE = re.compile(r"^[A-Z]{1,4}[0-9]{1,3}$")
FACT_RE = re.compile(r"^[a-z][a-z0-9_]{0,79}$")


class TemplateError(Exception):
    """A template file is malformed. `errors` is a list of "<where>: <what is wrong>" messages,
    where <where> names the section or question key."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def is_int(v: Any) -> TypeGuard[int]:
    return isinstance(v, int) and not isinstance(v, bool)


def show(v: Any) -> str:
    return repr(v) if not isinstance(v, str) else f"'{v}'"


class Checker:
    """The state of one walk over a loaded YAML document: every error found, and the normalised
    questions seen so far (conditions may refer only to earlier ones)."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.questions: dict[str, dict[str, Any]] = {}  # normalised questions seen so far, by key
        self.dimensional = False  # the dimensions model: section weights are not used

    def err(self, where: str, what: str) -> None:
        self.errors.append(_("%(where)s: %(what)s") % {"where": where, "what": what})

    def mapping(self, where: str, value: Any, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict:
        if not isinstance(value, Mapping):
            self.err(where, _("expected a mapping of keys to values, found %(name)s") % {"name": type(value).__name__})
            return {}
        for k in value:
            if k not in allowed:
                self.err(
                    where,
                    _("unknown key %(key)s (allowed: %(allowed)s)") % {"key": show(k), "allowed": ", ".join(allowed)},
                )
        for k in required:
            if k not in value:
                self.err(where, _("'%(key)s' is missing") % {"key": k})
        return dict(value)

    def text(self, where: str, value: Any, name: str, *, required: bool = True, max_length: int = 5000) -> str:
        if value is None and not required:
            return ""
        if isinstance(value, bool):
            self.err(
                where,
                _("%(name)s must be text; YAML reads %(value)r as true/false, put it in quotes")
                % {"name": name, "value": value},
            )
            return ""
        if not isinstance(value, str):
            self.err(where, _("%(name)s must be text, found %(value)s") % {"name": name, "value": show(value)})
            return ""
        if required and not value.strip():
            self.err(where, _("%(name)s is empty") % {"name": name})
        if len(value) > max_length:
            self.err(
                where, _("%(name)s is longer than %(max_length)s characters") % {"name": name, "max_length": max_length}
            )
        return value

    def flag(self, where: str, value: Any, name: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.err(where, _("%(name)s must be true or false, found %(value)s") % {"name": name, "value": show(value)})
            return False
        return value

    def points(self, where: str, value: Any, name: str) -> Any:
        if not is_number(value) or not 0 <= value <= 100:
            self.err(
                where,
                _("%(name)s must be a number of points from 0 to 100, found %(value)s")
                % {"name": name, "value": show(value)},
            )
        return value
