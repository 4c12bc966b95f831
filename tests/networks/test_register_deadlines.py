"""restriction_deadlines() reads the restriction register: deadlines per technology generation
(the earliest applies to the asset class) and EU-level decisions binding every member state."""

import datetime as dt

from riskassess.networks.selectors import restriction_deadlines
from riskassess.register.services import decision_record

D = dt.date


def test_the_earliest_generation_deadline_applies_to_the_class(france, vendors, asset_classes, fr_approver):
    decision_record(
        authority_state=france,
        supplier=vendors["hr"],
        kind="restriction",
        instrument="Law on electronic communications",
        instrument_date=D(2022, 2, 1),
        scopes=[
            {"asset_class": "ran_general", "technology": "g5"},
            {"asset_class": "ran_general", "technology": "g2_4"},
        ],
        deadlines=[{"technology": "g5", "phase_out": "2025-12-31"}, {"technology": "g2_4", "phase_out": "2029-12-31"}],
        confidential=False,
        reason="Decision",
        user=fr_approver,
    )
    (deadline,) = restriction_deadlines(viewer_member_state_id=None)
    assert (deadline.asset_class, deadline.national, deadline.csa2, deadline.high_risk) == (
        "ran_general",
        D(2025, 12, 31),
        None,
        False,
    )


def test_an_eu_level_designation_binds_every_state(france, germany, vendors, asset_classes, eu_coordinator):
    decision_record(
        eu_level=True,
        supplier=vendors["hr"],
        kind="designation",
        instrument="Implementing decision (fictitious)",
        instrument_date=D(2027, 3, 31),
        scopes=["core_nf", "ran_general"],
        confidential=False,
        reason="After the hearing",
        user=eu_coordinator,
    )
    rows = restriction_deadlines(viewer_member_state_id=france.pk)
    assert {(r.member_state_id, r.asset_class, r.csa2) for r in rows} == {
        (france.pk, "core_nf", D(2030, 3, 31)),
        (germany.pk, "core_nf", D(2030, 3, 31)),
    }  # RAN is not a key asset: no EU deadline there
    assert [r.member_state_id for r in restriction_deadlines(member_state_ids=[germany.pk])] == [germany.pk]


def test_an_eu_deadline_meets_a_national_one(fr_designation, france, vendors, eu_coordinator):
    decision_record(
        eu_level=True,
        supplier=vendors["hr"],
        kind="designation",
        instrument="Implementing decision (fictitious)",
        instrument_date=D(2023, 1, 1),
        scopes=["core_nf"],
        confidential=False,
        reason="After the hearing",
        user=eu_coordinator,
    )
    core = next(r for r in restriction_deadlines(member_state_ids=[france.pk]) if r.asset_class == "core_nf")
    assert core.national == D(2026, 6, 30)
    assert core.csa2 == D(2026, 1, 1)  # the EU's 36 months end before France's own 36 months
    assert core.deadline == D(2026, 1, 1)
