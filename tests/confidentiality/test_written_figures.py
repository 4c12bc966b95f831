"""One way of writing a figure: an EU median, minimum or maximum, and one assessment's score, read the same
on every output that shows them (pages, PDFs, CSV, XLSX, API). Scores that round differently at 0 and at 1
decimal make a difference in the way an output writes them visible at once."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from riskassess.reports.contexts import report_context
from riskassess.reports.models import Report
from riskassess.reports.rendering import render_html, render_pdf_document
from tests.confidentiality.builders import Cell, build, make_states, make_suppliers

# Median 20.26 -> "20.3" (0 decimals would say 20), minimum 10.04 -> "10.0", maximum 30.57 -> "30.6".
SCORES = (10.04, 20.26, 30.57)
MEDIAN, MINIMUM, MAXIMUM = "20.3", "10.0", "30.6"


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _pdf_text(**targets) -> str:
    report = Report.objects.create(fingerprint="x", tlp="TLP:AMBER", audience="eu", **targets)
    pdf = render_pdf_document(render_html(report.kind, report_context(report))).content
    return _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture
def world(campaign):
    cache.clear()
    states, suppliers = make_states(3), make_suppliers(1)
    assessments = build(
        campaign, states, suppliers, [Cell(state=i, supplier=0, overall=v) for i, v in enumerate(SCORES)]
    )
    return states, suppliers[0], assessments


def test_every_output_writes_the_eu_figures_alike(world, campaign, eu_coordinator, observer):
    _states, supplier, _ = world
    coordinator = _client(eu_coordinator)

    page = _flat(coordinator.get(reverse("dashboard:suppliers"), {"campaign": campaign.pk}).content.decode())
    assert f"<strong>{MEDIAN}</strong>" in page
    assert f"{MINIMUM} – {MAXIMUM}" in page

    supplier_pdf = _pdf_text(kind=Report.Kind.SUPPLIER, supplier=supplier, campaign=campaign)
    assert MEDIAN in supplier_pdf and f"median {MEDIAN}" in supplier_pdf
    assert f"{MINIMUM}–{MAXIMUM}" in supplier_pdf

    csv_response = coordinator.get(reverse("dashboard:suppliers"), {"campaign": campaign.pk, "format": "csv"})
    _block, table = csv_response.content.decode("utf-8-sig").split("\r\n\r\n", 1)
    (row,) = [r for r in csv.DictReader(io.StringIO(table)) if r["Supplier"] == supplier.name]
    assert (row["Median"], row["Min"], row["Max"]) == (MEDIAN, MINIMUM, MAXIMUM)

    xlsx_response = coordinator.get(reverse("dashboard:suppliers"), {"campaign": campaign.pk, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx_response.content), read_only=True).active.iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "Supplier")
    (line,) = [r for r in rows if r and r[0] == supplier.name]
    values = dict(zip(header, line, strict=False))
    assert (values["Median"], values["Min"], values["Max"]) == (float(MEDIAN), float(MINIMUM), float(MAXIMUM))

    (api_row,) = _client(observer).get(reverse("api-dashboard-suppliers", args=[campaign.pk])).json()
    assert (api_row["median"], api_row["min"], api_row["max"]) == (float(MEDIAN), float(MINIMUM), float(MAXIMUM))


def test_every_output_writes_one_assessments_score_alike(world, campaign, eu_coordinator):
    states, _supplier, assessments = world
    coordinator = _client(eu_coordinator)
    heatmap = _flat(coordinator.get(reverse("dashboard:heatmap"), {"campaign": campaign.pk}).content.decode())
    state_page = _flat(
        coordinator.get(
            reverse("dashboard:state_detail", args=[states[1].iso_code]), {"campaign": campaign.pk}
        ).content.decode()
    )
    overview_pdf = _pdf_text(kind=Report.Kind.MEMBER_STATE, member_state=states[1], campaign=campaign)
    for where, text in (("heatmap", heatmap), ("member-state page", state_page), ("overview PDF", overview_pdf)):
        assert re.search(rf"\b{re.escape(MEDIAN)}\b", text), f"{where} does not write 20.26 as {MEDIAN}"
        assert not re.search(r"\b20\b(?!\.)", text.replace("2026", "")), f"{where} writes 20.26 as 20"
