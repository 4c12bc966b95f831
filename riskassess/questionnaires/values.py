"""Small helpers on answer values, used by the template checks, the conditions, the validation of
answers and the scoring engine alike: one copy of each."""

import math
from typing import Any, TypeGuard


def is_number(value: Any) -> TypeGuard[int | float]:
    """An int or a finite float, not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def is_empty(value: Any) -> bool:
    """True for an unanswered value: None, "", blank text, [] or {}."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, list | tuple | dict):
        return len(value) == 0
    return False


def format_number(n: float | int) -> str:
    """A number as people read it: 3 not 3.0, 2.5, 12 000 (a space between thousands)."""
    if isinstance(n, float) and n.is_integer():
        n = int(n)
    if abs(n) >= 10000:
        return f"{n:,}".replace(",", " ")
    return f"{n:g}" if isinstance(n, float) else str(n)
