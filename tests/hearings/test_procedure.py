"""A hearing step by step: opened, answered, extended, decided; every step dated and audited."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from riskassess.audit.models import AuditEvent
from riskassess.core.exceptions import ApplicationError
from riskassess.hearings import selectors, services
from riskassess.hearings.models import Hearing
from tests.factories import AssetClassFactory


def test_it_opens_a_hearing_for_the_regulators_state(fr_hearing, france):
    assert fr_hearing.member_state == france
    assert fr_hearing.status == Hearing.Status.OPEN
    doc = fr_hearing.documents.get()
    assert (doc.tlp, doc.withheld_reason) == ("TLP:AMBER", "commercial secrets of third parties")
    assert AuditEvent.objects.filter(object_type="hearings.hearing", object_id=str(fr_hearing.pk)).exists()


def test_it_refuses_a_withheld_part_without_a_reason(fr_regulator, supplier):
    with pytest.raises(ApplicationError) as exc:
        services.hearing_open(
            user=fr_regulator,
            supplier=supplier,
            subject="s",
            grounds="g",
            deadline=timezone.localdate() + dt.timedelta(days=10),
            documents=[{"title": "t", "withheld": "annex 2"}],
        )
    assert "withheld_reason" in exc.value.errors


def test_it_refuses_a_deadline_in_the_past(fr_regulator, supplier):
    with pytest.raises(ApplicationError) as exc:
        services.hearing_open(
            user=fr_regulator, supplier=supplier, subject="s", grounds="g", deadline=timezone.localdate()
        )
    assert "deadline" in exc.value.errors


def test_coordinators_open_eu_level_hearings(eu_coordinator, supplier):
    hearing = services.hearing_open(
        user=eu_coordinator,
        supplier=supplier,
        subject="EU-level designation",
        grounds="g",
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )
    assert hearing.eu_level
    assert "European Union" in hearing.authority_label


def test_observers_and_suppliers_cannot_open(observer, supplier_user, supplier):
    for user in (observer, supplier_user):
        with pytest.raises(PermissionDenied):
            services.hearing_open(
                user=user,
                supplier=supplier,
                subject="s",
                grounds="g",
                deadline=timezone.localdate() + dt.timedelta(days=3),
            )


def test_the_supplier_answers_with_a_checked_document(fr_hearing, supplier_user, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    answer = services.hearing_answer(
        user=supplier_user,
        hearing=fr_hearing,
        statement="Our shareholders are employees.",
        uploaded_file=SimpleUploadedFile("register.pdf", b"%PDF-1.7\n1 0 obj\n%%EOF\n"),
    )
    assert answer.sha256 and answer.original_name == "register.pdf"
    assert answer.file.name.startswith("hearings/") and "register" not in answer.file.name


def test_it_refuses_a_disguised_upload(fr_hearing, supplier_user, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    with pytest.raises(ApplicationError) as exc:
        services.hearing_answer(
            user=supplier_user,
            hearing=fr_hearing,
            statement="s",
            uploaded_file=SimpleUploadedFile("register.pdf", b"<html><script>alert(1)</script></html>"),
        )
    assert "file" in exc.value.errors


def test_another_supplier_cannot_answer(fr_hearing, other_supplier_user):
    with pytest.raises(PermissionDenied):
        services.hearing_answer(user=other_supplier_user, hearing=fr_hearing, statement="s")


def test_an_extension_is_recorded_with_who_why_and_dates(fr_hearing, fr_approver):
    old = fr_hearing.deadline
    ext = services.hearing_extend(
        user=fr_approver, hearing=fr_hearing, new_deadline=old + dt.timedelta(days=14), reason="Asked by the supplier"
    )
    fr_hearing.refresh_from_db()
    assert (ext.previous_deadline, ext.new_deadline, fr_hearing.deadline) == (
        old,
        old + dt.timedelta(days=14),
        ext.new_deadline,
    )
    assert ext.granted_by == fr_approver


def test_another_state_cannot_extend(fr_hearing, de_regulator):
    with pytest.raises(PermissionDenied):
        services.hearing_extend(
            user=de_regulator, hearing=fr_hearing, new_deadline=fr_hearing.deadline + dt.timedelta(days=3), reason="r"
        )


def test_the_decision_cites_the_answers_and_enters_the_register(fr_hearing, fr_regulator, supplier_user):
    AssetClassFactory(code="core_nf")
    answer = services.hearing_answer(user=supplier_user, hearing=fr_hearing, statement="We disagree.")
    with pytest.raises(ApplicationError) as exc:
        services.hearing_decide(
            user=fr_regulator, hearing=fr_hearing, outcome="restriction", reasoning="r", cited_answer_ids=[]
        )
    assert "cited_answers" in exc.value.errors
    decided = services.hearing_decide(
        user=fr_regulator,
        hearing=fr_hearing,
        outcome="restriction",
        reasoning="The answer does not remove the risk.",
        cited_answer_ids=[answer.pk],
        instrument="Arrêté du 1er décembre 2026",
        instrument_date="2026-12-01",
        scopes=["core_nf"],
    )
    assert decided.status == Hearing.Status.DECIDED and decided.decided_at is not None
    entry = selectors.register_entry(decided)
    assert entry is not None and entry.record_id == decided.register_record_id
    assert (entry.kind, entry.instrument, entry.record.authority_state_id) == (
        "restriction",
        "Arrêté du 1er décembre 2026",
        decided.member_state_id,
    )
    assert f"hearing {decided.pk}" in entry.reason and entry.hearing_pk == decided.pk
    assert list(decided.cited_answers.all()) == [answer]
    with pytest.raises(ApplicationError):
        services.hearing_answer(user=supplier_user, hearing=fr_hearing, statement="late")
    steps = [s["what"] for s in selectors.procedure_steps(decided)]
    assert steps == ["opened", "answer", "decision"]


def test_it_refuses_to_cite_another_hearings_answer(fr_hearing, fr_regulator, supplier_user, supplier):
    other = services.hearing_open(
        user=fr_regulator,
        supplier=supplier,
        subject="2",
        grounds="g",
        deadline=timezone.localdate() + dt.timedelta(days=5),
    )
    foreign = services.hearing_answer(user=supplier_user, hearing=other, statement="x")
    with pytest.raises(ApplicationError):
        services.hearing_decide(
            user=fr_regulator, hearing=fr_hearing, outcome="no_measure", reasoning="r", cited_answer_ids=[foreign.pk]
        )


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("fr_regulator", True),
        ("fr_approver", True),
        ("supplier_user", True),
        ("de_regulator", False),
        ("eu_coordinator", False),
        ("observer", False),
        ("other_supplier_user", False),
    ],
)
def test_who_sees_a_national_hearing(request, fr_hearing, persona, sees):
    user = request.getfixturevalue(persona)
    assert selectors.hearings_visible_to(user).filter(pk=fr_hearing.pk).exists() is sees


def test_a_measure_needs_its_instrument_and_date_and_no_measure_writes_nothing(fr_hearing, fr_regulator):
    with pytest.raises(ApplicationError) as exc:
        services.hearing_decide(
            user=fr_regulator,
            hearing=fr_hearing,
            outcome="designation",
            reasoning="r",
            cited_answer_ids=[],
            instrument="Décret",
        )
    assert "instrument_date" in exc.value.errors
    decided = services.hearing_decide(
        user=fr_regulator,
        hearing=fr_hearing,
        outcome="no_measure",
        reasoning="The answers convinced us.",
        cited_answer_ids=[],
    )
    assert decided.register_record_id is None and selectors.register_entry(decided) is None


def test_an_eu_level_decision_enters_the_register_at_eu_level(eu_coordinator, supplier):
    hearing = services.hearing_open(
        user=eu_coordinator,
        supplier=supplier,
        subject="EU",
        grounds="g",
        deadline=timezone.localdate() + dt.timedelta(days=9),
    )
    hearing = services.hearing_decide(
        user=eu_coordinator,
        hearing=hearing,
        outcome="designation",
        reasoning="r",
        cited_answer_ids=[],
        instrument="Commission Implementing Decision",
        instrument_date="2027-03-01",
    )
    entry = selectors.register_entry(hearing)
    assert entry.record.eu_level and entry.record.authority_state_id is None
