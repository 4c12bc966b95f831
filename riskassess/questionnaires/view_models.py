"""View models of the questionnaire pages: reading a section's POST into typed-enough values for
`answers_save` (validation proper happens there), and building what the templates display.

Field names: `q-<KEY>` (value), `q-<KEY>-unknown` (the "Unknown" box of non-choice scored
questions), `c-<KEY>` (comment), `q-<KEY>-<n>-<field>` and `q-<KEY>-<n>-id` (repeat items),
`file-<KEY>[-<item id>]`, `evurl-<KEY>[-<item id>]`, `evdesc-<KEY>[-<item id>]` (evidence).
"""

import json
import re
from collections.abc import Mapping
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from riskassess.core.countries import country_name, country_options
from riskassess.questionnaires import validation
from riskassess.questionnaires.conditions import visible_question_keys
from riskassess.questionnaires.definition import iter_questions
from riskassess.questionnaires.display import CHOICE_TYPES, display_items, display_value, question_options

LIST_TYPES = ("multi", "countries")
_ITEM_RE = re.compile(r"^q-(?P<key>[A-Z][0-9]{1,2}[a-z]?)-(?P<n>\d{1,4})-(?P<field>[a-z][a-z0-9_]*)$")


def has_unknown_box(question: Mapping[str, Any]) -> bool:
    """Non-choice scored questions get a separate "Unknown" checkbox."""
    return question.get("type") not in CHOICE_TYPES and validation.accepts_unknown(question)


def section_questions(definition: Mapping[str, Any], section_key: str) -> list[dict[str, Any]]:
    return [q for q in iter_questions(definition) if q["section"] == section_key]


def parse_section_post(questions: list[dict[str, Any]], post) -> tuple[dict[str, Any], dict[str, str]]:
    """(values, comments) for the questions of one section, from a POST QueryDict."""
    values: dict[str, Any] = {}
    comments: dict[str, str] = {}
    for q in questions:
        key, qtype = q["key"], q["type"]
        name = f"q-{key}"
        if f"c-{key}" in post:
            comments[key] = post.get(f"c-{key}", "")
        if has_unknown_box(q) and post.get(f"{name}-unknown"):
            values[key] = "unknown"
            continue
        if qtype == "repeat":
            values[key] = parse_items(q, post)
        elif qtype in LIST_TYPES:
            # The marker tells "all boxes unticked" apart from "field not on the page".
            if name in post or f"{name}-present" in post:
                values[key] = [v for v in post.getlist(name) if v != ""]
        elif name in post:
            values[key] = post.get(name, "")
        elif qtype in CHOICE_TYPES and f"{name}-present" in post:
            values[key] = None
    return values, comments


def parse_items(question: Mapping[str, Any], post) -> list[dict[str, Any]]:
    """The items of a repeat question, in the order of their index on the page."""
    key = question["key"]
    field_keys = {f["key"] for f in question.get("fields") or []} | {"id"}
    rows: dict[int, dict[str, Any]] = {}
    for name in post:
        m = _ITEM_RE.match(name)
        if not m or m["key"] != key or m["field"] not in field_keys:
            continue
        rows.setdefault(int(m["n"]), {})[m["field"]] = post.get(name, "")
    return [rows[n] for n in sorted(rows)]


# ---------------------------------------------------------------------------------------------
# Display
# ---------------------------------------------------------------------------------------------


def _str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def evidence_row(evidence) -> dict[str, Any]:
    return {
        "pk": evidence.pk,
        "kind": evidence.kind,
        "name": evidence.original_name,
        "size": filesizeformat(evidence.size) if evidence.size else "",
        "sha256_prefix": evidence.sha256[:12],
        "sha256": evidence.sha256,
        "url": evidence.url,
        "description": evidence.description,
        "item_id": evidence.item_id,
    }


def build_question_views(
    questions: list[dict[str, Any]],
    *,
    shown: set[str],
    answers: Mapping[str, Any],
    comments: Mapping[str, str],
    evidence: list,
    errors: Mapping[str, list[str]] | None = None,
    evidence_errors: Mapping[str, list[str]] | None = None,
    saved_answers: Mapping[str, Any] | None = None,
    add_item: str = "",
) -> list[dict[str, Any]]:
    """Everything a template needs to draw the questions of a section.

    `answers` are the values to show (the saved ones, or the user's input when it is re-displayed);
    `saved_answers`, when given, are the values saved meanwhile elsewhere for the questions both
    sides changed (stale edit).
    """
    errors = errors or {}
    evidence_errors = evidence_errors or {}
    by_question: dict[str, list] = {}
    for e in evidence:
        by_question.setdefault(e.question_key, []).append(evidence_row(e))
    views = []
    for q in questions:
        key, qtype = q["key"], q["type"]
        value = answers.get(key)
        view: dict[str, Any] = {
            "q": q,
            "key": key,
            "type": qtype,
            "hidden": key not in shown,
            "fieldset": qtype in (*CHOICE_TYPES, *LIST_TYPES, "repeat"),
            "condition_json": json.dumps(q["condition"]) if q.get("condition") else "",
            "errors": errors.get(key, []),
            "evidence_errors": evidence_errors.get(key, []),
            "comment": comments.get(key, ""),
            "unknown_box": has_unknown_box(q),
            "is_unknown": value == "unknown",
            "display": display_value(q, value),
            "evidence": [e for e in by_question.get(key, []) if not e["item_id"]],
        }
        if value == "unknown" and view["unknown_box"]:
            value = None
        if qtype in CHOICE_TYPES or qtype == "multi":
            chosen = value if isinstance(value, list) else [value]
            view["options"] = [
                {"value": v, "label": label, "checked": v in chosen, "index": i}
                for i, (v, label) in enumerate(question_options(q))
            ]
        elif qtype == "countries":
            countries = set(value) if isinstance(value, list) else set()
            view["selected"] = [{"code": c, "name": country_name(c)} for c in (value or []) if isinstance(value, list)]
            view["countries"] = [{"code": c, "name": n, "checked": c in countries} for c, n in country_options()]
        elif qtype == "country":
            view["countries"] = country_options()
            view["value"] = _str(value)
        elif qtype == "repeat":
            view["fields"] = q.get("fields") or []
            items = value if isinstance(value, list) else []
            view["items"] = [
                _item_view(q, n, item, by_question.get(key, []), evidence_errors)
                for n, item in enumerate(items)
                if isinstance(item, dict)
            ]
            if add_item == key or not view["items"]:
                view["items"].append(_item_view(q, len(view["items"]), {}, [], evidence_errors))
            view["next_index"] = len(view["items"])
            view["blank"] = _item_view(q, "__n__", {}, [], {})
            view["noun"] = validation.ITEM_NOUNS.get(q.get("item_kind", ""), validation.ITEM_NOUN)
            view["display_items"] = display_items(q, answers.get(key))
        else:
            view["value"] = _str(value)
        if saved_answers is not None and key in saved_answers:
            view["saved_display"] = display_value(q, saved_answers.get(key)) or str(_("no answer"))
            if qtype == "repeat":
                count = len(saved_answers.get(key) or [])
                view["saved_display"] = ngettext("%(n)d item", "%(n)d items", count) % {"n": count}
        views.append(view)
    return views


def _item_view(question, n, item: Mapping[str, Any], evidence_rows: list, evidence_errors) -> dict[str, Any]:
    key = question["key"]
    item_id = item.get("id") or ""
    fields = []
    for f in question.get("fields") or []:
        value = item.get(f["key"])
        field = {
            "f": f,
            "name": f"q-{key}-{n}-{f['key']}",
            "id": f"q-{key}-{n}-{f['key']}",
            "type": f["type"],
            "value": _str(value),
            "display": display_value(f, value),
        }
        if f["type"] in CHOICE_TYPES:
            field["options"] = question_options(f)
        elif f["type"] == "country":
            field["countries"] = country_options()
        fields.append(field)
    return {
        "n": n,
        "number": n + 1 if isinstance(n, int) else "",
        "id": item_id,
        "fields": fields,
        "evidence": [e for e in evidence_rows if item_id and e["item_id"] == item_id],
        "evidence_errors": evidence_errors.get(f"{key}-{item_id}", []) if item_id else [],
    }


def section_progress(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per section: title, answered / required (visible), and the missing required questions."""
    questions = list(iter_questions(definition))
    present = {k: v for k, v in answers.items() if not validation.is_empty(v)}
    shown = set(visible_question_keys(questions, present))
    rows = []
    for section in definition["sections"]:
        required = [q for q in questions if q["section"] == section["key"] and q["key"] in shown and q.get("required")]
        missing = [q for q in required if q["key"] not in present]
        total = len(required)
        answered = total - len(missing)
        rows.append(
            {
                "key": section["key"],
                "title": section["title"],
                "answered": answered,
                "total": total,
                "percent": round(100 * answered / total) if total else 100,
                "missing": missing,
                "question_count": sum(1 for q in questions if q["section"] == section["key"] and q["key"] in shown),
            }
        )
    return rows
