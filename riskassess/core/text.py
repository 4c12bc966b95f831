"""Text from outside: control characters, bidi controls, and the normal form of names.

One policy for the whole site (riskassess.core.middleware.ControlCharactersMiddleware applies it at
the edge to every path, query string and form or JSON body): NUL and the other C0/C1 control
characters are refused, except tab, line feed and carriage return, which plain text uses.
Uploaded files are not text and are not judged here (riskassess/questionnaires/filetypes.py).
"""

import re
import unicodedata
from typing import Any

# C0 (but tab, LF, CR), DEL and C1.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Unicode bidirectional formatting characters (CVE-2021-42574, "Trojan Source"): they can make a
# name read differently from what it is.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def control_characters(text: str) -> bool:
    """Whether `text` holds a control character that plain text never needs."""
    return bool(_CONTROL_RE.search(text))


def first_control_character(text: str) -> int | None:
    """The position of the first such character, or None."""
    match = _CONTROL_RE.search(text)
    return match.start() if match else None


def bidi_controls(text: str) -> bool:
    return any(c in BIDI_CONTROLS for c in text)


def has_control_characters(value: Any, depth: int = 0) -> bool:
    """Walks a parsed JSON value (bounded depth) and says whether any key or string holds one."""
    if depth > 64:
        return False
    if isinstance(value, str):
        return control_characters(value)
    if isinstance(value, dict):
        return any(
            has_control_characters(k, depth + 1) or has_control_characters(v, depth + 1) for k, v in value.items()
        )
    if isinstance(value, list):
        return any(has_control_characters(v, depth + 1) for v in value)
    return False


def normalise_name(text: str) -> str:
    """A name as stored: NFKC (compatibility forms folded: full-width letters, ligatures), spaces
    collapsed. Bidi controls are refused by the callers, not silently dropped."""
    return " ".join(unicodedata.normalize("NFKC", text).split())
