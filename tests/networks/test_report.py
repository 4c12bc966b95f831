"""The "Toolbox implementation" PDF: asked by EU roles only, rendered by the worker, with the
matrix and the share of high-risk suppliers (the pages' SVG charts), never attributing a
confidential restriction to its state."""

import io

import pytest
from django.http import Http404
from django.urls import reverse

from riskassess.networks.services import inventory_import, toolbox_entry_create, toolbox_entry_review
from riskassess.reports.models import Report
from riskassess.reports.services import report_render, report_request
from tests.factories import amend_designation
from tests.networks.conftest import TODAY, csv_rows


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def fr_data(france, fr_operators, vendors, asset_classes, fr_regulator, fr_approver, fr_designation):
    rows = [
        ("orange", "core", "5G SA", "Red Dragon Telecom", "sites", 25, "2026-06-30"),
        ("orange", "core", "5G SA", "Nordic Radio", "sites", 75, "2026-06-30"),
    ]
    inventory_import(member_state=france, content=csv_rows(rows), filename="fr.csv", today=TODAY)
    entry = toolbox_entry_create(user=fr_regulator, measure="SM03", status="implemented", legal_basis="Loi 2019-810")
    toolbox_entry_review(user=fr_approver, entry=entry, approve=True)


def _pdf_text(report: Report) -> str:
    from pypdf import PdfReader

    with report.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_it_renders_the_toolbox_pdf(fr_data, eu_coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = report_request(kind="toolbox", user=eu_coordinator)
    assert len(callbacks) == 1
    done = report_render(report_id=report.pk, task_id="t1")
    assert done.status == Report.Status.DONE, done.error
    text = _pdf_text(done)
    assert "EU 5G Toolbox implementation" in text
    assert "SM08" in text and "TM11" in text and "SA10" in text and "SM09" not in text
    assert "High-risk suppliers in the networks" in text
    assert "25.0 %" in text  # France's core share, in the table
    assert "30 Jun 2026" in text  # France's public core deadline


def test_a_confidential_restriction_is_not_attributed_in_the_pdf(fr_data, fr_designation, vendors, eu_coordinator):
    vendors["hr"].named_in_2023_communication = False
    vendors["hr"].save()
    amend_designation(fr_designation, confidential=True)
    report = report_request(kind="toolbox", user=eu_coordinator)
    done = report_render(report_id=report.pk, task_id="t1")
    text = _pdf_text(done)
    assert "30 Jun 2026" not in text and "Red Dragon" not in text


def test_only_eu_roles_ask_for_it(fr_regulator, observer, client):
    with pytest.raises(Http404):
        report_request(kind="toolbox", user=fr_regulator)
    assert report_request(kind="toolbox", user=observer).kind == "toolbox"
    client.force_login(observer)
    box = client.get(reverse("reports:box"), {"kind": "toolbox"})
    assert box.status_code == 200 and b"Toolbox implementation" in box.content
