"""Writes of hearings and supplier statements: every step dated, audited and, where it concerns
the other side, e-mailed (riskassess.hearings.notifications) once the transaction commits."""

import datetime as dt
import hashlib
import os
import unicodedata
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from riskassess.audit.services import audit_log
from riskassess.core.exceptions import ApplicationError
from riskassess.core.text import control_characters
from riskassess.core.tlp import TLP_VALUES
from riskassess.core.transactions import on_commit_robust
from riskassess.hearings import notifications, register_link, selectors
from riskassess.hearings.models import (
    Hearing,
    HearingAnswer,
    HearingDocument,
    HearingExtension,
    Outcome,
    StatementTopic,
    StoredFileMixin,
    SupplierStatement,
)
from riskassess.questionnaires import filetypes
from riskassess.suppliers.models import Supplier

MAX_TEXT = 20_000


def _text(value: Any, field: str, *, required: bool = True, max_length: int = MAX_TEXT) -> str:
    value = str(value or "").strip()
    if control_characters(value.replace("\n", "").replace("\r", "").replace("\t", "")):
        raise ApplicationError(
            _("Remove the control characters."), errors={field: [_("Remove the control characters.")]}
        )
    if required and not value:
        raise ApplicationError(_("Fill in this field."), errors={field: [_("Fill in this field.")]})
    if len(value) > max_length:
        message = _("Use at most %(n)d characters.") % {"n": max_length}
        raise ApplicationError(message, errors={field: [message]})
    return value


def _future_date(value: Any, field: str, *, after: dt.date | None = None) -> dt.date:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, dt.date):
        raise ApplicationError(_("Enter a date."), errors={field: [_("Enter a date.")]})
    floor = after or timezone.localdate()
    if value <= floor:
        message = _("Choose a date after %(date)s.") % {"date": floor.strftime("%d/%m/%Y")}
        raise ApplicationError(message, errors={field: [message]})
    return value


def _safe_name(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C")
    return name.strip()[:200] or "file"


def _attach(target: StoredFileMixin, uploaded_file: Any) -> None:
    """Checks an upload as evidence is checked (type by content against the allow-list of
    questionnaires/filetypes.py, size against EVIDENCE_MAX_BYTES), hashes it and stores it under
    a random name. The client's name is kept as text only."""
    limit = settings.EVIDENCE_MAX_BYTES

    def refuse(message: str) -> None:
        raise ApplicationError(message, errors={"file": [message]}, code="bad_file")

    name = _safe_name(getattr(uploaded_file, "name", "") or "")
    kind = filetypes.file_kind(name)
    if kind is None:
        refuse(
            _("Files of this type are not accepted. Attach a %(types)s file.")
            % {"types": filetypes.ACCEPTED_TYPES_TEXT}
        )
    assert kind is not None
    digest, size, head = hashlib.sha256(), 0, b""
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        size += len(chunk)
        if size > limit:
            refuse(_("The file is larger than the limit. Attach a smaller file."))
        if len(head) < 8192:
            head += chunk[: 8192 - len(head)]
        if kind.kind == "text" and b"\x00" in chunk:
            refuse(_("This file says it is %(label)s but its content is not.") % {"label": kind.label})
        digest.update(chunk)
    if size == 0:
        refuse(_("The file is empty."))
    uploaded_file.seek(0)
    problem = filetypes.content_problem(kind, head, uploaded_file)
    if problem:
        refuse(problem)
    uploaded_file.seek(0)
    target.original_name = name
    target.content_type = kind.content_type
    target.size = size
    target.sha256 = digest.hexdigest()
    target.file.save("upload", File(uploaded_file), save=False)


def _notify_opened(hearing_id: int) -> None:
    notifications.notify_opened(Hearing.objects.select_related("supplier", "member_state").get(pk=hearing_id))


def _notify_answered(hearing_id: int) -> None:
    notifications.notify_answered(Hearing.objects.select_related("supplier", "member_state").get(pk=hearing_id))


def _notify_decided(hearing_id: int) -> None:
    notifications.notify_decided(Hearing.objects.select_related("supplier", "member_state").get(pk=hearing_id))


@transaction.atomic
def hearing_open(
    *,
    user: Any,
    supplier: Supplier,
    subject: str,
    grounds: str,
    deadline: Any,
    documents: list[dict[str, Any]] | None = None,
    source_assessment: Any = None,
    request: Any = None,
) -> Hearing:
    """A regulator or approver opens a hearing for their member state; a coordinator an EU-level
    one. The open "to be clarified" points of `source_assessment` (their own state's) join the
    grounds. `documents`: [{"title", "summary", "tlp", "withheld", "withheld_reason"}]."""
    if not selectors.hearing_may_open(user):
        raise PermissionDenied
    state_id = user.member_state_id if user.role in ("regulator", "approver") else None
    open_points: list[dict[str, Any]] = []
    if source_assessment is not None:
        if state_id is None or source_assessment.member_state_id != state_id:
            raise PermissionDenied
        if source_assessment.supplier_id != supplier.pk:
            raise ApplicationError(
                _("The assessment is of another supplier."),
                errors={"source_assessment": [_("Choose this supplier's.")]},
            )
        open_points = selectors.open_points_for(assessment=source_assessment)
    hearing = Hearing(
        supplier=supplier,
        member_state_id=state_id,
        subject=_text(subject, "subject", max_length=200),
        grounds=_text(grounds, "grounds"),
        open_points=open_points,
        source_assessment=source_assessment,
        deadline=_future_date(deadline, "deadline"),
        opened_by=user,
    )
    hearing.save()
    for i, doc in enumerate(documents or []):
        tlp = doc.get("tlp") or "TLP:AMBER"
        if tlp not in TLP_VALUES:
            raise ApplicationError(
                _("Choose a TLP marking."), errors={f"documents.{i}.tlp": [_("Choose a TLP marking.")]}
            )
        withheld = _text(doc.get("withheld"), "withheld", required=False)
        reason = _text(doc.get("withheld_reason"), "withheld_reason", required=False)
        if withheld and not reason:
            message = _("Say why this part is withheld.")
            raise ApplicationError(message, errors={"withheld_reason": [message]})
        HearingDocument.objects.create(
            hearing=hearing,
            title=_text(doc.get("title"), "title", max_length=200),
            summary=_text(doc.get("summary"), "summary", required=False),
            tlp=tlp,
            withheld=withheld,
            withheld_reason=reason,
        )
    audit_log(
        action="create",
        actor=user,
        obj=hearing,
        summary=f"Hearing opened on {supplier.name} by {hearing.authority_label}, answer by {hearing.deadline}",
        data={"hearing": hearing.pk, "deadline": hearing.deadline.isoformat(), "documents": len(documents or [])},
        request=request,
    )
    on_commit_robust(_notify_opened, hearing.pk)
    return hearing


@transaction.atomic
def hearing_answer(
    *, user: Any, hearing: Hearing, statement: str, uploaded_file: Any = None, request: Any = None
) -> HearingAnswer:
    """The supplier's answer: a statement, optionally with a document (checked like evidence)."""
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if not selectors.is_heard_supplier(user, hearing):
        raise PermissionDenied
    if hearing.status != Hearing.Status.OPEN:
        raise ApplicationError(_("This hearing is decided: it takes no more answers."), code="decided")
    answer = HearingAnswer(hearing=hearing, author=user, statement=_text(statement, "statement"))
    if uploaded_file is not None:
        _attach(answer, uploaded_file)
    stored = answer.file.name or ""
    try:
        answer.save()
    except Exception:
        if stored:
            answer.file.storage.delete(stored)
        raise
    audit_log(
        action="create",
        actor=user,
        obj=answer,
        summary=f"{hearing.supplier.name} answered hearing {hearing.pk}",
        data={"hearing": hearing.pk, "sha256": answer.sha256, "size": answer.size},
        request=request,
    )
    on_commit_robust(_notify_answered, hearing.pk)
    return answer


@transaction.atomic
def hearing_extend(
    *, user: Any, hearing: Hearing, new_deadline: Any, reason: str, request: Any = None
) -> HearingExtension:
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if not selectors.is_hearing_authority(user, hearing):
        raise PermissionDenied
    if hearing.status != Hearing.Status.OPEN:
        raise ApplicationError(_("This hearing is decided."), code="decided")
    new = _future_date(new_deadline, "new_deadline", after=max(hearing.deadline, timezone.localdate()))
    extension = HearingExtension.objects.create(
        hearing=hearing,
        granted_by=user,
        reason=_text(reason, "reason"),
        previous_deadline=hearing.deadline,
        new_deadline=new,
    )
    hearing.deadline = new
    hearing.save(update_fields=["deadline", "updated_at"])
    audit_log(
        action="update",
        actor=user,
        obj=hearing,
        summary=f"Hearing {hearing.pk}: deadline extended from {extension.previous_deadline} to {new}",
        data={"hearing": hearing.pk, "previous": extension.previous_deadline.isoformat(), "new": new.isoformat()},
        request=request,
    )
    return extension


@transaction.atomic
def hearing_decide(
    *,
    user: Any,
    hearing: Hearing,
    outcome: str,
    reasoning: str,
    cited_answer_ids: list[int],
    instrument: str = "",
    instrument_date: Any = None,
    scopes: list[str] | None = None,
    confidential: bool = False,
    share_cap_percent: Any = None,
    request: Any = None,
) -> Hearing:
    """The reasoned decision: cites the supplier's answers (at least one when it answered) and,
    unless it is "no measure", enters the restriction register (register_link) with its legal
    instrument and date, scope (asset class codes), confidentiality and share cap."""
    hearing = (
        Hearing.objects.select_for_update(of=("self",)).select_related("supplier", "member_state").get(pk=hearing.pk)
    )
    if not selectors.is_hearing_authority(user, hearing):
        raise PermissionDenied
    if hearing.status != Hearing.Status.OPEN:
        raise ApplicationError(_("This hearing is decided already."), code="decided")
    if outcome not in Outcome.values:
        raise ApplicationError(_("Choose the decision."), errors={"outcome": [_("Choose the decision.")]})
    answers = list(hearing.answers.all())
    ids = {int(i) for i in cited_answer_ids or []}
    cited = [a for a in answers if a.pk in ids]
    if len(cited) != len(ids):
        raise ApplicationError(
            _("Cite only answers of this hearing."), errors={"cited_answers": [_("Cite only answers of this hearing.")]}
        )
    if answers and not cited:
        message = _("Say which of the supplier's answers the decision takes into account.")
        raise ApplicationError(message, errors={"cited_answers": [message]})
    hearing.outcome = outcome
    hearing.reasoning = _text(reasoning, "reasoning")
    hearing.instrument = _text(instrument, "instrument", required=outcome != Outcome.NO_MEASURE, max_length=300)
    if isinstance(instrument_date, str) and instrument_date:
        try:
            instrument_date = dt.date.fromisoformat(instrument_date)
        except ValueError:
            instrument_date = None
    if outcome != Outcome.NO_MEASURE and not isinstance(instrument_date, dt.date):
        message = _("Enter the date of the legal instrument.")
        raise ApplicationError(message, errors={"instrument_date": [message]})
    hearing.instrument_date = instrument_date or None
    hearing.scopes = sorted({str(s) for s in scopes or [] if s})
    hearing.confidential = bool(confidential)
    hearing.share_cap_percent = share_cap_percent if share_cap_percent not in ("", None) else None
    hearing.status = Hearing.Status.DECIDED
    hearing.decided_by = user
    hearing.decided_at = timezone.now()
    hearing.save()
    hearing.cited_answers.set(cited)
    hearing.register_record_id = register_link.decision_to_register(hearing=hearing, user=user)
    hearing.save(update_fields=["register_record_id"])
    audit_log(
        action="update",
        actor=user,
        obj=hearing,
        summary=f"Hearing {hearing.pk} decided: {hearing.get_outcome_display()}",
        data={
            "hearing": hearing.pk,
            "outcome": outcome,
            "cited_answers": sorted(a.pk for a in cited),
            "register_record": hearing.register_record_id,
        },
        request=request,
    )
    on_commit_robust(_notify_decided, hearing.pk)
    return hearing


@transaction.atomic
def statement_add(
    *, user: Any, topic: str, text: str, uploaded_file: Any = None, request: Any = None
) -> SupplierStatement:
    """A fact the supplier states once for all member states (supplier users only)."""
    if getattr(user, "role", "") != "supplier" or user.supplier_id is None:
        raise PermissionDenied
    if topic not in StatementTopic.values:
        raise ApplicationError(_("Choose what the statement is about."), errors={"topic": [_("Choose a topic.")]})
    statement = SupplierStatement(supplier_id=user.supplier_id, topic=topic, text=_text(text, "text"), stated_by=user)
    if uploaded_file is not None:
        _attach(statement, uploaded_file)
    statement.save()
    audit_log(
        action="create",
        actor=user,
        obj=statement,
        summary=f"Statement ({topic}) by {user.supplier}",
        data={"topic": topic, "sha256": statement.sha256},
        request=request,
    )
    return statement


@transaction.atomic
def statement_delete(*, user: Any, statement: SupplierStatement, request: Any = None) -> None:
    if getattr(user, "role", "") != "supplier" or user.supplier_id != statement.supplier_id:
        raise PermissionDenied
    audit_log(
        action="delete",
        actor=user,
        obj=statement,
        summary=f"Statement ({statement.topic}) of {statement.supplier} withdrawn",
        request=request,
    )
    statement.delete()


@transaction.atomic
def supplier_user_invite(*, manager: Any, supplier: Supplier, username: str, email: str, request: Any = None) -> Any:
    """A supplier user, invited by a single-use, expiring enrolment link (riskassess.accounts):
    they set their password and authenticator app there. Coordinators and account managers of a
    member state invite."""
    from riskassess.accounts.models import Role, User
    from riskassess.accounts.services import account_authority_over, enrolment_link_issue

    username = _text(username, "username", max_length=150)
    email = _text(email, "email", max_length=254)
    if "@" not in email:
        raise ApplicationError(_("Enter an e-mail address."), errors={"email": [_("Enter an e-mail address.")]})
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(_("This user name is taken."), errors={"username": [_("This user name is taken.")]})
    user = User(username=username, email=email, role=Role.SUPPLIER, supplier=supplier)
    if not account_authority_over(manager, user):
        raise PermissionDenied
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_log(
        action="create",
        actor=manager,
        obj=user,
        summary=f"supplier user {username} of {supplier.name} invited",
        request=request,
    )
    enrolment_link_issue(user=user, issued_by=manager, request=request)
    return user


@transaction.atomic
def statement_take_over(*, user: Any, assessment: Any, statement: SupplierStatement, request: Any = None) -> str:
    """A regulator takes a supplier statement over into its own assessment: into the answer of a
    text question (with a comment saying where it comes from), or into the comment of any other
    question (its answer stays the regulator's own). Returns the question key."""
    from riskassess.questionnaires import services as questionnaire_services
    from riskassess.questionnaires.definition import iter_questions
    from riskassess.questionnaires.selectors import comments_for_assessment

    key = selectors.STATEMENT_QUESTIONS.get(statement.topic, "")
    if statement.supplier_id != assessment.supplier_id:
        raise PermissionDenied
    questions = {q["key"]: q for q in iter_questions(assessment.campaign.template_version.definition)}
    if key not in questions:
        raise ApplicationError(_("This questionnaire has no question for this statement."))
    mark = _("Taken from the supplier's statement of %(date)s.") % {"date": statement.updated_at.strftime("%d/%m/%Y")}
    comment = (comments_for_assessment(assessment=assessment).get(key) or "").strip()
    values: dict[str, Any] = {}
    if questions[key].get("type") == "text":
        values[key] = statement.text[:2000]
        new_comment = mark if not comment else f"{comment}\n{mark}"
    else:
        new_comment = f"{comment}\n{mark} {statement.text}".strip()
    questionnaire_services.answers_save(
        assessment=assessment,
        user=user,
        values=values,
        comments={key: new_comment[:2000]},
        expected_version=assessment.version,
    )
    audit_log(
        action="update",
        actor=user,
        obj=assessment,
        summary=f"Supplier statement {statement.pk} ({statement.topic}) taken over into {key}",
        data={"statement": statement.pk, "question": key},
        request=request,
    )
    return key
