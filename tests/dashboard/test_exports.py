import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from riskassess.audit.models import AuditEvent
from riskassess.dashboard.exports import safe_cell
from tests.dashboard.conftest import build_grid, designate, make_state, scored
from tests.factories import SupplierFactory


def _csv(response):
    """The table of a CSV export, after its header block of "#" lines and an empty line."""
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    block, table = text.split("\r\n\r\n", 1)
    assert all(line.startswith("# ") for line in block.splitlines())
    return list(csv.reader(io.StringIO(table)))


def _xlsx(response):
    assert "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def grid(campaign):
    return build_grid(campaign, 3, 4)


def test_it_exports_progress_as_csv_and_xlsx(client, eu_coordinator, campaign, grid):
    client.force_login(eu_coordinator)
    rows = _csv(client.get(reverse("dashboard:progress"), {"format": "csv"}))
    assert rows[0][:3] == ["Member state", "Name", "Expected"]
    assert ["AT", "State AT", "4", "0", "0", "4", "0", "0", "0", "100"] in rows
    sheet = _xlsx(client.get(reverse("dashboard:progress"), {"format": "xlsx"}))
    assert sheet[0][0] == "Member state"
    assert ["AT", "State AT", 4, 0, 0, 4, 0, 0, 0, 100] in sheet
    assert AuditEvent.objects.filter(action="download", object_type="dashboard").count() == 2


def test_it_exports_the_supplier_table_with_the_confidentiality_rule(client, eu_coordinator, campaign):
    states = [make_state(c, i) for i, c in enumerate(["AT", "BE", "BG", "HR"])]
    radio = SupplierFactory(name="Radio")
    designate(member_state=states[0], supplier=radio, confidential=True)
    designate(member_state=states[1], supplier=radio, confidential=True)
    designate(member_state=states[2], supplier=radio)
    for state, value in zip(states[:3], [10.0, 20.0, 60.0], strict=True):
        scored(campaign=campaign, member_state=state, supplier=radio, overall=value)
    client.force_login(eu_coordinator)
    rows = _csv(client.get(reverse("dashboard:suppliers"), {"format": "csv"}))
    header, row = rows[0], rows[1]
    record = dict(zip(header, row, strict=True))
    # Two confidential designations are fewer than 3: they count nowhere, never "2 confidential".
    assert record["Member states designating"] == "1"
    assert record["Publicly designating"] == "BG"
    assert record["Confidential designations counted"] == "0"
    assert record["Median"] == "20.0"
    assert "AT" not in row and "BE" not in row
    designate(member_state=states[3], supplier=radio, confidential=True)
    rows = _csv(client.get(reverse("dashboard:suppliers"), {"format": "csv"}))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert (record["Member states designating"], record["Confidential designations counted"]) == ("4", "3")
    sheet = _xlsx(client.get(reverse("dashboard:suppliers"), {"format": "xlsx"}))
    assert dict(zip(sheet[0], sheet[1], strict=True))["Q3"] == 40.0


def test_it_exports_the_register_without_naming_confidential_states(client, observer, campaign):
    states = [make_state(c, i) for i, c in enumerate(["AT", "BE", "BG"])]
    radio = SupplierFactory(name="Radio")
    for state in states:
        designate(member_state=state, supplier=radio, confidential=True, legal_instrument="Secret decree")
    client.force_login(observer)
    rows = _csv(client.get(reverse("dashboard:designations"), {"format": "csv"}))
    assert rows[1][:3] == ["Radio", "(not attributed)", "Designated high-risk / non-secure"]
    assert rows[1][7] == "3"
    assert "Secret decree" not in str(rows)


def test_it_exports_the_heatmap_to_coordinators_only(client, eu_coordinator, observer, campaign, grid):
    client.force_login(eu_coordinator)
    rows = _csv(client.get(reverse("dashboard:heatmap"), {"format": "csv"}))
    assert rows[0] == ["Supplier", "AT score", "AT band", "BE score", "BE band", "BG score", "BG band"]
    assert rows[1] == ["Grid supplier 00", "0.0", "Low", "7.0", "Low", "14.0", "Low"]
    client.force_login(observer)
    assert client.get(reverse("dashboard:heatmap"), {"format": "csv"}).status_code == 404


def test_it_defuses_spreadsheet_formulas(client, eu_coordinator, campaign):
    state = make_state("AT")
    evil = SupplierFactory(name='=HYPERLINK("http://x")')
    scored(campaign=campaign, member_state=state, supplier=evil, overall=10.0)
    client.force_login(eu_coordinator)
    rows = _csv(client.get(reverse("dashboard:suppliers"), {"format": "csv"}))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    sheet = _xlsx(client.get(reverse("dashboard:suppliers"), {"format": "xlsx"}))
    assert sheet[1][0].startswith("'=")
    assert [safe_cell(v) for v in ("+1", "-1", "@x", "ok", -3.5, 7)] == ["'+1", "'-1", "'@x", "ok", -3.5, 7]


def test_every_export_starts_with_its_marking_campaign_cut_off_and_rule_set(client, eu_coordinator, campaign, grid):
    client.force_login(eu_coordinator)
    text = client.get(reverse("dashboard:progress"), {"format": "csv"}).content.decode("utf-8-sig")
    block = text.split("\r\n\r\n", 1)[0].splitlines()
    assert block[0] == "# Marking: TLP:AMBER"
    assert block[1] == f"# Campaign: {campaign.name}"
    assert block[2].startswith("# Data cut-off: 20")
    assert block[3] == f"# Rule set: {campaign.template_version.version} ({campaign.template_version.rules_version})"
    assert block[4].startswith("# Generated: 20")


def test_the_semicolon_dialect_uses_decimal_commas(client, eu_coordinator, campaign, grid):
    client.force_login(eu_coordinator)
    response = client.get(reverse("dashboard:heatmap"), {"format": "csv", "sep": "semicolon"})
    table = response.content.decode("utf-8-sig").split("\r\n\r\n", 1)[1]
    rows = list(csv.reader(io.StringIO(table), delimiter=";"))
    assert rows[1] == ["Grid supplier 00", "0,0", "Low", "7,0", "Low", "14,0", "Low"]


def test_the_xlsx_has_an_about_sheet_and_a_styled_frozen_filtered_table(client, eu_coordinator, campaign, grid):
    client.force_login(eu_coordinator)
    response = client.get(reverse("dashboard:heatmap"), {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    about, sheet = workbook.worksheets
    assert workbook.active.title == sheet.title  # the table opens first
    assert [about["A1"].value, about["B1"].value] == ["Marking", "TLP:AMBER"]
    assert about["B2"].value == campaign.name
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:G5"
    assert sheet["A1"].font.bold and sheet["A1"].fill.fgColor.rgb.endswith("003399")
    assert sheet.column_dimensions["A"].width >= len("Grid supplier 00")
    assert sheet["D2"].value == 7.0 and sheet["E2"].value == "Low"  # numbers as numbers, bands apart
    assert "TLP:AMBER" in sheet.oddHeader.center.text
