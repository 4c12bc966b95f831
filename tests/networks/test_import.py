"""The inventory import: a realistic file goes in whole; a broken one is refused row by row, and
nothing of it is written."""

import io

import pytest

from riskassess.networks.models import InventoryImport, InventoryShare, InventorySnapshot
from riskassess.networks.services import InventoryRejected, inventory_import, inventory_snapshot_save
from tests.networks.conftest import TODAY, csv_rows


def realistic(quarters=("2025-12-31", "2026-03-31", "2026-06-30", "2026-09-30")) -> bytes:
    rows = []
    for op in ("orange", "SFR"):
        for part in ("ran", "Core", "transport"):
            for gen in ("2G-4G", "5G NSA", "5g_sa"):
                for i, day in enumerate(quarters):
                    hr = 30 - 7 * i
                    rows += [
                        (op, part, gen, "Red Dragon Telecom", "sites", hr, day),
                        (op, part, gen, "nordic-radio", "sites", 60 - hr, day),
                        (op, part, gen, "Baltic Core", "sites", 40, day),
                    ]
    return csv_rows(rows)


def test_it_imports_a_realistic_file(france, fr_operators, vendors, asset_classes, fr_regulator):
    done = inventory_import(
        member_state=france, content=realistic(), filename="fr-2026.csv", user=fr_regulator, today=TODAY
    )
    assert done.rows == 2 * 3 * 3 * 4 * 3
    assert InventoryShare.objects.filter(member_state=france).count() == done.rows
    snap = InventorySnapshot.objects.get(operator=fr_operators[1], part="core", generation="5g_nsa", as_of="2026-09-30")
    assert snap.total_share == pytest.approx(100.0)
    assert snap.suppliers == 3
    hr = InventoryShare.objects.get(
        operator=fr_operators[0], part="ran", generation="2g4g", as_of="2026-09-30", supplier=vendors["hr"]
    )
    assert hr.share == pytest.approx(9.0)


def test_it_refuses_a_broken_file_row_by_row_and_writes_nothing(france, fr_operators, vendors, asset_classes):
    content = csv_rows(
        [
            ("orange", "core", "5G SA", "Red Dragon Telecom", "sites", 50, "2026-06-30"),  # 2: fine alone
            ("bouygues", "core", "5G SA", "Nordic Radio", "sites", 10, "2026-06-30"),  # 3: unknown operator
            ("orange", "core", "5G SA", "Acme Unknown", "sites", 10, "2026-06-30"),  # 4: unknown supplier
            ("sfr", "ran", "5G SA", "Nordic Radio", "sites", 70, "2026-06-30"),  # 5 and 6: 140 %
            ("sfr", "ran", "5G SA", "Baltic Core", "sites", 70, "2026-06-30"),
            ("sfr", "core", "5G SA", "Nordic Radio", "sites", 10, "31/06/2026"),  # 7: bad date
            ("sfr", "core", "5G SA", "Baltic Core", "sites", 10, "2027-03-31"),  # 8: future
            ("sfr", "core", "6G", "Baltic Core", "sites", 10, "2026-03-31"),  # 9: unknown generation
            ("sfr", "core", "5G SA", "Baltic Core", "sites", "lots", "2026-03-31"),  # 10: not a number
        ]
    )
    with pytest.raises(InventoryRejected) as caught:
        inventory_import(member_state=france, content=content, filename="broken.csv", today=TODAY)
    reasons = {e.row: e.reason for e in caught.value.rows}
    assert set(reasons) == {3, 4, 5, 6, 7, 8, 9, 10}
    assert "unknown operator 'bouygues'" in reasons[3].lower()
    assert "unknown supplier 'acme unknown'" in reasons[4].lower()
    assert "more than 100" in reasons[5] and "140.00" in reasons[6]
    assert "not a date" in reasons[7]
    assert "in the future" in reasons[8]
    assert "generation" in reasons[9]
    assert "number from 0 to 100" in reasons[10]
    assert caught.value.total == 8
    assert not InventoryShare.objects.exists()
    assert not InventorySnapshot.objects.exists()
    assert not InventoryImport.objects.exists()


def test_it_refuses_a_supplier_given_twice_and_another_states_operator(
    france, fr_operators, de_operator, vendors, asset_classes
):
    content = csv_rows(
        [
            ("orange", "core", "5G SA", "Nordic Radio", "sites", 10, "2026-06-30"),
            ("orange", "core", "5G SA", "Nordic Radio", "sites", 10, "2026-06-30"),
            ("telekom", "core", "5G SA", "Nordic Radio", "sites", 10, "2026-06-30"),
        ]
    )
    with pytest.raises(InventoryRejected) as caught:
        inventory_import(member_state=france, content=content, filename="x.csv", today=TODAY)
    reasons = {e.row: e.reason for e in caught.value.rows}
    assert "given twice" in reasons[3]
    assert "unknown operator" in reasons[4].lower()
    assert 2 not in reasons


def test_it_replaces_a_snapshot_given_again(france, fr_operators, vendors, asset_classes):
    inventory_import(member_state=france, content=realistic(), filename="a.csv", today=TODAY)
    before = InventoryShare.objects.count()
    again = csv_rows([("orange", "core", "5G SA", "Nordic Radio", "sites", 100, "2026-09-30")])
    inventory_import(member_state=france, content=again, filename="b.csv", today=TODAY)
    rows = InventoryShare.objects.filter(operator=fr_operators[0], part="core", generation="5g_sa", as_of="2026-09-30")
    assert [(r.supplier.name, r.share) for r in rows] == [("Nordic Radio", 100.0)]
    assert InventoryShare.objects.count() == before - 2
    snap = InventorySnapshot.objects.get(operator=fr_operators[0], part="core", generation="5g_sa", as_of="2026-09-30")
    assert (snap.total_share, snap.suppliers) == (100.0, 1)


def test_it_imports_xlsx(france, fr_operators, vendors, asset_classes):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["operator", "network_part", "generation", "supplier", "measure", "share", "as_of"])
    import datetime as dt

    ws.append(["Orange France", "Radio access", "5G NSA", "Red Dragon Telecom", "units", 12.5, dt.date(2026, 6, 30)])
    ws.append(["Orange France", "Radio access", "5G NSA", "Nordic Radio", "units", "87,5 %", "2026-06-30"])
    buf = io.BytesIO()
    wb.save(buf)
    done = inventory_import(member_state=france, content=buf.getvalue(), filename="fr.xlsx", today=TODAY)
    assert done.rows == 2
    assert sorted(InventoryShare.objects.values_list("share", flat=True)) == [12.5, 87.5]
    assert set(InventoryShare.objects.values_list("measure", flat=True)) == {"units"}


def test_it_refuses_a_file_without_the_columns(france, fr_operators):
    with pytest.raises(InventoryRejected) as caught:
        inventory_import(member_state=france, content=b"name,value\nx,1\n", filename="x.csv", today=TODAY)
    assert caught.value.rows[0].row == 1
    assert "operator" in caught.value.rows[0].reason


def test_browser_entry_saves_one_snapshot(france, fr_operators, vendors, asset_classes, fr_regulator):
    import datetime as dt

    inventory_snapshot_save(
        member_state=france,
        operator=fr_operators[0],
        part="core",
        generation="5g_sa",
        as_of=dt.date(2026, 9, 30),
        shares={vendors["hr"].pk: 20, vendors["eu1"].pk: 80},
        user=fr_regulator,
        today=TODAY,
    )
    assert InventorySnapshot.objects.get().total_share == 100
    with pytest.raises(InventoryRejected):
        inventory_snapshot_save(
            member_state=france,
            operator=fr_operators[0],
            part="core",
            generation="5g_sa",
            as_of=dt.date(2026, 9, 30),
            shares={vendors["hr"].pk: 60, vendors["eu1"].pk: 80},
            user=fr_regulator,
            today=TODAY,
        )
    assert InventoryShare.objects.count() == 2


def _import_queries(france, quarters: int, *, first: int = 0) -> int:
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = []
    for q in range(first, first + quarters):
        day = (dt.date(2016, 1, 1) + dt.timedelta(days=91 * q)).isoformat()
        for op in ("orange", "sfr"):
            for part in ("core", "ran", "transport"):
                rows += [
                    (op, part, "5G SA", "Red Dragon Telecom", "sites", 20, day),
                    (op, part, "5G SA", "Nordic Radio", "sites", 50.5, day),
                    (op, part, "5G SA", "Baltic Core", "sites", 29.5, day),
                ]
    with CaptureQueriesContext(connection) as ctx:
        inventory_import(member_state=france, content=csv_rows(rows), filename="q.csv", today=TODAY)
    return len(ctx.captured_queries)


def test_the_import_makes_no_query_per_row(france, fr_operators, vendors, asset_classes):
    """A new file's import costs the same queries at 18 rows and at 720 (bulk writes, lookups once);
    the shares go in with one statement per batch of rows."""
    small = _import_queries(france, 1)
    large = _import_queries(france, 40, first=1)
    assert small == large
    assert small <= 16
    assert InventoryShare.objects.count() == 18 * 41


@pytest.mark.parametrize(
    "content, filename",
    [
        (b"PK\r\n", "file"),  # starts like a ZIP (an XLSX) and is none
        (b"PK\x03\x04 not really a workbook", "inventory.xlsx"),
        (b"\xff\xfe\x00o\x00p", "inventory.csv"),  # not UTF-8
    ],
)
def test_it_refuses_a_file_it_cannot_read_with_a_reason(france, fr_operators, content, filename):
    with pytest.raises(InventoryRejected) as caught:
        inventory_import(member_state=france, content=content, filename=filename, today=TODAY)
    assert [e.row for e in caught.value.rows] == [1]
    assert "not a readable CSV (UTF-8) or XLSX file" in caught.value.rows[0].reason
    assert not InventoryImport.objects.exists()
