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
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


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
    assert rows[0] == ["Supplier", "AT", "BE", "BG"]
    assert rows[1] == ["Grid supplier 00", "Low 0", "Low 7", "Low 14"]
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
