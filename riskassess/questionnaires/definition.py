"""The questionnaire template format: parse and validate a YAML file into the normalised
definition dict stored in TemplateVersion.definition, dump it back, and hash its scoring rules.

See docs/questionnaire-format.md. Pure: no ORM, no I/O beyond the text given.
"""

import hashlib
import json
from collections.abc import Iterator, Mapping
from typing import Any

FORMAT = "riskassess-template/1"

# Keys of a question that change a score (the rest is wording).
_RULE_KEYS_QUESTION = (
    "key",
    "type",
    "required",
    "evidence",
    "condition",
    "choices",
    "fields",
    "item_kind",
    "min",
    "max",
    "scoring",
)
_RULE_KEYS_CHOICE = ("value",)


class TemplateError(Exception):
    """A template file is malformed. `errors` is a list of "<where>: <what is wrong>" messages,
    where <where> names the section or question key."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def iter_questions(definition: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every question of the template, in order, with its section key as `section`."""
    for section in definition["sections"]:
        for q in section["questions"]:
            yield {**q, "section": section["key"]}


def questions_by_key(definition: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {q["key"]: q for q in iter_questions(definition)}


def _rules_view(definition: Mapping[str, Any]) -> dict[str, Any]:
    def strip_choices(choices):
        return [{k: c[k] for k in _RULE_KEYS_CHOICE if k in c} for c in choices or []]

    def strip_question(q):
        out = {k: q[k] for k in _RULE_KEYS_QUESTION if k in q}
        if "choices" in out:
            out["choices"] = strip_choices(out["choices"])
        if "fields" in out:
            out["fields"] = [
                {k: v for k, v in f.items() if k not in ("label", "help")}
                | {"choices": strip_choices(f.get("choices"))}
                for f in out["fields"]
            ]
        return out

    return {
        "sections": [
            {"key": s["key"], "weight": s.get("weight", 0), "questions": [strip_question(q) for q in s["questions"]]}
            for s in definition["sections"]
        ],
        "scoring": {k: v for k, v in definition.get("scoring", {}).items()},
    }


def rules_hash(definition: Mapping[str, Any]) -> str:
    """SHA-256 of everything that changes a score: the rule-set version."""
    canonical = json.dumps(_rules_view(definition), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()
