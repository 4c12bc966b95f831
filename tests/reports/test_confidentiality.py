"""Confidential designations: details only for their own member state; in EU aggregates they
count only where at least 3 member states designate the supplier, never attributed."""

from riskassess.reports.contexts import designation_counts, report_context
from riskassess.reports.models import Report
from riskassess.reports.rendering import render_html
from tests.factories import AssessmentFactory, DesignationFactory, MemberStateFactory
from tests.reports.builders import submit_and_score

SECRET = "Secret decree 2025-99"


def _designated(assessment):
    submit_and_score(assessment, answers={"A4": "yes", "A6": "no", "B6": 20, "D1": "yes", "D1a": SECRET, "D1c": "yes"})
    return DesignationFactory(
        member_state=assessment.member_state,
        supplier=assessment.supplier,
        status="high_risk",
        confidential=True,
        legal_instrument=SECRET,
    )


def _html(**kw):
    report = Report.objects.create(fingerprint="x", **kw)
    return render_html(report.kind, report_context(report))


def test_it_shows_a_confidential_designation_to_its_own_member_state(fr_assessment, france, campaign):
    _designated(fr_assessment)
    html = _html(kind="assessment", assessment=fr_assessment, audience="FR")
    assert "Designated high-risk by your member state?" in html and "shown only in copies for" not in html
    assert SECRET in _html(kind="member_state", member_state=france, campaign=campaign, audience="FR")


def test_it_withholds_it_from_the_eu_audience(fr_assessment, france, campaign):
    _designated(fr_assessment)
    html = _html(kind="assessment", assessment=fr_assessment, audience="eu")
    assert "Designated high-risk by your member state?" not in html and "shown only in copies for France" in html
    html = _html(kind="member_state", member_state=france, campaign=campaign, audience="eu")
    assert SECRET not in html and "onfidential" not in html and "Designated high-risk: 0" in html


def test_it_counts_confidential_designations_only_from_three_states(fr_assessment, de_assessment, campaign, supplier):
    _designated(fr_assessment)
    _designated(de_assessment)
    counts = designation_counts(supplier_ids=[supplier.pk])[supplier.pk]
    assert counts["n"] == 0 and counts["public"] == []
    html = _html(kind="supplier", supplier=supplier, campaign=campaign, audience="eu")
    assert "Designated by 0 of" in html and "FR" not in html.split("Public designations")[0][-200:]
    eu = _html(kind="eu", campaign=campaign, audience="eu")
    assert "D " not in [t for t in eu.split(">") if t.startswith("D ")]  # no "Designated" cell for a confidential one

    italy = MemberStateFactory(iso_code="IT", eu_code="IT", name="Italy")
    _designated(AssessmentFactory(campaign=campaign, member_state=italy, supplier=supplier))
    counts = designation_counts(supplier_ids=[supplier.pk])[supplier.pk]
    assert counts["n"] == 3 and counts["public"] == [] and counts["confidential_counted"] == 3
    html = _html(kind="supplier", supplier=supplier, campaign=campaign, audience="eu")
    assert "Designated by 3 of" in html
    assert SECRET not in html and "Public designations:" not in html


def test_it_names_public_designations(fr_assessment, supplier, france):
    DesignationFactory(member_state=france, supplier=supplier, status="high_risk", confidential=False)
    assert designation_counts(supplier_ids=[supplier.pk])[supplier.pk] == {
        "n": 1,
        "public": ["FR"],
        "confidential_counted": 0,
    }


def test_it_does_not_show_a_confidential_designated_band_to_the_eu(fr_assessment, france, campaign, supplier):
    _designated(fr_assessment)
    own = _html(kind="member_state", member_state=france, campaign=campaign, audience="FR")
    eu = _html(kind="member_state", member_state=france, campaign=campaign, audience="eu")
    assert "band-designated" in own.split('id="suppliers"')[1]
    assert "band-designated" not in eu.split('id="suppliers"')[1]
    heatmap = _html(kind="eu", campaign=campaign, audience="eu")
    assert ">D " not in heatmap  # the cell shows the score band, not "D nn"
