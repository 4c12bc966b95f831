"""Reading a template file: YAML (without aliases, without control characters) checked part by part
(structure, confidentiality, conditions, scoring rules, triggers, plausibility checks, the
dimensions model) into the normalised definition, every default filled in and every mapping in
canonical order. Pure: no ORM, no I/O beyond the text given."""

from __future__ import annotations

from typing import Any

import yaml

from riskassess.core.text import first_control_character
from riskassess.questionnaires.template_format import structure
from riskassess.questionnaires.template_format.checker import Checker, TemplateError
from riskassess.questionnaires.template_format.dump import ordered


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without anchors and aliases: a template never needs them, and an alias can make a loop
    (`a: &a [*a]`, a RecursionError when checked) or an exponential expansion ("billion laughs")."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not accepted in a template file", event.start_mark
            )
        return super().compose_node(parent, index)


def parse_definition(text: str) -> dict[str, Any]:
    """Parse and validate a template file; the normalised definition (every default filled in).

    Raises TemplateError listing every problem, each naming where it is. Control characters (NUL...)
    and YAML aliases are refused: the database and the checker would fail on them.
    """
    bad = first_control_character(text)
    if bad is not None:
        line = text.count("\n", 0, bad) + 1
        raise TemplateError([f"line {line}: the file contains control characters (such as NUL); remove them"])
    try:
        doc = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506  (a SafeLoader without aliases)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(e, "problem", None) or str(e)
        raise TemplateError([f"{where}: the file is not valid YAML ({problem})"]) from None
    chk = Checker()
    definition = structure.document(chk, doc)
    if chk.errors:
        raise TemplateError(chk.errors)
    return ordered(definition)
