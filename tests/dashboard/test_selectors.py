import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from riskassess.dashboard import selectors
from riskassess.dashboard.filters import DashboardFilters
from riskassess.questionnaires.models import Assessment
from riskassess.suppliers.models import AssetClass
from tests.dashboard.conftest import build_grid, designate, make_state, scored
from tests.factories import AssessmentFactory, CampaignFactory, SupplierFactory, UserFactory


@pytest.fixture
def states(db):
    return [make_state(code, i) for i, code in enumerate(["AT", "BE", "BG", "HR", "CY", "CZ"])]


@pytest.fixture
def radio(db):
    return SupplierFactory(name="Radio One")


def _row(rows, supplier):
    return next(r for r in rows if r["supplier_id"] == supplier.pk)


# --- n of N and confidentiality --------------------------------------------------------------


def test_it_does_not_count_two_confidential_designations(campaign, states, radio):
    designate(member_state=states[0], supplier=radio)
    designate(member_state=states[1], supplier=radio, confidential=True)
    row = _row(selectors.supplier_table(campaign=campaign), radio)
    assert (row["designating"], row["designating_of"]) == (1, 6)
    assert row["designating_public"] == ["AT"]
    assert row["designating_confidential"] == 0


def test_it_counts_confidential_designations_of_three_states_without_naming_them(campaign, states, radio):
    for state in states[:3]:
        designate(member_state=state, supplier=radio, confidential=True)
    row = _row(selectors.supplier_table(campaign=campaign), radio)
    assert row["designating"] == 3
    assert row["designating_public"] == []
    assert row["designating_confidential"] == 3
    summary = selectors.designation_summary()
    assert summary[0]["designating"] == 3
    assert "AT" not in str(summary)


def test_it_counts_exactly_two_confidential_as_none(campaign, states, radio):
    for state in states[:2]:
        designate(member_state=state, supplier=radio, confidential=True)
    assert selectors.designation_summary() == []
    # A third, public, designation does not make two confidential ones countable: "n of N" minus
    # the public list would tell how many others designate (never a "2 confidential").
    designate(member_state=states[2], supplier=radio)
    summary = selectors.designation_summary()[0]
    assert (summary["designating"], summary["designating_public"], summary["designating_confidential"]) == (
        1,
        ["BG"],
        0,
    )
    designate(member_state=states[3], supplier=radio, confidential=True)
    summary = selectors.designation_summary()[0]
    assert (summary["designating"], summary["designating_confidential"]) == (4, 3)


def test_it_lists_restricted_asset_classes_of_countable_designations(campaign, states, radio):
    core = AssetClass.objects.create(code="core_nf", name="Core network functions")
    ran = AssetClass.objects.create(code="ran", name="RAN")
    designate(member_state=states[0], supplier=radio).asset_classes.add(core)
    designate(member_state=states[1], supplier=radio, confidential=True, status="restricted").asset_classes.add(ran)
    row = _row(selectors.supplier_table(campaign=campaign), radio)
    assert row["restricted_asset_classes"] == ["Core network functions"]


# --- medians, quartiles, drafts -----------------------------------------------------------------


def test_it_computes_median_quartiles_and_iqr(campaign, states, radio):
    for state, value in zip(states[:4], [40.0, 10.0, 30.0, 20.0], strict=True):
        scored(
            campaign=campaign,
            member_state=state,
            supplier=radio,
            overall=value,
            sections={"A": value, "B": 100 - value},
        )
    row = _row(selectors.supplier_table(campaign=campaign), radio)
    assert (row["median"], row["min"], row["max"]) == (25.0, 10.0, 40.0)
    assert (row["q1"], row["q3"], row["iqr"]) == (17.5, 32.5, 15.0)
    assert row["reporting"] == 4
    assert {s["key"]: s["median"] for s in row["sections"]} == {"A": 25.0, "B": 75.0}
    assert {b["key"]: b["count"] for b in row["bands"]} == {"low": 2, "moderate": 2}


def test_it_takes_the_middle_value_for_an_odd_count(campaign, states, radio):
    for state, value in zip(states[:3], [90.0, 10.0, 50.0], strict=True):
        scored(campaign=campaign, member_state=state, supplier=radio, overall=value)
    row = _row(selectors.supplier_table(campaign=campaign), radio)
    assert row["median"] == 50.0
    assert {s["key"]: s["median"] for s in row["sections"]}["A"] == 50.0


def test_it_excludes_drafts_and_returned_assessments(campaign, states, radio):
    scored(campaign=campaign, member_state=states[0], supplier=radio, overall=20.0)
    scored(campaign=campaign, member_state=states[1], supplier=radio, overall=90.0, status=Assessment.Status.DRAFT)
    scored(campaign=campaign, member_state=states[2], supplier=radio, overall=80.0, status=Assessment.Status.RETURNED)
    scored(campaign=campaign, member_state=states[3], supplier=radio, overall=40.0, status=Assessment.Status.APPROVED)
    scored(campaign=campaign, member_state=states[4], supplier=radio, overall=30.0)
    row = _row(selectors.supplier_table(campaign=campaign), radio)
    assert row["reporting"] == 3
    assert row["median"] == 30.0
    cells = selectors.heatmap(campaign=campaign)["cells"]
    assert set(cells) == {(states[0].pk, radio.pk), (states[3].pk, radio.pk), (states[4].pk, radio.pk)}


def test_it_counts_a_reported_assessment_still_being_scored(campaign, states, radio):
    scored(campaign=campaign, member_state=states[0], supplier=radio, overall=None)
    scored(campaign=campaign, member_state=states[1], supplier=radio, overall=60.0)
    row = _row(selectors.supplier_table(campaign=campaign), radio)
    # One state's score: not shown (fewer than 3 member states), but both states report.
    assert (row["reporting"], row["scored"], row["median"], row["suppressed"]) == (2, 1, None, True)
    for state, value in zip(states[2:4], [20.0, 40.0], strict=True):
        scored(campaign=campaign, member_state=state, supplier=radio, overall=value)
    row = _row(selectors.supplier_table(campaign=campaign), radio)
    assert (row["reporting"], row["scored"], row["median"], row["suppressed"]) == (4, 3, 40.0, False)


def test_it_filters_suppliers_by_band_and_state_without_changing_the_numbers(campaign, states, radio):
    other = SupplierFactory(name="Other")
    scored(campaign=campaign, member_state=states[0], supplier=radio, overall=10.0)
    scored(campaign=campaign, member_state=states[1], supplier=radio, overall=90.0)
    scored(campaign=campaign, member_state=states[2], supplier=radio, overall=50.0)
    scored(campaign=campaign, member_state=states[1], supplier=other, overall=30.0)
    rows = selectors.supplier_table(campaign=campaign, filters=DashboardFilters(band="high"))
    assert [r["supplier_id"] for r in rows] == [radio.pk]
    assert rows[0]["median"] == 50.0
    rows = selectors.supplier_table(campaign=campaign, filters=DashboardFilters(member_state=states[0].pk))
    assert [r["supplier_id"] for r in rows] == [radio.pk]


# --- heatmap ------------------------------------------------------------------------------------


def test_it_fills_heatmap_cells_with_band_and_score(campaign, states, radio):
    a = scored(campaign=campaign, member_state=states[0], supplier=radio, overall=78.4)
    data = selectors.heatmap(campaign=campaign)
    assert data["cells"][(states[0].pk, radio.pk)] == {
        "band": "high",
        "band_label": "High",
        "overall": 78.4,
        "assessment_id": a.pk,
        "revision": 1,
    }
    assert [s["eu_code"] for s in data["member_states"]] == ["AT", "BE", "BG", "HR", "CY", "CZ"]
    assert data["suppliers"] == [{"id": radio.pk, "name": "Radio One"}]


def test_it_filters_the_heatmap_by_band_and_state(campaign, states, radio):
    scored(campaign=campaign, member_state=states[0], supplier=radio, overall=78.0)
    scored(campaign=campaign, member_state=states[1], supplier=radio, overall=10.0)
    assert list(selectors.heatmap(campaign=campaign, filters=DashboardFilters(band="low"))["cells"]) == [
        (states[1].pk, radio.pk)
    ]
    data = selectors.heatmap(campaign=campaign, filters=DashboardFilters(member_state=states[0].pk))
    assert [s["id"] for s in data["member_states"]] == [states[0].pk]
    assert list(data["cells"]) == [(states[0].pk, radio.pk)]


# --- progress -----------------------------------------------------------------------------------


def test_it_counts_progress_per_state_with_previous_campaign_as_expected(states, radio):
    other = SupplierFactory(name="Other")
    previous = CampaignFactory(name="2025", opens_on=dt.date(2025, 1, 1), deadline=dt.date(2025, 3, 1))
    campaign = CampaignFactory(name="2026", opens_on=dt.date(2026, 1, 1), deadline=dt.date(2026, 3, 1))
    AssessmentFactory(campaign=previous, member_state=states[0], supplier=radio)
    AssessmentFactory(campaign=previous, member_state=states[0], supplier=other)
    AssessmentFactory(campaign=campaign, member_state=states[0], supplier=radio, status="submitted")
    AssessmentFactory(campaign=campaign, member_state=states[1], supplier=radio, status="draft")
    AssessmentFactory(campaign=campaign, member_state=states[1], supplier=other, status="approved")
    rows = {r["eu_code"]: r for r in selectors.campaign_progress(campaign=campaign, today=dt.date(2026, 2, 1))}
    assert (rows["AT"]["expected"], rows["AT"]["not_started"], rows["AT"]["submitted"]) == (2, 1, 1)
    assert rows["AT"]["completion"] == 50
    assert (rows["BE"]["draft"], rows["BE"]["approved"], rows["BE"]["completion"]) == (1, 1, 50)
    assert rows["AT"]["late"] == 0
    assert rows["CY"]["expected"] == 0 and rows["CY"]["completion"] is None
    late = {r["eu_code"]: r for r in selectors.campaign_progress(campaign=campaign, today=dt.date(2026, 3, 2))}
    assert (late["AT"]["late"], late["BE"]["late"]) == (1, 1)
    totals = selectors.progress_totals(list(late.values()))
    assert (totals["states_reporting"], totals["submissions"], totals["late"]) == (2, 2, 2)


# --- register -----------------------------------------------------------------------------------


def test_it_shows_public_designations_and_aggregates_confidential_ones(states, radio, observer):
    designate(member_state=states[0], supplier=radio, legal_instrument="Decree 1")
    for state in states[1:3]:
        designate(member_state=state, supplier=radio, confidential=True, legal_instrument="Secret")
    rows = selectors.designations_register(viewer=observer)
    # Two confidential designations are fewer than 3: not even counted.
    assert [(r["kind"], r["member_state"], r["count"]) for r in rows] == [("designation", "AT", 1)]
    designate(member_state=states[3], supplier=radio, confidential=True, legal_instrument="Secret")
    rows = selectors.designations_register(viewer=observer)
    assert [(r["kind"], r["member_state"], r["count"]) for r in rows] == [
        ("designation", "AT", 1),
        ("aggregate", "", 3),
    ]
    assert "Secret" not in str(rows)


def test_it_hides_confidential_designations_below_three_states(states, radio, eu_coordinator):
    designate(member_state=states[0], supplier=radio, confidential=True, legal_instrument="Secret")
    designate(member_state=states[1], supplier=radio, confidential=True)
    assert selectors.designations_register(viewer=eu_coordinator) == []


def test_it_shows_a_state_its_own_confidential_designation(states, radio):
    viewer = UserFactory(username="be-reg", role="regulator", member_state=states[1])
    designate(member_state=states[1], supplier=radio, confidential=True, legal_instrument="Our decree")
    designate(member_state=states[2], supplier=radio, confidential=True, legal_instrument="Their decree")
    rows = selectors.designations_register(viewer=viewer)
    assert [(r["member_state"], r["legal_instrument"]) for r in rows] == [("BE", "Our decree")]
    assert "Their decree" not in str(rows)


# --- trend and member state vs EU ---------------------------------------------------------------


def test_it_orders_trend_by_opening_date(states, radio):
    later = CampaignFactory(name="Later", opens_on=dt.date(2026, 1, 1))
    earlier = CampaignFactory(name="Earlier", opens_on=dt.date(2024, 1, 1))
    for state, value in zip(states[:3], [10.0, 20.0, 60.0], strict=True):
        scored(campaign=earlier, member_state=state, supplier=radio, overall=value)
    scored(campaign=later, member_state=states[0], supplier=radio, overall=70.0)
    scored(campaign=later, member_state=states[1], supplier=radio, overall=80.0, status="draft")
    data = selectors.supplier_trend(supplier=radio)
    assert [c["name"] for c in data["campaigns"]] == ["Earlier", "Later"]
    assert data["suppliers"][0]["points"] == [
        {"campaign_id": earlier.pk, "median": 20.0, "n": 3},
        {"campaign_id": later.pk, "median": None, "n": 0},  # one state's score: not shown
    ]


def test_it_compares_a_state_with_the_eu_median_only_from_three_states(campaign, states, radio):
    other = SupplierFactory(name="Two states only")
    for state, value in zip(states[:4], [40.0, 10.0, 30.0, 20.0], strict=True):
        scored(campaign=campaign, member_state=state, supplier=radio, overall=value)
    scored(campaign=campaign, member_state=states[0], supplier=other, overall=50.0)
    scored(campaign=campaign, member_state=states[1], supplier=other, overall=70.0)
    rows = {r["supplier_name"]: r for r in selectors.member_state_vs_eu(member_state=states[0], campaign=campaign)}
    assert (rows["Radio One"]["own_overall"], rows["Radio One"]["eu_median"], rows["Radio One"]["difference"]) == (
        40.0,
        25.0,
        15.0,
    )
    assert rows["Radio One"]["sections"][0] == {"key": "A", "title": "Supplier profile", "own": 40.0, "eu_median": 25.0}
    assert rows["Two states only"]["eu_median"] is None
    assert rows["Two states only"]["eu_reporting"] == 2
    assert "BE" not in str(rows) and "State" not in str(rows)


# --- bounded queries ----------------------------------------------------------------------------


def _queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("size", [(3, 4), (10, 12)])
def test_it_runs_a_fixed_number_of_queries(campaign, eu_coordinator, size):
    states, _suppliers = build_grid(campaign, *size)
    counts = {
        "progress": _queries(lambda: selectors.campaign_progress(campaign=campaign)),
        "heatmap": _queries(lambda: selectors.heatmap(campaign=campaign)),
        "suppliers": _queries(lambda: selectors.supplier_table(campaign=campaign)),
        "register": _queries(lambda: selectors.designations_register(viewer=eu_coordinator)),
        "trend": _queries(lambda: selectors.supplier_trend()),
        "vs_eu": _queries(lambda: selectors.member_state_vs_eu(member_state=states[0], campaign=campaign)),
    }
    # heatmap and suppliers: two queries each for the confidential designations they must mask
    # progress: + the per-state deadline extensions; register: + the asset-class names of phase-out dates
    assert counts == {"progress": 4, "heatmap": 4, "suppliers": 6, "register": 2, "trend": 2, "vs_eu": 4}


def test_it_does_not_even_list_a_supplier_with_only_uncounted_confidential_designations(campaign, states, radio):
    designate(member_state=states[0], supplier=radio, confidential=True)
    assert selectors.designation_summary() == []
    assert selectors.supplier_table(campaign=campaign) == []
