"""A hearing end to end in Chromium: a French regulator opens it, the supplier answers through its
portal, the regulator decides, the register shows the decision and the record of the procedure
is made and downloaded. Every page passes axe-core; screenshots at 1366 px."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from riskassess.hearings.models import Hearing
from riskassess.register.models import RecordVersion
from tests.browser.conftest import login
from tests.browser.test_regulator_flow import assert_accessible, screenshot
from tests.factories import AssetClassFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _context(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_a_hearing_end_to_end(
    browser, live_server, fr_regulator, supplier, supplier_user, artifacts, eager_celery, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    AssetClassFactory(code="core_nf", name="Core network functions")
    deadline = (timezone.localdate() + dt.timedelta(days=30)).isoformat()

    authority, page = _context(browser)
    login(page, live_server, fr_regulator.username)
    page.goto(f"{live_server.url}/hearings/")
    assert_accessible(page)
    page.select_option("#h-supplier", label=supplier.name)
    page.fill("#h-subject", "Control by a foreign state")
    page.fill("#h-grounds", "The risk profile shows ownership links to a foreign state.")
    page.fill("#h-deadline", deadline)
    page.fill("#h-doc-title", "Extract of the national assessment")
    page.fill("#h-doc-withheld", "the names of the operators")
    page.fill("#h-doc-why", "commercial secrets of third parties")
    page.get_by_role("button", name="Open the hearing").click()
    page.wait_for_url("**/hearings/*/")
    hearing = Hearing.objects.get()
    screenshot(page, artifacts / "hearing-opened-1366.png")

    heard, portal = _context(browser)
    login(portal, live_server, supplier_user.username)
    assert portal.url.rstrip("/").endswith("/supplier")
    assert_accessible(portal)
    portal.get_by_role("link", name="Control by a foreign state").click()
    assert "commercial secrets of third parties" in portal.content()
    portal.fill("#a-statement", "The company is owned by its employees; no state holds shares.")
    portal.set_input_files(
        "#a-file", files=[{"name": "register.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%%EOF\n"}]
    )
    portal.get_by_role("button", name="Send the answer").click()
    portal.wait_for_load_state("networkidle")
    assert "Your answer is sent" in portal.content()
    assert_accessible(portal)
    screenshot(portal, artifacts / "hearing-portal-answered-1366.png")
    assert portal.goto(f"{live_server.url}/dashboard/").status == 404  # nothing outside the portal

    page.reload()
    assert "owned by its employees" in page.content()
    page.select_option("#d-outcome", "restriction")
    page.fill("#d-instrument", "Arrêté du 1er décembre 2026")
    page.fill("#d-date", "2026-12-01")
    page.check("#sc-core_nf")
    page.fill("#d-reasoning", "The employees' shares do not remove the control by the state.")
    page.check(f"#cite-{hearing.answers.get().pk}")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_load_state("networkidle")
    assert "In the restriction register" in page.content()
    version = RecordVersion.objects.get(hearing_pk=hearing.pk)
    assert version.kind == "restriction" and version.instrument == "Arrêté du 1er décembre 2026"

    page.get_by_role("button", name="Generate PDF").click()
    download_link = page.get_by_role("link", name="Download PDF")
    download_link.first.wait_for()
    assert_accessible(page)
    screenshot(page, artifacts / "hearing-decided-1366.png")
    with page.expect_download() as info:
        download_link.first.click()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(open(info.value.path(), "rb").read())).pages)
    assert "Record of the procedure" in text and "Decision recorded" in " ".join(text.split())

    portal.goto(f"{live_server.url}/supplier/hearings/{hearing.pk}/")
    assert "Restricted without designation" in portal.content()
    heard.close()
    authority.close()
