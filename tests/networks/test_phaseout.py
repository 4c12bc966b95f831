"""Phase-out tracking: deadlines from the register (national and 36 months), the restricted share
per operator and part over time, on track / at risk / missed, the EU view and its confidentiality."""

import datetime as dt

import pytest

from riskassess.networks import selectors
from riskassess.networks.selectors import AT_RISK, MISSED, ON_TRACK, phaseout_status, restriction_deadlines
from riskassess.networks.services import inventory_import
from tests.factories import DesignationFactory, amend_designation
from tests.networks.conftest import TODAY, csv_rows

D = dt.date


def test_status_is_missed_after_the_deadline_with_equipment_left():
    assert phaseout_status([(D(2026, 3, 31), 10.0), (D(2026, 9, 30), 5.0)], D(2026, 6, 30), on=TODAY) == MISSED


def test_status_is_on_track_when_the_trend_reaches_zero_by_the_deadline():
    points = [(D(2025, 12, 31), 30.0), (D(2026, 3, 31), 20.0), (D(2026, 6, 30), 10.0)]
    assert phaseout_status(points, D(2027, 6, 30), on=D(2026, 7, 1)) == ON_TRACK
    assert phaseout_status(points + [(D(2026, 9, 30), 0.0)], D(2026, 6, 30), on=TODAY) == ON_TRACK


def test_status_is_at_risk_when_the_trend_does_not_reach_zero():
    points = [(D(2025, 12, 31), 30.0), (D(2026, 3, 31), 29.0), (D(2026, 6, 30), 28.0)]
    assert phaseout_status(points, D(2027, 6, 30), on=D(2026, 7, 1)) == AT_RISK
    assert phaseout_status(points, None, on=TODAY) is None


def test_deadlines_come_from_the_register_and_the_36_months(fr_designation, asset_classes):
    deadlines = {d.asset_class: d for d in restriction_deadlines(viewer_member_state_id=None)}
    assert deadlines["core_nf"].national == D(2026, 6, 30)
    assert deadlines["core_nf"].csa2 == D(2027, 1, 15)  # key asset: 36 months after 15 Jan 2024
    assert deadlines["core_nf"].deadline == D(2026, 6, 30)
    assert deadlines["ran_general"].csa2 is None  # not a key asset
    assert deadlines["ran_general"].deadline == D(2029, 12, 31)


def test_a_confidential_restriction_is_seen_only_within_its_state(fr_designation, france):
    amend_designation(fr_designation, confidential=True)
    assert restriction_deadlines(viewer_member_state_id=None) == []
    assert restriction_deadlines(viewer_member_state_id=france.pk)


def _lines(data):
    return {(ln.operator, ln.part): ln for ln in data["lines"]}


def test_state_phaseout_per_operator_and_part(fr_inventory, fr_designation, france):
    data = selectors.state_phaseout(member_state=france, viewer_member_state_id=france.pk, on=TODAY)
    lines = _lines(data)
    orange, sfr = lines[("Orange France", "core")], lines[("SFR", "core")]
    assert orange.points == [(D(2026, 3, 31), 30.0), (D(2026, 6, 30), 10.0), (D(2026, 9, 30), 0.0)]
    assert orange.deadline == D(2026, 6, 30)
    assert orange.status == ON_TRACK
    assert sfr.status == MISSED  # core deadline 30 June 2026 passed at 28 %
    assert lines[("SFR", "ran")].deadline == D(2029, 12, 31)
    assert lines[("SFR", "ran")].status == AT_RISK  # -1 point a quarter does not reach 0 by 2029
    # As judged on each date: one observation is no trend; on the deadline day itself, not yet missed.
    assert [s for _, s in orange.statuses] == [AT_RISK, AT_RISK, ON_TRACK]


def test_a_coordinator_does_not_see_a_confidential_restriction(fr_inventory, fr_designation, france):
    amend_designation(fr_designation, confidential=True)
    own = _lines(selectors.state_phaseout(member_state=france, viewer_member_state_id=france.pk, on=TODAY))
    eu = _lines(selectors.state_phaseout(member_state=france, viewer_member_state_id=None, on=TODAY))
    assert own[("SFR", "core")].latest == 28.0
    assert eu[("SFR", "core")].latest == 0.0 and eu[("SFR", "core")].deadline is None


def test_eu_view_share_per_state_and_no_attribution_of_confidential(fr_inventory, fr_designation, vendors, france):
    vendors["hr"].named_in_2023_communication = False
    vendors["hr"].save()
    data = selectors.eu_phaseout(on=TODAY)
    fr = next(r for r in data["rows"] if r["eu_code"] == "FR")
    assert fr["parts"]["core"]["latest"] == pytest.approx(14.0)  # (0 + 28) / 2 operators
    assert fr["parts"]["core"]["deadline"] == D(2026, 6, 30)
    amend_designation(fr_designation, confidential=True)
    data = selectors.eu_phaseout(on=TODAY)
    fr = next(r for r in data["rows"] if r["eu_code"] == "FR")
    assert fr["parts"]["core"]["latest"] == 0.0  # the supplier is high-risk only by France's confidential decision
    assert fr["parts"]["core"]["deadline"] is None
    assert "Red Dragon Telecom" not in data["high_risk_suppliers"]


def test_eu_counts_a_supplier_confidentially_designated_by_three_states(
    fr_inventory, fr_designation, vendors, more_states
):
    vendors["hr"].named_in_2023_communication = False
    vendors["hr"].save()
    amend_designation(fr_designation, confidential=True)
    for state in more_states[:2]:
        DesignationFactory(member_state=state, supplier=vendors["hr"], status="high_risk", confidential=True)
    data = selectors.eu_phaseout(on=TODAY)
    fr = next(r for r in data["rows"] if r["eu_code"] == "FR")
    assert "Red Dragon Telecom" in data["high_risk_suppliers"]
    assert fr["parts"]["core"]["latest"] == pytest.approx(14.0)
    assert fr["parts"]["core"]["deadline"] is None  # still not attributed to France
    assert data["confidential_states"] == 3


def test_eu_means_need_three_states(fr_inventory, fr_designation):
    data = selectors.eu_phaseout(on=TODAY)
    assert data["eu"]["core"] == []  # one state reports


def _more_inventory(france, operators, vendors, n):
    rows = []
    for op in operators:
        for q in range(n):
            day = (D(2020, 1, 1) + dt.timedelta(days=91 * q)).isoformat()
            rows += [
                (op.code, "core", "5G SA", "Red Dragon Telecom", "sites", 20, day),
                (op.code, "ran", "2G-4G", "Nordic Radio", "sites", 50, day),
            ]
    inventory_import(member_state=france, content=csv_rows(rows), filename="more.csv", today=TODAY)


def test_phaseout_queries_do_not_grow_with_the_inventory(
    client,
    fr_regulator,
    eu_coordinator,
    fr_inventory,
    fr_designation,
    france,
    fr_operators,
    vendors,
    django_assert_num_queries,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    def count(user, url):
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    pages = [(fr_regulator, reverse("networks:phaseout")), (eu_coordinator, reverse("networks:phaseout_eu"))]
    small = [count(u, url) for u, url in pages]
    _more_inventory(france, fr_operators, vendors, 20)
    assert [count(u, url) for u, url in pages] == small
    # session, user, then the page: the register (deadlines), the summary tables, names
    assert small == [12, 11]


def test_a_restriction_without_a_phase_out_date_still_counts_the_restricted_share(
    fr_inventory, fr_designation, france, asset_classes
):
    # Restricted in radio access, no date set (and not a key asset): a new version of its register record.
    amend_designation(fr_designation, scopes=[{"asset_class": "ran_general", "technology": ""}], deadlines=[])
    data = selectors.state_phaseout(member_state=france, viewer_member_state_id=france.pk, on=TODAY)
    orange = _lines(data)[("Orange France", "ran")]
    assert orange.points[0] == (D(2026, 3, 31), 30.0)
    assert orange.deadline is None and orange.status is None
    assert _lines(data)[("Orange France", "core")].latest == 0.0  # core is not restricted any more
    assert [d["asset_class"] for d in data["deadlines"]] == ["Radio access, general"]  # named, not coded
