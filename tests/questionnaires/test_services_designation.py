"""Approval writes the designation register from section D of the shipped questionnaire."""

from django.utils import timezone

from riskassess.questionnaires.models import Revision
from riskassess.suppliers.models import Designation
from riskassess.suppliers.services import designation_sync_from_revision
from tests.factories import AssessmentFactory, AssetClassFactory, CampaignFactory


def revision_with(answers, template_version, france, supplier, user):
    campaign = CampaignFactory(name="2026 shipped", template_version=template_version)
    assessment = AssessmentFactory(campaign=campaign, member_state=france, supplier=supplier)
    return Revision.objects.create(
        assessment=assessment,
        number=1,
        template_version=template_version,
        answers=answers,
        assessment_date=timezone.localdate(),
        submitted_by=user,
        submitted_at=timezone.now(),
    )


def test_it_records_a_designation_with_instrument_scope_and_phase_out(
    default_template_version, france, supplier, fr_approver
):
    core = AssetClassFactory(code="core_nf", name="Core")
    answers = {
        "D1": "yes",
        "D1a": "Arrêté du 12 mars 2025",
        "D1b": "2025-03-12",
        "D1c": "yes",
        "D2": ["core_nf", "share_cap"],
        "D3": [{"id": "a1", "asset_class": "core_nf", "date": "2027-12-31"}],
    }
    revision = revision_with(answers, default_template_version, france, supplier, fr_approver)
    designation = designation_sync_from_revision(revision=revision, user=fr_approver)
    designation.refresh_from_db()
    assert designation.status == "high_risk"
    assert designation.legal_instrument == "Arrêté du 12 mars 2025"
    assert str(designation.decided_on) == "2025-03-12"
    assert designation.confidential is True
    assert list(designation.asset_classes.all()) == [core]
    assert designation.phase_out == {"core_nf": "2027-12-31"}
    assert designation.source_assessment == revision.assessment


def test_it_updates_the_one_row_and_ignores_revisions_without_d1(
    default_template_version, france, supplier, fr_approver
):
    revision = revision_with({"D1": "no"}, default_template_version, france, supplier, fr_approver)
    designation_sync_from_revision(revision=revision, user=fr_approver)
    designation_sync_from_revision(revision=revision, user=fr_approver)
    assert Designation.objects.get(member_state=france, supplier=supplier).status == "none"
    Revision.objects.filter(pk=revision.pk).update(answers={})
    revision.refresh_from_db()
    assert designation_sync_from_revision(revision=revision, user=fr_approver) is None
    assert Designation.objects.count() == 1
