"""How the dashboard exports are written (what they count is in `exports.py` and the selectors).

Every file starts with where it comes from: the TLP marking, the campaign, the data cut-off (the
latest submission the figures include), the rule-set version and when it was generated.

- CSV: those lines first, each starting with "#", then an empty line, then the table. The dialect is
  chosen with `?sep=`: `comma` (default; "." as decimal mark) or `semicolon` (";" between cells and
  "," as decimal mark, as French, German and most EU spreadsheets expect). UTF-8 with a BOM.
- XLSX: a first sheet "About this export" with those lines; the table on the second sheet (opened
  first), with a bold coloured header row that stays in view, a filter on every column, column
  widths that fit, numbers stored as numbers, and the TLP marking in the printed page header.
"""

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

DEFAULT_TLP = "TLP:AMBER"
DIALECTS = {"comma": ",", "semicolon": ";"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class ExportMeta:
    tlp: str = DEFAULT_TLP
    campaign: str = ""
    cut_off: dt.datetime | None = None
    rule_set: str = ""
    generated_at: dt.datetime = field(default_factory=timezone.now)
    no_cut_off: str = ""  # what the cut-off line says when there is none (default: no submission yet)

    def lines(self) -> list[tuple[str, str]]:
        def when(value: dt.datetime | None) -> str:
            if value:
                return timezone.localtime(value).strftime("%Y-%m-%d %H:%M %Z")
            return self.no_cut_off or _("no submission yet")

        return [
            (_("Marking"), self.tlp),
            (_("Campaign"), self.campaign or _("all campaigns")),
            (_("Data cut-off"), when(self.cut_off)),
            (_("Rule set"), self.rule_set or _("as stored with each score")),
            (_("Generated"), when(self.generated_at)),
        ]


def dialect_from(raw: str | None) -> str:
    return raw if raw in DIALECTS else "comma"


def _csv_value(value: Any, decimal: str) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        text = str(value)
        return text.replace(".", decimal) if decimal != "." else text
    return value


def write_csv(
    *, filename: str, header: Sequence[Any], rows: Sequence[Sequence[Any]], meta: ExportMeta, dialect: str = "comma"
) -> HttpResponse:
    delimiter = DIALECTS[dialect_from(dialect)]
    decimal = "," if delimiter == ";" else "."
    text = io.StringIO()
    for label, value in meta.lines():
        text.write(f"# {label}: {value}\r\n")
    text.write("\r\n")
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(v, decimal) for v in row])
    response = HttpResponse(text.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _width(values: list[Any]) -> float:
    longest = max((len(str(v)) for v in values if v not in (None, "")), default=6)
    return min(max(longest + 2, 8), 60)


def write_xlsx(
    *, filename: str, title: str, header: Sequence[Any], rows: Sequence[Sequence[Any]], meta: ExportMeta
) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    about = workbook.active
    about.title = str(_("About this export"))[:31]
    for label, value in meta.lines():
        about.append([label, value])
    about.append([])
    about.append([_("The table is on the next sheet. Keep the marking when you share it.")])
    for cell in about["A"]:
        cell.font = Font(bold=True)
    about["B1"].font = Font(bold=True, color="B45F06")
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 40

    sheet = workbook.create_sheet(title=title[:31] or "Export")
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    fill = PatternFill("solid", fgColor="003399")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    for index, _header in enumerate(header, 1):
        column = [row[index - 1] for row in rows if len(row) >= index]
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(_width(column), min(len(str(_header)) + 2, 30)), 60
        )
    sheet.oddHeader.center.text = meta.tlp
    sheet.oddFooter.center.text = f"{meta.campaign} · {meta.rule_set}"
    workbook.active = 1

    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def campaign_meta(campaign) -> ExportMeta:
    """The header of an export about `campaign` (None: not about one campaign)."""
    if campaign is None:
        return ExportMeta()
    from django.db.models import Max

    from riskassess.questionnaires.models import Revision

    cut_off = Revision.objects.filter(assessment__campaign=campaign).aggregate(latest=Max("submitted_at"))["latest"]
    version = campaign.template_version
    return ExportMeta(
        campaign=campaign.name,
        cut_off=cut_off,
        rule_set=f"{version.version} ({version.rules_version})" if version else "",
    )
