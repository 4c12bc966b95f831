"""Where a hearing's decision enters the restriction register (riskassess.register).

`decision_to_register` turns a decided hearing into a new legal record of the hearing authority
(a member state, or the EU), with the hearing kept on the version as the procedure that led to
it; it is the only place the hearings app writes to the register. "No measure" writes nothing.
"""

from typing import Any

from riskassess.hearings.models import Hearing, Outcome


def decision_to_register(*, hearing: Hearing, user: Any) -> int | None:
    """The id of the register record made by `hearing`'s decision, or None for no measure.
    Raises ApplicationError (nothing written) when the register refuses the decision."""
    if hearing.outcome in ("", Outcome.NO_MEASURE):
        return None
    from riskassess.register.services import decision_record

    version = decision_record(
        authority_state=hearing.member_state,
        eu_level=hearing.member_state_id is None,
        supplier=hearing.supplier,
        kind=hearing.outcome,
        instrument=hearing.instrument,
        instrument_date=hearing.instrument_date,
        scopes=list(hearing.scopes or []),
        confidential=hearing.confidential,
        share_cap_percent=hearing.share_cap_percent,
        appeal_status="appeal_possible",
        reason=f"Decision after hearing {hearing.pk} ({hearing.subject}): {hearing.reasoning}"[:2000],
        user=user,
        hearing=hearing,
    )
    return version.record_id
