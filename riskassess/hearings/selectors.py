"""Reads of hearings and supplier statements, and the one access decision for them.

Who sees a hearing (`hearings_visible_to`):
- regulator / approver: the hearings of their own member state;
- EU coordinator: the EU-level hearings (no member state);
- supplier user: the hearings on its own supplier, with only what they disclose;
- observer: none.
Anything else is a 404. Who may act: the hearing authority (its state's regulators and approvers,
or coordinators for an EU-level hearing) opens, extends and decides; the supplier's users answer.

Supplier statements: the supplier's own users read and write them; regulators, approvers and
coordinators read every supplier's statements (facts stated for all member states).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from riskassess.hearings.models import Hearing, SupplierStatement


def hearings_visible_to(user: Any) -> QuerySet[Hearing]:
    qs = Hearing.objects.select_related("supplier", "member_state", "opened_by", "decided_by")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role in ("regulator", "approver"):
        return qs.filter(member_state_id=user.member_state_id)
    if user.role == "coordinator":
        return qs.filter(member_state__isnull=True)
    if user.role == "supplier":
        return qs.filter(supplier_id=user.supplier_id)
    return qs.none()


def is_hearing_authority(user: Any, hearing: Hearing) -> bool:
    if user.role in ("regulator", "approver"):
        return hearing.member_state_id is not None and hearing.member_state_id == user.member_state_id
    if user.role == "coordinator":
        return hearing.member_state_id is None
    return False


def is_heard_supplier(user: Any, hearing: Hearing) -> bool:
    return user.role == "supplier" and user.supplier_id is not None and user.supplier_id == hearing.supplier_id


@dataclass
class HearingAccess:
    hearing: Hearing
    authority: bool  # may extend and decide (and sees the internal record)
    supplier: bool  # may answer while it is open

    @property
    def answer(self) -> bool:
        return self.supplier and self.hearing.status == Hearing.Status.OPEN

    @property
    def decide(self) -> bool:
        return self.authority and self.hearing.status == Hearing.Status.OPEN


def hearing_access(*, user: Any, pk: Any) -> HearingAccess:
    """The hearing `pk` as `user` may see it, or Http404."""
    try:
        hearing = hearings_visible_to(user).get(pk=int(pk))
    except (Hearing.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    return HearingAccess(
        hearing=hearing, authority=is_hearing_authority(user, hearing), supplier=is_heard_supplier(user, hearing)
    )


def hearing_may_open(user: Any) -> bool:
    return getattr(user, "role", "") in ("regulator", "approver", "coordinator")


def statements_visible_to(user: Any, *, supplier_id: int | None = None) -> QuerySet[SupplierStatement]:
    qs = SupplierStatement.objects.select_related("supplier", "stated_by")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role == "supplier":
        qs = qs.filter(supplier_id=user.supplier_id)
    elif user.role not in ("regulator", "approver", "coordinator"):
        return qs.none()
    if supplier_id is not None:
        qs = qs.filter(supplier_id=supplier_id)
    return qs


def statement_get_for_user(*, user: Any, pk: Any) -> SupplierStatement:
    try:
        return statements_visible_to(user).get(pk=int(pk))
    except (SupplierStatement.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def open_points_for(*, assessment: Any) -> list[dict[str, Any]]:
    """The "to be clarified" points of the latest score of `assessment` (question and reason)."""
    from riskassess.scoring.models import Score

    score = Score.objects.filter(assessment=assessment).order_by("-pk").first()
    if score is None:
        return []
    return [
        {"question": str(c.get("question", "")), "text": str(c.get("text", "")), "reason": str(c.get("reason", ""))}
        for c in score.to_clarify or []
    ]


def record_fingerprint_data(hearing: Hearing) -> list[Any]:
    """What the record of the procedure is made from (ids and times): a new step, a new record."""
    return [
        hearing.pk,
        hearing.updated_at,
        hearing.status,
        list(hearing.documents.order_by("pk").values_list("pk", flat=True)),
        list(hearing.answers.order_by("pk").values_list("pk", flat=True)),
        list(hearing.extensions.order_by("pk").values_list("pk", flat=True)),
        sorted(hearing.cited_answers.values_list("pk", flat=True)),
    ]


def procedure_steps(hearing: Hearing) -> list[dict[str, Any]]:
    """Every dated step of the procedure, in order: opened, answers, extensions, decision."""
    steps: list[dict[str, Any]] = [
        {"at": hearing.created_at, "what": "opened", "who": hearing.opened_by.get_username(), "obj": hearing}
    ]
    steps += [
        {"at": a.submitted_at, "what": "answer", "who": a.author.get_username(), "obj": a}
        for a in hearing.answers.select_related("author")
    ]
    steps += [
        {"at": e.created_at, "what": "extension", "who": e.granted_by.get_username(), "obj": e}
        for e in hearing.extensions.select_related("granted_by")
    ]
    if hearing.decided_at and hearing.decided_by:
        steps.append(
            {"at": hearing.decided_at, "what": "decision", "who": hearing.decided_by.get_username(), "obj": hearing}
        )
    return sorted(steps, key=lambda s: s["at"])


def register_entry(hearing: Hearing) -> Any:
    """The register version the hearing's decision made (riskassess.register), or None."""
    if not hearing.register_record_id:
        return None
    from riskassess.register.models import RecordVersion

    return (
        RecordVersion.objects.filter(record_id=hearing.register_record_id, hearing_pk=hearing.pk)
        .order_by("-number")
        .first()
    )


# Where each kind of statement belongs in the questionnaire: the question it informs.
STATEMENT_QUESTIONS = {
    "legal_entity": "A1",
    "ownership": "A3",
    "manufacturing": "A7",
    "certificate": "B1",
    "support": "A10",
}


def statements_for_section(*, user: Any, assessment: Any, question_keys: list[str]) -> list[dict[str, Any]]:
    """The supplier's statements that inform the questions shown ([{"statement", "question"}]),
    for the assessment's own state only (the regulators and approvers who answer)."""
    if getattr(user, "role", "") not in ("regulator", "approver") or user.member_state_id != assessment.member_state_id:
        return []
    wanted = {topic: key for topic, key in STATEMENT_QUESTIONS.items() if key in question_keys}
    if not wanted:
        return []
    rows = statements_visible_to(user, supplier_id=assessment.supplier_id).filter(topic__in=list(wanted))
    return [{"statement": s, "question": wanted[s.topic]} for s in rows]
