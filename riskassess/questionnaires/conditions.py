"""Conditions on answers: when a question is shown. Pure functions, shared by the forms, the
submit check and the scoring engine (docs/questionnaire-format.md, "Conditions")."""

from collections.abc import Iterable, Mapping
from typing import Any

from riskassess.questionnaires.values import is_empty

UNANSWERED = object()


def evaluate(cond: Mapping[str, Any], answers: Mapping[str, Any], facts: Mapping[str, Any] | None = None) -> bool:
    """True when `cond` holds for `answers` ({question_key: value}); unanswered matches nothing
    except `not_empty: false`."""
    if "all" in cond:
        return all(evaluate(c, answers, facts) for c in cond["all"])
    if "any" in cond:
        return any(evaluate(c, answers, facts) for c in cond["any"])
    if "not" in cond:
        return not evaluate(cond["not"], answers, facts)
    if "fact" in cond:
        return bool((facts or {}).get(cond["fact"]))
    key = cond["question"]
    value = answers.get(key, UNANSWERED)
    empty = value is UNANSWERED or is_empty(value)
    if "not_empty" in cond:
        return (not empty) == bool(cond["not_empty"])
    if empty:
        return False
    if "equals" in cond:
        return value == cond["equals"]
    if "not_equals" in cond:
        return value != cond["not_equals"]
    if "in" in cond:
        return value in cond["in"]
    if "contains" in cond:
        return isinstance(value, list) and cond["contains"] in value
    if "greater_than" in cond:
        return isinstance(value, int | float) and not isinstance(value, bool) and value > cond["greater_than"]
    if "less_than" in cond:
        return isinstance(value, int | float) and not isinstance(value, bool) and value < cond["less_than"]
    if "any_item" in cond:
        spec = cond["any_item"]
        return isinstance(value, list) and any(
            isinstance(item, dict) and item.get(spec["field"]) == spec["equals"] for item in value
        )
    raise ValueError(f"unknown condition: {dict(cond)!r}")


def referenced_questions(cond: Mapping[str, Any]) -> Iterable[str]:
    """Every question key a condition reads (for validation of the template)."""
    for sub in cond.get("all", []) + cond.get("any", []):
        yield from referenced_questions(sub)
    if "not" in cond:
        yield from referenced_questions(cond["not"])
    if "question" in cond:
        yield cond["question"]


def visible_answers(
    questions: Iterable[Mapping[str, Any]], answers: Mapping[str, Any], facts: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The answers of the questions that are shown (hidden answers are ignored), in template order."""
    return {
        key: answers[key] for key in visible_question_keys(questions, answers, facts) if answers.get(key) is not None
    }


def visible_question_keys(
    questions: Iterable[Mapping[str, Any]], answers: Mapping[str, Any], facts: Mapping[str, Any] | None = None
) -> list[str]:
    """Keys of the questions shown for these answers, in template order."""
    shown: list[str] = []
    visible: dict[str, Any] = {}
    for q in questions:
        cond = q.get("condition")
        if cond and not evaluate(cond, visible, facts):
            continue
        shown.append(q["key"])
        if q["key"] in answers and answers[q["key"]] is not None:
            visible[q["key"]] = answers[q["key"]]
    return shown
