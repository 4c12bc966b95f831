"""One way of counting: on random data sets (member states, suppliers, bands, designations public
or confidential, drafts and returns), every EU figure is the same in the dashboard selectors, the
dashboard pages, each PDF kind's context, the CSV export and the API, and equals what the rule
says it should be (computed here from the data set, independently of the code under test)."""

from __future__ import annotations

import csv
import io
import statistics

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskassess.dashboard import selectors
from riskassess.dashboard.filters import DashboardFilters
from riskassess.questionnaires.models import Assessment
from riskassess.reports.contexts import report_context
from riskassess.reports.models import Report
from tests.confidentiality.builders import Cell, band_of, build, make_states, make_suppliers

REPORTED = (Assessment.Status.SUBMITTED, Assessment.Status.APPROVED)
STATUSES = [
    Assessment.Status.DRAFT,
    Assessment.Status.SUBMITTED,
    Assessment.Status.APPROVED,
    Assessment.Status.RETURNED,
]


class _Rollback(Exception):
    pass


cells_strategy = st.lists(
    st.builds(
        Cell,
        state=st.integers(0, 5),
        supplier=st.integers(0, 1),
        status=st.sampled_from(STATUSES),
        overall=st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 2)),
        designation=st.sampled_from([None, None, "high_risk", "restricted"]),
        confidential=st.booleans(),
        asset_class=st.sampled_from(["core_nf", "transport"]),
    ),
    max_size=12,
    unique_by=lambda c: (c.state, c.supplier),
)


def expected(cells: list[Cell], supplier: int, n_states: int) -> dict:
    """The figures of one supplier as the rule defines them (docs/confidentiality.md)."""
    mine = [c for c in cells if c.supplier == supplier]
    reported = [c for c in mine if c.status in REPORTED]
    confidential_hr = [c for c in mine if c.designation == "high_risk" and c.confidential]
    public_hr = [c for c in mine if c.designation == "high_risk" and not c.confidential]
    counted_conf = len(confidential_hr) if len(confidential_hr) >= 3 else 0
    shown = len(reported) >= 3
    bands: dict[str, int] = {}
    for c in reported:
        band = "designated" if c.designation == "high_risk" and not c.confidential else band_of(c.overall)
        bands[band] = bands.get(band, 0) + 1
    return {
        "reporting": len(reported),
        "median": round(round(statistics.median([c.overall for c in reported]), 6), 1) if shown else None,
        "bands": bands if shown else {},
        "designating": len(public_hr) + counted_conf,
        "designating_confidential": counted_conf,
        "designating_of": n_states,
    }


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _report(**kw) -> dict:
    return report_context(Report.objects.create(fingerprint="x", tlp="TLP:AMBER", **kw))


def _csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    # The table follows the export's header block ("#" lines: marking, campaign, cut-off, rule set).
    block, table = text.split("\r\n\r\n", 1)
    assert all(line.startswith("# ") for line in block.splitlines())
    return list(csv.DictReader(io.StringIO(table)))


def check(campaign, coordinator, observer, cells: list[Cell]) -> None:
    cache.clear()
    states, suppliers = make_states(6), make_suppliers(2)
    build(campaign, states, suppliers, cells)
    table = {r["supplier_id"]: r for r in selectors.supplier_table(campaign=campaign)}
    api = {
        r["supplier_id"]: r
        for r in _client(observer).get(reverse("api-dashboard-suppliers", args=[campaign.pk])).json()
    }
    page = {
        r["supplier_id"]: r
        for r in _client(coordinator).get(reverse("dashboard:suppliers"), {"campaign": campaign.pk}).context["rows"]
    }
    exported = {
        r["Supplier"]: r
        for r in _csv_rows(
            _client(coordinator).get(reverse("dashboard:suppliers"), {"campaign": campaign.pk, "format": "csv"})
        )
    }
    eu = _report(kind=Report.Kind.EU, campaign=campaign, audience="eu")
    eu_rows = {r["supplier_id"]: r for r in eu["designation_rows"]}
    assert eu["n_not_designated"] + len(eu_rows) == len(table)
    heat = selectors.heatmap(campaign=campaign)
    heat_api = _client(coordinator).get(reverse("api-dashboard-heatmap", args=[campaign.pk])).json()
    assert {(c["member_state_id"], c["supplier_id"]): c["band"] for c in heat_api["cells"]} == {
        k: v["band"] for k, v in heat["cells"].items()
    }
    for i, supplier in enumerate(suppliers):
        want = expected(cells, i, len(states))
        row = table.get(supplier.pk)
        if row is None:  # neither reported nor designated: no output names it
            assert want["reporting"] == 0 and want["designating"] == 0
            assert supplier.pk not in api and supplier.pk not in page and supplier.name not in exported
            continue
        got = {
            "reporting": row["reporting"],
            "median": row["median"],
            "bands": {b["key"]: b["count"] for b in row["bands"]},
            "designating": row["designating"],
            "designating_confidential": row["designating_confidential"],
            "designating_of": row["designating_of"],
        }
        assert got == want
        assert api[supplier.pk] == {k: v for k, v in page[supplier.pk].items() if k in api[supplier.pk]}
        for key in ("reporting", "median", "min", "max", "iqr", "designating", "designating_confidential"):
            assert api[supplier.pk][key] == row[key], key
        csv_row = exported[supplier.name]
        assert csv_row["Member states reporting"] == str(row["reporting"])
        assert csv_row["Median"] == ("" if row["median"] is None else str(row["median"]))
        assert csv_row["Member states designating"] == str(row["designating"])
        profile = _report(kind=Report.Kind.SUPPLIER, supplier=supplier, campaign=campaign, audience="eu")
        assert profile["n_reporting"] == row["reporting"]
        assert (profile["stats"] or {}).get("median") == row["median"]
        assert profile["band_counts"] == got["bands"]
        assert profile["designated"]["n"] == row["designating"]
        assert profile["designated"]["confidential_counted"] == row["designating_confidential"]
        assert sorted(name for name, _n in profile["restricted"]) == row["restricted_asset_classes"]
        if row["designating"]:  # the EU report lists the designated suppliers
            assert eu_rows[supplier.pk]["n"] == row["designating"]
            assert eu_rows[supplier.pk]["median"] == row["median"]
            assert eu_rows[supplier.pk]["reporting"] == row["reporting"]
        else:
            assert supplier.pk not in eu_rows
    # The EU-wide distribution is the sum of the rows that may be shown.
    total: dict[str, int] = {}
    for row in table.values():
        for b in row["bands"]:
            total[b["key"]] = total.get(b["key"], 0) + b["count"]
    assert eu["band_counts"] == total
    assert eu["heatmap_pages"] == []  # read by observers too: no per-state cells
    # The member-state overview for EU coordinators: submitted and approved only, bands as the heatmap.
    for ms in states:
        overview = _report(kind=Report.Kind.MEMBER_STATE, member_state=ms, campaign=campaign, audience="eu")
        listed = {r["supplier"]: r["band"] for r in overview["rows"]}
        reported = {s.name: heat["cells"][(ms.pk, s.pk)]["band"] for s in suppliers if (ms.pk, s.pk) in heat["cells"]}
        assert listed == reported


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(cells=cells_strategy)
def test_every_output_gives_the_same_eu_figures(campaign, eu_coordinator, observer, cells):
    try:
        with transaction.atomic():
            check(campaign, eu_coordinator, observer, cells)
            raise _Rollback
    except _Rollback:
        pass


def test_it_agrees_on_a_hand_made_case(campaign, eu_coordinator, observer):
    """Three public, two confidential designations; one supplier reported by two states only."""
    cells = [
        Cell(0, 0, overall=80, designation="high_risk"),
        Cell(1, 0, overall=60, designation="high_risk", confidential=True),
        Cell(2, 0, overall=40, designation="high_risk", confidential=True),
        Cell(3, 0, status=Assessment.Status.DRAFT, overall=99),
        Cell(4, 0, status=Assessment.Status.RETURNED, overall=98),
        Cell(0, 1, overall=10),
        Cell(1, 1, overall=20),
    ]
    check(campaign, eu_coordinator, observer, cells)
    rows = {r["supplier_name"]: r for r in selectors.supplier_table(campaign=campaign)}
    assert rows["Supplier 0"]["reporting"] == 3 and rows["Supplier 0"]["median"] == 60.0
    assert rows["Supplier 0"]["designating"] == 1 and rows["Supplier 0"]["designating_confidential"] == 0
    assert rows["Supplier 1"]["suppressed"] and rows["Supplier 1"]["median"] is None
    assert rows["Supplier 1"]["note"] == "fewer than 3 member states: not shown"
    assert selectors.supplier_table(campaign=campaign, filters=DashboardFilters(band="low")) == []
