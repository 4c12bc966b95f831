"""The wording of a definition, each text under a stable path: what a translation translates.

A path names where a text sits by the keys of the items above it, never by list positions, so
that it survives reordering: `sections.A.questions.A3.fields.owner.label`,
`sections.B.questions.B1.choices.eucc.label`, `scoring.triggers.T2.rationale`. Only wording is
listed (titles, questions, help, labels, rationales, sources, messages), never a key, a type, a
number or an answer value: a translation cannot change what is asked or how it is scored.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

#: The keys whose string values are wording.
WORDING = frozenset(
    {
        "name",
        "description",
        "title",
        "text",
        "help",
        "label",
        "rationale",
        "source",
        "basis",
        "message",
        "placeholder",
    }
)
#: The keys that name an item of a list, in the order they are tried.
ITEM_KEYS = ("key", "id", "value", "answer")


def _item_name(item: Mapping[str, Any], position: int) -> str:
    for key in ITEM_KEYS:
        value = item.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value) != "":
            return str(value)
    return str(position)  # an item with no name: only bands without keys, never in a valid template


def _walk(node: Any, path: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            if isinstance(value, str):
                if key in WORDING and value.strip():
                    yield ".".join((*path, str(key))), value
            else:
                yield from _walk(value, (*path, str(key)))
    elif isinstance(node, list):
        for position, item in enumerate(node):
            if isinstance(item, Mapping):
                yield from _walk(item, (*path, _item_name(item, position)))


def wording(definition: Mapping[str, Any]) -> dict[str, str]:
    """Every text of the definition by its path, in the order of the definition."""
    return dict(_walk(definition, ()))
