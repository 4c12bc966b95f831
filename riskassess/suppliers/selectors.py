"""Reads of the designation register, and the one rule that decides when a national designation's
details are withheld from a viewer.

A member state may mark its designation of a supplier confidential (the register's `confidential`
flag, or answer D1c of its submission). Outside that member state (EU coordinators, other states,
EU reports) the designation is then never attributed to it: section D of its submissions is
withheld, and a "Designated high-risk" band that rests on it is shown as the band of the score
and the other triggers. In EU aggregates it counts only where at least 3 member states designate
the same supplier (riskassess.dashboard.selectors).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from riskassess.suppliers.models import Designation

DESIGNATED_BAND = "designated"
DESIGNATION_SECTION = "D"


def designation_withheld(
    *, viewer_member_state_id: int | None, member_state_id: int, supplier_id: int, answers: Mapping | None = None
) -> bool:
    """True when the designation of (member state, supplier) must not be attributed to that state
    for a viewer of `viewer_member_state_id` (None: an EU-wide viewer or report)."""
    if viewer_member_state_id == member_state_id:
        return False
    if answers is not None and answers.get("D1c") == "yes":
        return True
    return Designation.objects.filter(
        member_state_id=member_state_id, supplier_id=supplier_id, confidential=True
    ).exists()


def confidential_designation_pairs(*, campaign_id: int | None = None) -> set[tuple[int, int]]:
    """(member_state_id, supplier_id) of every confidential designation on the register, and, with
    a campaign, of its designated assessments whose submission says the designation is confidential
    (answer D1c) but which are not approved into the register yet. One query, two with a campaign;
    the answers are read only for the few designated scores."""
    pairs = set(Designation.objects.filter(confidential=True).values_list("member_state_id", "supplier_id"))
    if campaign_id is not None:
        from riskassess.scoring.models import Score

        pairs |= set(
            Score.objects.filter(
                is_current=True,
                band=DESIGNATED_BAND,
                assessment__campaign_id=campaign_id,
                revision__answers__D1c="yes",
            ).values_list("assessment__member_state_id", "assessment__supplier_id")
        )
    return pairs


def band_without_designation(*, overall: float, triggers: Iterable[Mapping[str, Any]], definition: Mapping) -> str:
    """The band a score would have without its designation trigger: the band of the overall score,
    raised by the other triggers that fired."""
    rules = definition.get("scoring") or {}
    bands = list(rules.get("bands") or [])
    order = [b["key"] for b in bands] + [b["key"] for b in rules.get("trigger_bands") or []]
    band = bands[0]["key"] if bands else "low"
    for b in bands:
        if overall >= b.get("min", 0):
            band = b["key"]
    for t in triggers:
        wanted = t.get("min_band")
        if wanted and wanted != DESIGNATED_BAND and wanted in order and order.index(wanted) > order.index(band):
            band = wanted
    return band


def triggers_without_designation(triggers: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [dict(t) for t in triggers if t.get("min_band") != DESIGNATED_BAND]
