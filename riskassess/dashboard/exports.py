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
from django.utils.translation import gettext_lazy as _

from riskassess.dashboard.export_format import ExportMeta, write_csv, write_xlsx

FORMATS = ("csv", "xlsx")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
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
        "Member state",
        "Name",
        "Expected",
        "Not started",
        "Draft",
        "Submitted",
        "Returned",
        "Approved",
        "Late",
        "Completion %",
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
        "Supplier",
        "Member states reporting",
        "Member states designating",
        "Of",
        "Publicly designating",
        "Confidential designations counted",
        "Median",
        "Min",
        "Max",
        "Q1",
        "Q3",
        "IQR",
        *[f"Band: {label}" for label in band_labels.values()],
        *[f"Section {key} median ({title})" for key, title in sections.items()],
        "Restricted asset classes",
        "Mixed rule sets",
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
        "Supplier",
        "Member state",
        "Status",
        "Legal instrument",
        "Decided on",
        "Scope (asset classes)",
        "Phase-out",
        "Designations",
        "Confidential",
    ]
    body = [
        [
            r["supplier_name"],
            r["member_state"] or "(not attributed)",
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
    header = ["Supplier"]
    for s in states:
        header += [f"{s['eu_code']} score", f"{s['eu_code']} band"]
    body = []
    for supplier in data["suppliers"]:
        row = [supplier["name"]]
        for state in states:
            cell = data["cells"].get((state["id"], supplier["id"]))
            row += [round(cell["overall"], 1), cell["band_label"]] if cell else [None, ""]
        body.append(row)
    return header, body
