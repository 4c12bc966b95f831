"""CSV and XLSX exports of the dashboard tables: the same rows the pages show (the selectors have
already applied the confidentiality rules), flattened to a header and plain cells.

Spreadsheet formula injection: a text cell that starts with = + - @ (or a tab / carriage return)
is prefixed with a quote, so a supplier named "=HYPERLINK(...)" stays text.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from riskassess.dashboard.export_format import ExportMeta, write_csv, write_xlsx

FORMATS = ("csv", "xlsx")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int | float | dt.date):
        return value
    text = str(value)
    return "'" + text if text.startswith(_DANGEROUS) else text


def export_response(
    *,
    fmt: str,
    name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    meta: ExportMeta | None = None,
    dialect: str = "comma",
) -> HttpResponse:
    """The table as a CSV or XLSX download, with the header block of `export_format`."""
    filename = slugify(name) or "export"
    cleaned = [[safe_cell(v) for v in row] for row in rows]
    header = [safe_cell(h) for h in header]
    meta = meta or ExportMeta()
    if fmt == "xlsx":
        return write_xlsx(filename=filename, title=name, header=header, rows=cleaned, meta=meta)
    return write_csv(filename=filename, header=header, rows=cleaned, meta=meta, dialect=dialect)


# ---------------------------------------------------------------------------------------------
# One flattening per table
# ---------------------------------------------------------------------------------------------


def progress_table(rows: list[dict]) -> tuple[list[str], list[list[Any]]]:
    header = [
        gettext("Member state"),
        gettext("Name"),
        gettext("Expected"),
        gettext("Not started"),
        gettext("Draft"),
        gettext("Submitted"),
        gettext("Returned"),
        gettext("Approved"),
        gettext("Late"),
        gettext("Completion %"),
    ]
    body = [
        [
            r["eu_code"],
            r["name"],
            r["expected"],
            r["not_started"],
            r["draft"],
            r["submitted"],
            r["returned"],
            r["approved"],
            r["late"],
            r["completion"],
        ]
        for r in rows
    ]
    return header, body


def supplier_table(rows: list[dict], *, band_labels: dict[str, str], sections: dict[str, str]):
    header = [
        gettext("Supplier"),
        gettext("Member states reporting"),
        gettext("Member states designating"),
        gettext("Of"),
        gettext("Publicly designating"),
        gettext("Confidential designations counted"),
        gettext("Median"),
        gettext("Min"),
        gettext("Max"),
        gettext("Q1"),
        gettext("Q3"),
        pgettext("interquartile range", "IQR"),
        *[gettext("Band: %(band)s") % {"band": label} for label in band_labels.values()],
        *[
            gettext("Section %(key)s median (%(title)s)") % {"key": key, "title": title}
            for key, title in sections.items()
        ],
        gettext("Restricted asset classes"),
        gettext("Mixed rule sets"),
        str(_("Note")),
    ]
    body = []
    for r in rows:
        bands = {b["key"]: b["count"] for b in r["bands"]}
        medians = {s["key"]: s["median"] for s in r["sections"]}
        body.append(
            [
                r["supplier_name"],
                r["reporting"],
                r["designating"],
                r["designating_of"],
                " ".join(r["designating_public"]),
                r["designating_confidential"],
                r["median"],
                r["min"],
                r["max"],
                r["q1"],
                r["q3"],
                r["iqr"],
                *[bands.get(key, "" if r["suppressed"] else 0) for key in band_labels],
                *[medians.get(key) for key in sections],
                "; ".join(r["restricted_asset_classes"]),
                r["mixed_rules"],
                r["note"],
            ]
        )
    return header, body


def designations_table(rows: list[dict]):
    header = [
        gettext("Supplier"),
        gettext("Member state"),
        gettext("Status"),
        gettext("Legal instrument"),
        gettext("Decided on"),
        gettext("Scope (asset classes)"),
        gettext("Phase-out"),
        gettext("Designations"),
        gettext("Confidential"),
    ]
    body = [
        [
            r["supplier_name"],
            r["member_state"] or gettext("(not attributed)"),
            r["status_label"],
            r["legal_instrument"],
            r["decided_on"],
            "; ".join(r["asset_classes"]),
            "; ".join(f"{k}: {v}" for k, v in r["phase_out"]),
            r["count"],
            r["confidential"],
        ]
        for r in rows
    ]
    return header, body


def heatmap_table(data: dict):
    """Per member state two columns: the score as a number (sortable) and its band."""
    states = data["member_states"]
    header = [gettext("Supplier")]
    for s in states:
        header += [
            gettext("%(member_state)s score") % {"member_state": s["eu_code"]},
            gettext("%(member_state)s band") % {"member_state": s["eu_code"]},
        ]
    body = []
    for supplier in data["suppliers"]:
        row = [supplier["name"]]
        for state in states:
            cell = data["cells"].get((state["id"], supplier["id"]))
            row += [round(cell["overall"], 1), cell["band_label"]] if cell else [None, ""]
        body.append(row)
    return header, body
