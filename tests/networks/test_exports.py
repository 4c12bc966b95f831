"""Every networks export (inventory, phase-out of a state, EU phase-out, Toolbox tracker, Toolbox
matrix) starts with the header block of the dashboard exports: marking, subject, data cut-off,
rules, generation time; in CSV as "#" lines, in XLSX on the "About this export" sheet."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from riskassess.networks.models import ReviewState, ToolboxMeasureStatus


@pytest.fixture
def fr_toolbox(france, fr_regulator, fr_approver):
    from django.utils import timezone

    return ToolboxMeasureStatus.objects.create(
        member_state=france,
        measure="SM03",
        status="implemented",
        legal_basis="Loi 2019-810",
        review=ReviewState.APPROVED,
        entered_by=fr_regulator,
        reviewed_by=fr_approver,
        reviewed_at=timezone.now(),
    )


EXPORTS = [
    # (user fixture, url name, first header cell, a cell the table holds, what the cut-off is)
    ("fr_regulator", "networks:inventory", "Operator", "Red Dragon Telecom", "import"),
    ("fr_regulator", "networks:phaseout", "Operator", "Orange France", "import"),
    ("eu_coordinator", "networks:phaseout_eu", "Member state", "FR", "import"),
    ("fr_regulator", "networks:toolbox", "Measure", "Implemented", "review"),
    ("eu_coordinator", "networks:toolbox_matrix", "Member state", "Implemented", "review"),
]


def _block(content: bytes) -> tuple[list[str], list[list[str]]]:
    head, table = content.decode("utf-8-sig").split("\r\n\r\n", 1)
    return head.splitlines(), list(csv.reader(io.StringIO(table)))


@pytest.mark.parametrize(("who", "url", "first", "cell", "cut"), EXPORTS)
def test_every_networks_export_starts_with_the_header_block(
    request, client, fr_inventory, fr_designation, fr_toolbox, who, url, first, cell, cut
):
    from riskassess.networks.models import InventoryImport

    client.force_login(request.getfixturevalue(who))
    block, rows = _block(client.get(reverse(url), {"format": "csv"}).content)
    assert block[0].startswith("# Marking: TLP:")
    assert block[1] == "# Campaign: the networks (not part of a campaign)"
    stamp = (InventoryImport.objects.get().created_at if cut == "import" else fr_toolbox.reviewed_at).astimezone()
    assert block[2].startswith(f"# Data cut-off: {stamp:%Y-%m-%d %H:%M}")
    assert block[3].startswith("# Rule set: ") and len(block[3]) > len("# Rule set: ") + 10
    assert block[4].startswith("# Generated: 20")
    assert rows[0][0] == first
    assert any(cell in r for r in rows[1:])

    workbook = load_workbook(io.BytesIO(client.get(reverse(url), {"format": "xlsx"}).content))
    about, sheet = workbook.worksheets
    lines = [(r[0], r[1]) for r in about.iter_rows(max_row=5, values_only=True)]
    assert [label for label, _ in lines] == ["Marking", "Campaign", "Data cut-off", "Rule set", "Generated"]
    assert [value for _, value in lines][:4] == [line.split(": ", 1)[1] for line in block[:4]]
    assert workbook.active.title == sheet.title and sheet["A1"].value == first
    assert sheet.oddHeader.center.text == lines[0][1]


def test_the_state_phaseout_with_confidential_restrictions_is_marked_strict(
    client, fr_regulator, eu_coordinator, fr_inventory, fr_designation, france
):
    fr_designation.confidential = True
    fr_designation.save()
    client.force_login(fr_regulator)
    block, rows = _block(client.get(reverse("networks:phaseout"), {"format": "csv"}).content)
    assert block[0] == "# Marking: TLP:AMBER+STRICT"
    assert any(r[4] for r in rows[1:])  # the confidential deadline is in its own state's export
    client.force_login(eu_coordinator)
    url = reverse("networks:phaseout_state", args=["FR"])
    block, rows = _block(client.get(url, {"format": "csv"}).content)
    assert block[0] == "# Marking: TLP:AMBER"
    assert not any(r[4] for r in rows[1:])  # outside the state: not attributed


def test_without_data_the_cut_off_says_so(client, fr_regulator, france, fr_operators):
    client.force_login(fr_regulator)
    block, _rows = _block(client.get(reverse("networks:inventory"), {"format": "csv"}).content)
    assert block[2] == "# Data cut-off: no inventory imported yet"
    block, _rows = _block(client.get(reverse("networks:toolbox"), {"format": "csv"}).content)
    assert block[2] == "# Data cut-off: no approved entry yet"


def test_the_semicolon_dialect_is_offered_as_on_the_dashboard(client, fr_regulator, fr_inventory, fr_designation):
    client.force_login(fr_regulator)
    content = client.get(reverse("networks:phaseout"), {"format": "csv", "sep": "semicolon"}).content
    table = content.decode("utf-8-sig").split("\r\n\r\n", 1)[1]
    rows = list(csv.reader(io.StringIO(table), delimiter=";"))
    assert rows[0][:2] == ["Operator", "Network part"] and len(rows) > 2
