"""Section D of questionnaire 2027.1 reads and writes the register without dropping anything: every
question of D maps to a register field, and an approved revision lands in a new version."""

from django.utils import timezone

from riskassess.questionnaires.models import Revision
from riskassess.register.models import LegalRecord
from riskassess.register.section_d import register_sync_from_revision
from riskassess.suppliers.models import AssetClass, Designation
from tests.factories import AssessmentFactory, CampaignFactory

ANSWERS = {
    "D1": "restricted",
    "D1a": "Agreement with the three operators",
    "D1b": "2024-07-11",
    "D1c": "no",
    "D1d": ["g5", "g2_4"],
    "D2": ["core_nf", "ran_general", "share_cap", "government_networks", "full_exclusion"],
    "D3": [
        {"id": "a", "asset_class": "core_nf", "date": "2026-12-31"},
        {"id": "b", "asset_class": "ran_general", "date": "2029-12-31"},
    ],
    "D4": [{"id": "c", "asset_class": "core_nf", "share": 40}],
    "D5": [
        {"id": "d", "decision": "conditions", "date": "2025-02-01", "component": "eNB", "asset_class": "ran_general"}
    ],
    "D6": ["SE", "EE"],
    "D7": "yes",
    "D7a": "Administrative court of Cologne, supplier v. ministry, pending",
}


def _revision(template_version, member_state, supplier, user, answers, number=1, assessment=None):
    assessment = assessment or AssessmentFactory(
        campaign=CampaignFactory(name="2027", template_version=template_version),
        member_state=member_state,
        supplier=supplier,
    )
    return Revision.objects.create(
        assessment=assessment,
        number=number,
        template_version=template_version,
        answers=answers,
        assessment_date=timezone.localdate(),
        submitted_by=user,
        submitted_at=timezone.now(),
    )


def test_every_question_of_section_d_maps_to_the_register(dimensions_template_version):
    from riskassess.register.section_d import DEFAULT_KEYS

    definition = dimensions_template_version.definition
    section_d = next(s for s in definition["sections"] if s["key"] == "D")
    questions = {q["key"] for q in section_d["questions"]}
    mapped = set(definition["confidentiality"]["register"].values()) | set(DEFAULT_KEYS.values())
    mapped.add(definition["confidentiality"]["confidential_when"]["question"])
    assert questions == mapped, questions ^ mapped
    assert set(ANSWERS) == questions  # the test below answers every one


def test_every_answer_of_section_d_lands_in_the_register(dimensions_template_version, germany, supplier, de_approver):
    for code in ("core_nf", "ran_general"):
        AssetClass.objects.get_or_create(code=code, defaults={"name": code})
    revision = _revision(dimensions_template_version, germany, supplier, de_approver, ANSWERS)
    version = register_sync_from_revision(revision=revision, user=de_approver)
    assert version.record.from_questionnaire and version.record.authority_state == germany
    assert version.kind == "full_exclusion"  # the strongest measure of a restriction without designation
    assert version.measures == ["conditions", "sector_exclusion", "share_cap"]
    assert (version.state, version.instrument, str(version.instrument_date)) == (
        "in_force",
        "Agreement with the three operators",
        "2024-07-11",
    )
    assert version.confidential is False
    assert {(s["asset_class"], s["technology"], s["phase_out_deadline"]) for s in version.scopes} == {
        ("core_nf", "g5", "2026-12-31"),
        ("core_nf", "g2_4", "2026-12-31"),
        ("ran_general", "g5", "2029-12-31"),
        ("ran_general", "g2_4", "2029-12-31"),
    }
    assert version.footprint == [{"id": "c", "asset_class": "core_nf", "share": 40}]
    assert version.individual_decisions[0]["decision"] == "conditions"
    assert version.other_countries == ["EE", "SE"]
    assert version.appeal_status == "litigation_pending"
    assert version.litigation_notes.startswith("Administrative court of Cologne")
    assert (version.source_assessment, version.source_revision) == (revision.assessment, 1)
    designation = Designation.objects.get(member_state=germany, supplier=supplier)
    assert designation.status == "restricted"
    assert designation.phase_out == {"core_nf": "2026-12-31", "ran_general": "2029-12-31"}
    assert designation.appeal_status.startswith("Administrative court of Cologne")


def test_a_later_revision_makes_a_new_version_and_keeps_what_it_leaves_out(
    dimensions_template_version, germany, supplier, de_approver
):
    for code in ("core_nf", "ran_general"):
        AssetClass.objects.get_or_create(code=code, defaults={"name": code})
    first = _revision(dimensions_template_version, germany, supplier, de_approver, ANSWERS)
    register_sync_from_revision(revision=first, user=de_approver)
    later = _revision(
        dimensions_template_version,
        germany,
        supplier,
        de_approver,
        {"D1": "designated", "D1a": "§41 BSIG order", "D1b": "2026-02-01", "D1c": "yes", "D7": "no"},
        number=2,
        assessment=first.assessment,
    )
    version = register_sync_from_revision(revision=later, user=de_approver)
    assert (version.number, version.kind, version.confidential, version.appeal_status) == (
        2,
        "designation",
        True,
        "none",
    )
    assert len(version.scopes) == 4 and version.footprint == ANSWERS["D4"]  # kept
    record = LegalRecord.objects.get()
    assert list(record.versions.values_list("number", "kind")) == [(1, "full_exclusion"), (2, "designation")]
