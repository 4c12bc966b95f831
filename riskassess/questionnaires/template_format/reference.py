"""The reference tables of docs/questionnaire-format.md, generated from the one declaration of the
format (schema.py). `python -m riskassess.questionnaires.template_format.reference` rewrites them
between the markers; a test fails when the page and the format disagree."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from riskassess.questionnaires.template_format.schema import MAPPINGS, NO_DEFAULT

BEGIN = "<!-- format reference: generated from riskassess/questionnaires/template_format/schema.py -->"
END = "<!-- end of the format reference -->"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "questionnaire-format.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def reference_markdown() -> str:
    """Every mapping of the format as a table, keys in canonical order."""
    lines = [BEGIN, ""]
    for m in MAPPINGS:
        lines += [
            f"**{m.name}** (`{m.where}`)",
            "",
            "| key | holds | required | default | meaning |",
            "|---|---|---|---|---|",
        ]
        for k in m.keys:
            default = "" if k.default is NO_DEFAULT else f"`{json.dumps(k.default)}`"
            lines.append(
                f"| `{k.name}` | {_cell(k.holds)} | {'yes' if k.required else ''} | {default} | {_cell(k.meaning)} |"
            )
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def docs_with_reference(text: str) -> str:
    """`text` (the docs page) with its reference section replaced by the generated one."""
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return head + reference_markdown() + tail


if __name__ == "__main__":  # pragma: no cover - a developer's tool
    DOCS.write_text(docs_with_reference(DOCS.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(f"rewrote the reference in {DOCS.name}\n")
