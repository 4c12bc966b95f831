"""The leak test: a confidential designation, an identifying small cell, a draft and a returned
assessment are planted; every page, every PDF kind (real PDFs, text through pypdf), every export,
every API route and the admin are rendered as an EU coordinator, an observer and another member
state's users; nothing may attribute the planted data. test_registry makes sure no output is left
out (tests/confidentiality/registry.py)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from riskassess.accounts.models import Role
from riskassess.audit.services import audit_log
from riskassess.dashboard import exports
from riskassess.hearings import services as hearing_services
from riskassess.questionnaires.models import Assessment, Evidence, Revision
from riskassess.reports.contexts import report_context
from riskassess.reports.models import Report
from riskassess.reports.rendering import render_html, render_pdf_document
from riskassess.suppliers.models import AssetClass
from tests.confidentiality import registry
from tests.confidentiality.builders import Cell, build
from tests.factories import MemberStateFactory, SupplierFactory, UserFactory, amend_designation
from tests.test_access_matrix import named_routes

SECRET = "Decree 4711-SECRET"
SECRET_FILE = "decree-4711.pdf"
SECRET_SCOPE = "Lawful-intercept secret scope"
T1_LABEL = "Designated high-risk by the reporting member state"
# What attributes the confidential designation of NL: never outside NL.
DESIGNATION_MARKERS = [SECRET, SECRET_FILE, T1_LABEL, "1 confidential", "2 confidential"]
# One state's score where fewer than 3 reported (small cell): only per-state outputs for coordinators.
SMALL_MARKERS = ["87.65", "87.7", "87,7"]
# Drafts and returned assessments: never outside their member state.
DRAFT_MARKERS = ["66.66", "66.7", "33.33", "33.3"]


@pytest.fixture
def world(campaign, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    cache.clear()
    nl = MemberStateFactory(iso_code="NL", eu_code="NL", name="Netherlands", protocol_order=1)
    fr = MemberStateFactory(iso_code="FR", eu_code="FR", name="France", protocol_order=2)
    de = MemberStateFactory(iso_code="DE", eu_code="DE", name="Germany", protocol_order=3)
    it = MemberStateFactory(iso_code="IT", eu_code="IT", name="Italy", protocol_order=4)
    pl = MemberStateFactory(iso_code="PL", eu_code="PL", name="Poland", protocol_order=5)
    big = SupplierFactory(name="Big Vendor", slug="big-vendor")
    small = SupplierFactory(name="Small Cell Radio", slug="small-cell-radio")
    cells = [
        Cell(0, 0, overall=41.0, designation="high_risk", confidential=True),  # NL: confidential, band designated
        Cell(1, 0, overall=52.0, designation="high_risk"),  # FR: public
        Cell(2, 0, overall=58.0),  # DE
        Cell(3, 0, status=Assessment.Status.DRAFT, overall=66.66),  # IT draft
        Cell(2, 1, overall=87.65),  # DE alone reports the small supplier
        Cell(3, 1, status=Assessment.Status.RETURNED, overall=33.33),  # IT returned
    ]
    made = build(campaign, [nl, fr, de, it], [big, small], cells)
    nl_assessment = made[(0, 0)]
    submitter = UserFactory(username="leak-submitter", role=Role.REGULATOR, member_state=nl)
    Revision.objects.update(submitted_by=submitter)
    Assessment.objects.update(submitted_by=submitter)
    # The FR public designation has a score without the trigger; only NL's rests on T1.
    fr_score = made[(1, 0)].scores.get()
    fr_score.band, fr_score.triggers = "elevated", []
    fr_score.save()
    designation = nl_assessment.member_state.designations.get(supplier=big)
    AssetClass.objects.create(code="li_secret", name=SECRET_SCOPE, order=9)
    scopes = [*designation.asset_classes.values_list("code", flat=True), "li_secret"]
    amend_designation(designation, legal_instrument=SECRET, scopes=scopes)
    revision = nl_assessment.revisions.get()
    revision.answers = {**revision.answers, "D1a": SECRET}
    evidence = Evidence.objects.create(
        assessment=nl_assessment,
        question_key="D1",
        original_name=SECRET_FILE,
        file=SimpleUploadedFile(SECRET_FILE, b"%PDF-1.4 decree"),
    )
    revision.evidence = [{"id": evidence.pk, "question_key": "D1", "name": SECRET_FILE}]
    revision.save()
    audit_log(
        action="create",
        actor=None,
        obj=evidence,
        summary=f"Attached {SECRET_FILE} to D1 of {nl_assessment}",
        data={"assessment": nl_assessment.pk},
    )
    audit_log(action="update", actor=None, obj=designation, summary=f"Designation register: {designation} {SECRET}")
    users = {
        "coordinator": UserFactory(username="leak-coordinator", role=Role.COORDINATOR, member_state=None),
        "observer": UserFactory(username="leak-observer", role=Role.OBSERVER, member_state=None),
        "fr_regulator": UserFactory(username="leak-fr-regulator", role=Role.REGULATOR, member_state=fr),
        "pl_approver": UserFactory(username="leak-pl-approver", role=Role.APPROVER, member_state=pl),
        # A user of the very supplier NL designated in confidence: sees its hearings only.
        "supplier": UserFactory(username="leak-big-vendor", role=Role.SUPPLIER, member_state=None, supplier=big),
    }
    nl_hearing = hearing_services.hearing_open(
        user=submitter,
        supplier=big,
        subject="Hearing before a decision",
        grounds="Ownership and control of the supplier.",
        deadline=timezone.localdate() + dt.timedelta(days=20),
        documents=[{"title": "Extract", "tlp": "TLP:AMBER", "withheld": "annex", "withheld_reason": "third parties"}],
    )
    hearing_answer = hearing_services.hearing_answer(
        user=users["supplier"],
        hearing=nl_hearing,
        statement="Our answer.",
        uploaded_file=SimpleUploadedFile("answer.pdf", b"%PDF-1.4 answer"),
    )
    statement = hearing_services.statement_add(
        user=users["supplier"],
        topic="certificate",
        text="EUCC certificate of the core",
        uploaded_file=SimpleUploadedFile("cert.pdf", b"%PDF-1.4 cert"),
    )
    return SimpleNamespace(
        campaign=campaign,
        nl=nl,
        fr=fr,
        de=de,
        it=it,
        big=big,
        small=small,
        nl_assessment=nl_assessment,
        nl_evidence=evidence,
        designation=designation,
        users=users,
        nl_hearing=nl_hearing,
        hearing_answer=hearing_answer,
        statement=statement,
    )


def _text(response) -> str:
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(body), read_only=True).active
        return "\n".join(
            " ".join("" if v is None else str(v) for v in row) for row in sheet.iter_rows(values_only=True)
        )
    if "pdf" in kind:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    text = body.decode("utf-8", "replace")
    if "json" in kind:
        return json.dumps(json.loads(text), ensure_ascii=False)
    return re.sub(r"\s+", " ", text)


def _check(text: str, where: str, *, persona: str, per_state: bool) -> None:
    for marker in DESIGNATION_MARKERS + DRAFT_MARKERS:
        assert marker not in text, f"{persona} sees {marker!r} in {where}"
    if not (per_state and persona == "coordinator"):
        for marker in SMALL_MARKERS:
            assert marker not in text, f"{persona} sees the small cell {marker!r} in {where}"


# Another state that reported (FR) and one that reported nothing (PL): neither may see NL's, DE's or IT's.
# A user of the supplier NL designated in confidence sees none of it either.
PERSONAS = ["coordinator", "observer", "fr_regulator", "pl_approver", "supplier"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_export_or_api_answer_attributes_the_planted_data(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    rendered = 0
    for name, spec in registry.OUTPUTS.items():
        if not isinstance(spec, dict):
            continue
        url = reverse(name, kwargs=spec["kwargs"](world))
        query = spec.get("query", lambda w: {})(world)
        formats = [None, *[fmt for page, fmt in registry.EXPORTS if page == name]]
        for fmt in formats:
            response = client.get(url, {**query, **({"format": fmt} if fmt else {})})
            assert response.status_code < 500, f"{url}: {response.status_code}"
            if response.status_code != 200:
                continue
            rendered += 1
            _check(_text(response), f"{url} {fmt or ''}", persona=persona, per_state=spec.get("per_state", False))
    assert rendered >= (3 if persona == "supplier" else 10)


def test_the_planted_data_is_there_to_be_found(world):
    """The markers are real: the member state itself, and the coordinator's per-state outputs, see them."""
    nl_user = UserFactory(username="leak-nl-regulator", role=Role.REGULATOR, member_state=world.nl)
    client = Client()
    client.force_login(nl_user)
    page = _text(client.get(reverse("dashboard:designations")))
    assert SECRET in page and SECRET_SCOPE in page
    score = _text(client.get(reverse("api-assessment-score", args=[world.nl_assessment.pk])))
    assert T1_LABEL in score
    client.force_login(world.users["coordinator"])
    heatmap = client.get(reverse("api-dashboard-heatmap", args=[world.campaign.pk])).json()
    bands = {(c["member_state_id"], c["supplier_id"]): c["band"] for c in heatmap["cells"]}
    assert bands[(world.nl.pk, world.big.pk)] != "designated"
    rows = client.get(reverse("api-dashboard-suppliers", args=[world.campaign.pk])).json()
    big = next(r for r in rows if r["supplier_id"] == world.big.pk)
    # The scope only NL's confidential entry gives is not among the restricted asset classes.
    assert SECRET_SCOPE not in big["restricted_asset_classes"] and big["designating"] == 1
    assert big["designating_public"] == ["FR"] and big["designating_confidential"] == 0
    assert bands[(world.de.pk, world.small.pk)] == "high"  # one state's cell: coordinators only
    assert (world.it.pk, world.big.pk) not in bands  # a draft: never
    panel = _text(client.get(reverse("scoring:score_panel", args=[world.nl_assessment.pk])))
    assert "41.0" in panel and "0 triggers" not in panel


def test_the_observer_gets_no_per_state_cells(world):
    client = Client()
    client.force_login(world.users["observer"])
    assert client.get(reverse("dashboard:heatmap")).status_code == 404
    assert client.get(reverse("api-dashboard-heatmap", args=[world.campaign.pk])).status_code == 404
    assert (
        client.get(
            reverse("api-dashboard-heatmap", args=[world.campaign.pk]), {"member_state": world.de.pk}
        ).status_code
        == 404
    )


def test_withheld_evidence_answers_like_missing_evidence(world):
    client = Client()
    client.force_login(world.users["coordinator"])
    hidden = client.get(reverse("api-evidence-detail", args=[world.nl_evidence.pk]))
    missing = client.get(reverse("api-evidence-detail", args=[world.nl_evidence.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def _pdf_text(kind: str, audience: str, targets: dict) -> str:
    report = Report.objects.create(kind=kind, audience=audience, fingerprint="x", tlp="TLP:AMBER", **targets)
    pdf = render_pdf_document(render_html(kind, report_context(report))).content
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def test_no_pdf_attributes_the_planted_data(world):
    """Each kind as a real PDF: for the EU audience (coordinators; supplier and EU reports also
    observers) and for another member state (FR)."""
    assert set(registry.REPORT_KINDS) == set(Report.Kind.values)
    reports = [(kind, build) for kind, build in registry.REPORT_KINDS.items()] + registry.MORE_REPORTS
    for kind, targets in reports:
        text = _pdf_text(kind, "eu", targets(world))
        per_state = kind in (Report.Kind.ASSESSMENT, Report.Kind.MEMBER_STATE)
        _check(text, f"{kind} PDF (EU audience)", persona="coordinator", per_state=per_state)
        if kind in (Report.Kind.SUPPLIER, Report.Kind.EU, Report.Kind.TOOLBOX):
            _check(text, f"{kind} PDF (EU audience)", persona="observer", per_state=False)
    fr_overview = _pdf_text("member_state", "FR", {"member_state": world.fr, "campaign": world.campaign})
    _check(fr_overview, "FR member-state PDF", persona="fr_regulator", per_state=False)
    supplier_pdf = _pdf_text("supplier", "eu", {"supplier": world.small, "campaign": world.campaign})
    assert "fewer than 3 member states: not shown" in supplier_pdf.lower()


def test_no_admin_page_attributes_the_planted_data(world):
    client = Client()
    client.force_login(world.users["coordinator"])
    for model in admin.site._registry:
        label = model._meta.label_lower
        if label in registry.ADMIN_NO_DATA:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 200, url
        _check(_text(response), url, persona="coordinator", per_state=True)
    score = world.nl_assessment.scores.get()
    page = _text(client.get(reverse("admin:scoring_score_change", args=[score.pk])))
    _check(page, "score change page", persona="coordinator", per_state=True)
    assert ">designated<" not in page.lower()
    hidden = client.get(reverse("admin:suppliers_designation_change", args=[world.designation.pk]))
    missing = client.get(reverse("admin:suppliers_designation_change", args=[world.designation.pk + 1000]))
    assert hidden.status_code == missing.status_code == 302  # both: "does not exist", back to the list


def test_registry_covers_every_output(world):
    """A new URL, report kind, export or admin model must be listed in registry.py."""
    routes = set(named_routes())
    assert not sorted(routes - set(registry.OUTPUTS)), (
        f"list in registry.OUTPUTS: {sorted(routes - set(registry.OUTPUTS))}"
    )
    assert not sorted(set(registry.OUTPUTS) - routes), "registry.OUTPUTS names routes that no longer exist"
    assert set(Report.Kind.values) == set(registry.REPORT_KINDS)
    models = {m._meta.label_lower for m in admin.site._registry}
    assert models == registry.ADMIN_MODELS | registry.ADMIN_NO_DATA
    # Exports: every page that answers ?format= with a file is listed.
    client = Client()
    client.force_login(world.users["coordinator"])
    nl_user = UserFactory(username="leak-nl-approver", role=Role.APPROVER, member_state=world.nl)
    national = Client()
    national.force_login(nl_user)
    found = set()
    for name, spec in registry.OUTPUTS.items():
        if not isinstance(spec, dict):
            continue
        url = reverse(name, kwargs=spec["kwargs"](world))
        query = spec.get("query", lambda w: {})(world)
        for c in (client, national):
            if "attachment" in c.get(url, query).get("Content-Disposition", ""):
                continue  # a file in any case (evidence), not an export
            for fmt in exports.FORMATS:
                response = c.get(url, {**query, "format": fmt})
                if response.status_code == 200 and "attachment" in response.get("Content-Disposition", ""):
                    found.add((name, fmt))
    assert found == registry.EXPORTS
    assert timezone.now()  # the world was built
