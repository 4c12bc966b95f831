"""The parsed definition the app reads at run time: a template version's `definition` (a dict),
as template_format.parser.parse_definition normalises it (docs/questionnaire-format.md).
Pure: no ORM, no I/O."""

from collections.abc import Iterator, Mapping
from typing import Any


def iter_questions(definition: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every question of the template, in order, with its section key as `section`."""
    for section in definition["sections"]:
        for q in section["questions"]:
            yield {**q, "section": section["key"]}


def questions_by_key(definition: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {q["key"]: q for q in iter_questions(definition)}
