"""Writes for questionnaires: create an assessment, save answers, submit, approve, return, and
attach evidence. Each function is one transaction and writes the audit trail.

Answers are validated with `validation.validate_answer`; the version check (optimistic
concurrency) is one conditional UPDATE, so two people saving the same assessment cannot overwrite
each other silently: the second gets `StaleEdit`.
"""

import hashlib
import io
import os
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from riskassess.audit.services import audit_log
from riskassess.core.exceptions import ApplicationError, StaleEdit
from riskassess.core.tlp import TLP_VALUES
from riskassess.dashboard.services import dashboard_invalidate
from riskassess.questionnaires import access, filetypes, validation
from riskassess.questionnaires.conditions import visible_answers, visible_question_keys
from riskassess.questionnaires.definition import iter_questions
from riskassess.questionnaires.models import Answer, Assessment, Campaign, Evidence, ReviewComment, Revision

# ---------------------------------------------------------------------------------------------
# Access rules shared by the services
# ---------------------------------------------------------------------------------------------


def _require_national(user, assessment: Assessment) -> None:
    if not access.is_own_state(user, assessment):
        raise PermissionDenied(_("Only the regulators and approvers of this member state may do this."))


def _require_editable(assessment: Assessment) -> None:
    if assessment.campaign.status == Campaign.Status.CLOSED:
        raise ApplicationError(_("The campaign is closed: its assessments can no longer be changed."), code="closed")
    if assessment.status not in Assessment.EDITABLE:
        if assessment.status == Assessment.Status.APPROVED:
            message = _("This assessment is approved and cannot be changed.")
        else:
            message = _("This assessment is submitted and cannot be changed.")
        raise ApplicationError(message, code="not_editable")


def _definition(assessment: Assessment) -> dict[str, Any]:
    return assessment.campaign.template_version.definition


def _current_answers(assessment: Assessment) -> dict[str, Any]:
    return dict(Answer.objects.filter(assessment=assessment).values_list("question_key", "value"))


# ---------------------------------------------------------------------------------------------
# Assessments
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def assessment_create(*, campaign: Campaign, member_state, supplier, user) -> Assessment:
    """The assessment of `supplier` by `member_state` in `campaign`, created if there is none yet."""
    if user is not None and getattr(user, "is_authenticated", False) and user.is_national:
        if user.member_state_id != member_state.pk:
            raise PermissionDenied(_("You can only start assessments for your own member state."))
    if campaign.status == Campaign.Status.CLOSED:
        raise ApplicationError(_("The campaign is closed: no assessment can be started in it."), code="closed")
    if campaign.status != Campaign.Status.OPEN:
        raise ApplicationError(_("The campaign is not open yet."), code="not_open")
    if not getattr(supplier, "is_active", True):
        raise ApplicationError(_("This supplier was merged into another one; assess that one instead."))
    actor = user if getattr(user, "is_authenticated", False) else None
    answered, total = validation.progress(campaign.template_version.definition, {})
    assessment, created = Assessment.objects.get_or_create(
        campaign=campaign,
        member_state=member_state,
        supplier=supplier,
        defaults={"created_by": actor, "answered_required": answered, "total_required": total},
    )
    if created:
        audit_log(
            action="create",
            actor=actor,
            obj=assessment,
            summary=f"Started the assessment of {supplier} by {member_state.eu_code} in {campaign}",
        )
        dashboard_invalidate(campaign_id=campaign.pk)
    return assessment


@transaction.atomic
def campaign_status_set(*, campaign: Campaign, status: str, user, request=None) -> Campaign:
    """Open or close `campaign` (a coordinator's decision, audited)."""
    previous = campaign.status
    if previous == status:
        return campaign
    campaign.status = status
    campaign.save(update_fields=["status", "updated_at"])
    audit_log(
        action="update",
        actor=user,
        obj=campaign,
        summary=f"Campaign {campaign.name}: {previous} -> {status}",
        data={"status": status},
        request=request,
    )
    dashboard_invalidate(campaign_id=None)
    return campaign


@transaction.atomic
def assessment_tlp_set(*, assessment: Assessment, user, tlp: str, expected_version: int) -> Assessment:
    """Set the Traffic Light Protocol marking of an editable assessment of the user's member state.
    The version check is the one of the answers: a stale `expected_version` raises StaleEdit."""
    if tlp not in TLP_VALUES:
        raise ApplicationError(
            _("Unknown TLP marking."),
            errors={"tlp": [_("Choose one of: %(markings)s.") % {"markings": ", ".join(TLP_VALUES)}]},
        )
    if not access.can_edit(user, assessment):
        raise PermissionDenied(_("This assessment cannot be changed now."))
    rows = Assessment.objects.filter(pk=assessment.pk, version=expected_version, status__in=Assessment.EDITABLE).update(
        tlp=tlp, version=F("version") + 1, updated_at=timezone.now()
    )
    if rows == 0:
        current = Assessment.objects.filter(pk=assessment.pk).values_list("version", flat=True).first()
        raise StaleEdit(current_version=current)
    old = assessment.tlp
    assessment.refresh_from_db()
    if old != tlp:
        audit_log(
            action="update",
            actor=user,
            obj=assessment,
            summary=f"Marked {assessment} {tlp} (was {old})",
            data={"tlp": tlp, "version": assessment.version},
        )
    return assessment


@transaction.atomic
def answers_save(
    *,
    assessment: Assessment,
    user,
    values: dict[str, Any],
    comments: dict[str, str] | None = None,
    expected_version: int,
    base: Mapping[str, Any] | None = None,
    confirmed: Iterable[str] = (),
) -> Assessment:
    """Save some answers (and comments) of a draft or returned assessment.

    Every value is validated; with any error nothing is saved and ApplicationError(errors=
    {question_key: [message]}) is raised. None or "" deletes an answer. Answers to questions hidden
    by their condition are ignored. A stale `expected_version` raises StaleEdit.

    `base` ({"values": {key: value}, "comments": {key: text}}, as the editor's page was drawn) makes
    the version check per field: only what the editor changed from its base is written, and a save
    after someone else's is refused (StaleEdit with `conflicts`) only where both changed the same
    answer or comment; otherwise both changes are kept.

    An answer carried over from last year stops being marked so when it is changed, or when its key
    is in `confirmed` (the user ticked "confirmed").
    """
    _require_national(user, assessment)
    _require_editable(assessment)
    comments = comments or {}
    definition = _definition(assessment)
    questions = list(iter_questions(definition))
    by_key = {q["key"]: q for q in questions}

    errors: dict[str, list[str]] = {}
    for key in list(values) + list(comments):
        if key not in by_key:
            errors.setdefault(key, ["This question is not part of the questionnaire."])

    # Validate every value first, then decide visibility on the answers as they will be: a
    # question hidden by the new values is ignored, whatever its field held.
    normalised: dict[str, Any] = {}
    value_errors: dict[str, str] = {}
    for key, value in values.items():
        if key not in by_key:
            continue
        try:
            normalised[key] = validation.validate_answer(by_key[key], value)
        except validation.AnswerError as e:
            value_errors[key] = e.message
    # Read once, before the version bump: a save in between makes the version check below fail.
    existing = {a.question_key: a for a in Answer.objects.filter(assessment=assessment)}
    current = {key: answer.value for key, answer in existing.items()}
    tentative = {k: v for k, v in current.items() if v is not None}
    for key, value in values.items():
        if key in by_key:
            tentative[key] = normalised.get(key, value)
    shown = set(visible_question_keys(questions, {k: v for k, v in tentative.items() if v is not None}))
    cleaned = {key: value for key, value in normalised.items() if key in shown}
    for key, message in value_errors.items():
        if key in shown:
            errors.setdefault(key, []).append(message)
    clean_comments: dict[str, str] = {}
    for key, comment in comments.items():
        if key not in by_key:
            continue
        text = (comment or "").replace("\x00", "").replace("\r\n", "\n").strip()
        if len(text) > 2000:
            errors.setdefault(key, []).append(
                _("Keep the comment to 2000 characters (you entered %(length)s).") % {"length": len(text)}
            )
            continue
        clean_comments[key] = text
    if errors:
        raise ApplicationError(
            _("Some answers need correcting. Nothing from this page was saved yet; your earlier answers are safe."),
            errors=errors,
        )

    if base is not None:
        cleaned, clean_comments, expected_version = _merge_with_base(
            assessment, user, base, cleaned, clean_comments, existing, expected_version
        )

    new_answers = {k: v for k, v in current.items()}
    for key, value in cleaned.items():
        if value is None:
            new_answers.pop(key, None)
        else:
            new_answers[key] = value
    answered, total = validation.progress(definition, {k: v for k, v in new_answers.items() if v is not None})

    updates: dict[str, Any] = {
        "version": F("version") + 1,
        "updated_at": timezone.now(),
        "answered_required": answered,
        "total_required": total,
    }
    if assessment.status == Assessment.Status.RETURNED:
        updates["status"] = Assessment.Status.DRAFT
    rows = Assessment.objects.filter(pk=assessment.pk, version=expected_version, status__in=Assessment.EDITABLE).update(
        **updates
    )
    if rows == 0:
        fresh = Assessment.objects.select_related("campaign").get(pk=assessment.pk)
        if fresh.version != expected_version:
            raise StaleEdit(current_version=fresh.version)
        _require_editable(fresh)
        raise StaleEdit(current_version=fresh.version)
    if "status" in updates:  # returned -> draft: the campaign's progress changes
        dashboard_invalidate(campaign_id=assessment.campaign_id)

    actor = user if getattr(user, "is_authenticated", False) else None
    touched = sorted(set(cleaned) | set(clean_comments))
    for key in touched:
        answer = existing.get(key)
        value = cleaned[key] if key in cleaned else (answer.value if answer else None)
        comment = clean_comments[key] if key in clean_comments else (answer.comment if answer else "")
        if value is None and not comment:
            if answer is not None:
                answer.delete()
            continue
        if answer is None:
            Answer.objects.create(
                assessment=assessment, question_key=key, value=value, comment=comment, updated_by=actor
            )
        elif answer.value != value or answer.comment != comment:
            answer.value, answer.comment, answer.updated_by = value, comment, actor
            answer.carried_over = False
            answer.save(update_fields=["value", "comment", "updated_by", "updated_at", "carried_over"])
    confirmed_keys = set(confirmed) & set(by_key)
    if confirmed_keys:
        Answer.objects.filter(assessment=assessment, question_key__in=confirmed_keys, carried_over=True).update(
            carried_over=False, updated_by=actor
        )

    # What the conditional UPDATE wrote, without reading the row (and its relations) again.
    assessment.version = expected_version + 1
    assessment.updated_at = updates["updated_at"]
    assessment.answered_required, assessment.total_required = answered, total
    assessment.status = updates.get("status", assessment.status)
    audit_log(
        action="update",
        actor=actor,
        obj=assessment,
        summary=f"Saved {len(touched)} {'answer' if len(touched) == 1 else 'answers'} of {assessment}",
        data={"questions": touched, "version": assessment.version},
    )
    return assessment


def _supplier_facts(assessment: Assessment) -> dict[str, Any]:
    """The facts about the supplier that the scoring rules read, frozen with the revision."""
    from riskassess.scoring.services import facts_for_supplier

    return facts_for_supplier(named_in_2023_communication=assessment.supplier.named_in_2023_communication)


def _merge_with_base(
    assessment: Assessment,
    user,
    base: Mapping[str, Any],
    cleaned: dict[str, Any],
    clean_comments: dict[str, str],
    existing: dict[str, Answer],
    expected_version: int,
) -> tuple[dict[str, Any], dict[str, str], int]:
    """The per-field version check of `answers_save`: (what to write, its comments, the version to
    write on). Raises StaleEdit where the editor and a save in between changed the same field."""
    raw_values, raw_comments = base.get("values"), base.get("comments")
    base_values: Mapping[str, Any] = raw_values if isinstance(raw_values, Mapping) else {}
    base_comments: Mapping[str, Any] = raw_comments if isinstance(raw_comments, Mapping) else {}
    values = {k: v for k, v in cleaned.items() if v != base_values.get(k)}
    comments = {k: c for k, c in clean_comments.items() if c != (base_comments.get(k) or "")}
    current_version = Assessment.objects.filter(pk=assessment.pk).values_list("version", flat=True).get()
    if current_version == expected_version:
        return values, comments, expected_version
    conflicts: set[str] = set()
    others: set[int | None] = set()
    for key, value in values.items():
        answer = existing.get(key)
        theirs = answer.value if answer else None
        if theirs != base_values.get(key) and theirs != value:
            conflicts.add(key)
            others.add(answer.updated_by_id if answer else None)
    for key, comment in comments.items():
        answer = existing.get(key)
        theirs = answer.comment if answer else ""
        if theirs != (base_comments.get(key) or "") and theirs != comment:
            conflicts.add(key)
            others.add(answer.updated_by_id if answer else None)
    if conflicts:
        same_user = others == {getattr(user, "pk", None)}
        message = (
            _("You saved this assessment in another window or tab after this page was opened. ")
            if same_user
            else _("Someone else saved this assessment after you opened it. ")
        )
        raise StaleEdit(
            str(message) + str(_("Your input is still on the page; the answers changed on both sides are marked.")),
            current_version=current_version,
            conflicts=sorted(conflicts),
            changed=sorted(set(values) | set(comments)),
            same_user=same_user,
        )
    # Only other answers changed in between: keep theirs and write ours on the current version.
    return values, comments, current_version


def _same_question(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    keys = ("type", "text", "choices", "fields", "min", "max", "unit")
    return all(old.get(k) == new.get(k) for k in keys)


@transaction.atomic
def assessment_carry_over(*, assessment: Assessment, user) -> int:
    """Start from last year: copy the answers of the same state's assessment of the same supplier in
    the latest earlier campaign (its latest submitted revision) into a new, still empty assessment,
    for the questions that are the same (type, wording, choices and fields). Each copy is marked
    "carried over" until the user confirms or changes it. Returns the number of answers copied."""
    _require_national(user, assessment)
    _require_editable(assessment)
    if Answer.objects.filter(assessment=assessment).exists():
        raise ApplicationError(str(_("This assessment has answers already: nothing was carried over.")))
    previous = (
        Revision.objects.filter(
            assessment__member_state_id=assessment.member_state_id,
            assessment__supplier_id=assessment.supplier_id,
            assessment__campaign__opens_on__lt=assessment.campaign.opens_on,
        )
        .select_related("template_version")
        .order_by("-assessment__campaign__opens_on", "-number")
        .first()
    )
    if previous is None:
        return 0
    old_questions = {q["key"]: q for q in iter_questions(previous.template_version.definition)}
    actor = user if getattr(user, "is_authenticated", False) else None
    rows = []
    for q in iter_questions(_definition(assessment)):
        old = old_questions.get(q["key"])
        value = (previous.answers or {}).get(q["key"])
        if old is None or value is None or not _same_question(old, q):
            continue
        try:
            value = validation.validate_answer(q, value)
        except validation.AnswerError:
            continue
        if value is not None:
            rows.append(
                Answer(assessment=assessment, question_key=q["key"], value=value, updated_by=actor, carried_over=True)
            )
    Answer.objects.bulk_create(rows)
    answered, total = validation.progress(_definition(assessment), {a.question_key: a.value for a in rows})
    Assessment.objects.filter(pk=assessment.pk).update(
        answered_required=answered, total_required=total, version=F("version") + 1
    )
    assessment.refresh_from_db()
    audit_log(
        action="update",
        actor=actor,
        obj=assessment,
        summary=f"Carried over {len(rows)} answers of assessment {previous.assessment_id}, revision {previous.number}",
        data={"from_assessment": previous.assessment_id, "revision": previous.number, "questions": len(rows)},
    )
    return len(rows)


def _evidence_snapshot(assessment: Assessment, shown: set[str]) -> list[dict[str, Any]]:
    return [
        {
            "id": e.pk,
            "question_key": e.question_key,
            "item_id": e.item_id,
            "name": e.original_name,
            "sha256": e.sha256,
            "size": e.size,
            "content_type": e.content_type,
            "url": e.url,
            "description": e.description,
        }
        for e in Evidence.objects.filter(assessment=assessment).order_by("question_key", "created_at")
        if e.question_key in shown
    ]


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user, expected_version: int | None = None) -> Revision:
    """Freeze the visible answers as the next revision, mark the assessment submitted and ask for
    its score (queued once the transaction commits)."""
    from riskassess.scoring.services import scoring_request

    _require_national(user, assessment)
    _require_editable(assessment)
    definition = _definition(assessment)
    questions = list(iter_questions(definition))
    answers = {k: v for k, v in _current_answers(assessment).items() if v is not None}
    missing = validation.missing_required(definition, answers)
    if missing:
        by_key = {q["key"]: q for q in questions}
        raise ApplicationError(
            ngettext(
                "%(n)d required question is not answered yet.",
                "%(n)d required questions are not answered yet.",
                len(missing),
            )
            % {"n": len(missing)},
            errors={key: [f"{key}: answer this question before submitting ({by_key[key]['text']})"] for key in missing},
            code="incomplete",
        )
    visible = visible_answers(questions, answers)
    shown = set(visible_question_keys(questions, answers))
    comments = {
        key: comment
        for key, comment in Answer.objects.filter(assessment=assessment)
        .exclude(comment="")
        .values_list("question_key", "comment")
        if key in shown
    }
    now = timezone.now()
    filters: dict[str, Any] = {"pk": assessment.pk, "status__in": Assessment.EDITABLE}
    if expected_version is not None:
        filters["version"] = expected_version
    number = assessment.current_revision + 1
    rows = Assessment.objects.filter(current_revision=assessment.current_revision, **filters).update(
        status=Assessment.Status.SUBMITTED,
        submitted_by=user,
        submitted_at=now,
        current_revision=number,
        version=F("version") + 1,
        decided_by=None,
        decided_at=None,
        decision_comment="",
        updated_at=now,
    )
    if rows == 0:
        fresh = Assessment.objects.select_related("campaign").get(pk=assessment.pk)
        if expected_version is not None and fresh.version != expected_version:
            raise StaleEdit(current_version=fresh.version)
        _require_editable(fresh)
        raise StaleEdit(current_version=fresh.version)
    revision = Revision.objects.create(
        assessment=assessment,
        number=number,
        template_version=assessment.campaign.template_version,
        answers=visible,
        comments=comments,
        evidence=_evidence_snapshot(assessment, shown),
        assessment_date=timezone.localdate(now),
        facts=_supplier_facts(assessment),
        submitted_by=user,
        submitted_at=now,
    )
    assessment.refresh_from_db()
    audit_log(
        action="submit",
        actor=user,
        obj=assessment,
        summary=f"Submitted revision {number} of {assessment}",
        data={"revision": number},
    )
    scoring_request(revision=revision)
    dashboard_invalidate(campaign_id=assessment.campaign_id)
    return revision


def _decide_checks(assessment: Assessment, user) -> None:
    if refusal := access.decide_refusal(user, assessment):
        raise refusal


def _decide(assessment: Assessment, user, status: str, comment: str) -> Assessment:
    now = timezone.now()
    rows = Assessment.objects.filter(
        pk=assessment.pk, status=Assessment.Status.SUBMITTED, current_revision=assessment.current_revision
    ).update(
        status=status,
        decided_by=user,
        decided_at=now,
        decision_comment=comment,
        version=F("version") + 1,
        updated_at=now,
    )
    if rows == 0:
        raise ApplicationError(
            _("Someone else decided on this assessment in the meantime. Reload the page."), code="stale"
        )
    assessment.refresh_from_db()
    dashboard_invalidate(campaign_id=assessment.campaign_id)
    return assessment


def _question_comments_clean(assessment: Assessment, question_comments: Mapping[str, str] | None) -> dict[str, str]:
    """The approver's per-question comments, checked: known questions, at most 2000 characters."""
    by_key = {q["key"] for q in iter_questions(_definition(assessment))}
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for key, text in (question_comments or {}).items():
        text = (text or "").replace("\x00", "").replace("\r\n", "\n").strip()
        if not text:
            continue
        if key not in by_key:
            errors.setdefault(key, []).append(str(_("This question is not part of the questionnaire.")))
        elif len(text) > 2000:
            errors.setdefault(key, []).append(str(_("Keep the comment to 2000 characters.")))
        else:
            cleaned[key] = text
    if errors:
        raise ApplicationError(str(_("Some comments need correcting; nothing was decided yet.")), errors=errors)
    return cleaned


def _question_comments_save(assessment: Assessment, user, comments: dict[str, str]) -> None:
    ReviewComment.objects.bulk_create(
        ReviewComment(
            assessment=assessment,
            revision_number=assessment.current_revision,
            question_key=key,
            text=text,
            author=user,
        )
        for key, text in sorted(comments.items())
    )


@transaction.atomic
def assessment_approve(
    *, assessment: Assessment, user, comment: str = "", question_comments: Mapping[str, str] | None = None
) -> Assessment:
    """Approve the submitted revision (four eyes) and update the state's designation register
    from its section D answers. `question_comments` ({question key: text}) are kept at their questions."""
    from riskassess.suppliers.services import designation_sync_from_revision

    _decide_checks(assessment, user)
    comment = (comment or "").strip()[:2000]
    per_question = _question_comments_clean(assessment, question_comments)
    assessment = _decide(assessment, user, Assessment.Status.APPROVED, comment)
    _question_comments_save(assessment, user, per_question)
    revision = Revision.objects.get(assessment=assessment, number=assessment.current_revision)
    designation_sync_from_revision(revision=revision, user=user)
    audit_log(
        action="approve",
        actor=user,
        obj=assessment,
        summary=f"Approved revision {revision.number} of {assessment}",
        data={"revision": revision.number, "comment": comment},
    )
    return assessment


@transaction.atomic
def assessment_return(
    *, assessment: Assessment, user, comment: str, question_comments: Mapping[str, str] | None = None
) -> Assessment:
    """Send a submitted assessment back to its regulators, with the reason; `question_comments`
    ({question key: text}) are shown to them at their questions."""
    _decide_checks(assessment, user)
    comment = (comment or "").strip()
    per_question = _question_comments_clean(assessment, question_comments)
    if per_question and not comment:
        comment = str(_("See the comments at the questions."))
    if not comment:
        raise ApplicationError(
            _("Say why you return the assessment, so the regulator knows what to change."),
            errors={"comment": ["Enter the reason for returning the assessment."]},
        )
    if len(comment) > 2000:
        raise ApplicationError(
            _("The comment is too long."), errors={"comment": ["Keep the comment to 2000 characters."]}
        )
    assessment = _decide(assessment, user, Assessment.Status.RETURNED, comment)
    _question_comments_save(assessment, user, per_question)
    audit_log(
        action="return",
        actor=user,
        obj=assessment,
        summary=f"Returned revision {assessment.current_revision} of {assessment}",
        data={"revision": assessment.current_revision, "comment": comment},
    )
    return assessment


# ---------------------------------------------------------------------------------------------
# Evidence
# ---------------------------------------------------------------------------------------------


def _check_assessment_quota(assessment: Assessment, *, incoming: int, refuse) -> None:
    """At most EVIDENCE_MAX_FILES_PER_ASSESSMENT files and EVIDENCE_MAX_TOTAL_BYTES_PER_ASSESSMENT
    bytes per assessment. The assessment row is locked (PostgreSQL), so that two uploads at the
    same time cannot both pass the last free place."""
    Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("pk", flat=True).first()
    files = Evidence.objects.filter(assessment=assessment, kind=Evidence.Kind.FILE)
    count = files.count()
    max_files: int = settings.EVIDENCE_MAX_FILES_PER_ASSESSMENT
    if count >= max_files:
        refuse(
            ngettext(
                "This assessment already has %(count)s file, the limit is %(max_files)s. "
                "Remove a file you no longer need, or attach a link instead.",
                "This assessment already has %(count)s files, the limit is %(max_files)s. "
                "Remove a file you no longer need, or attach a link instead.",
                count,
            )
            % {"count": count, "max_files": max_files}
        )
    max_total: int = settings.EVIDENCE_MAX_TOTAL_BYTES_PER_ASSESSMENT
    used = files.aggregate(total=models.Sum("size"))["total"] or 0
    if used + incoming > max_total:
        refuse(
            _(
                "The files of this assessment would take more than %(megabytes)s MB, the limit. "
                "Remove a file you no longer need, or attach a link instead."
            )
            % {"megabytes": f"{max_total / (1024 * 1024):.0f}"}
        )


def _safe_name(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C")
    return name.strip()[:255] or "file"


def _check_question(assessment: Assessment, question_key: str, item_id: str) -> dict[str, Any]:
    by_key = {q["key"]: q for q in iter_questions(_definition(assessment))}
    question = by_key.get(question_key)
    if question is None:
        raise ApplicationError(
            _("This question is not part of the questionnaire."), errors={"question_key": ["Unknown question."]}
        )
    if not question.get("evidence") and question.get("type") != "repeat":
        raise ApplicationError(
            _("This question does not take evidence."),
            errors={"question_key": ["This question does not take evidence."]},
        )
    if item_id:
        current = Answer.objects.filter(assessment=assessment, question_key=question_key).values_list(
            "value", flat=True
        )
        items = next(iter(current), None) or []
        if question.get("type") != "repeat" or not any(isinstance(i, dict) and i.get("id") == item_id for i in items):
            raise ApplicationError(
                _("Save the item first, then attach its evidence."),
                errors={"item_id": ["Save the item first, then attach its evidence."]},
            )
    return question


@transaction.atomic
def evidence_add_file(
    *,
    assessment: Assessment,
    user,
    question_key: str,
    item_id: str = "",
    uploaded_file,
    description: str = "",
) -> Evidence:
    """Attach an uploaded file. Its type is checked by content against an allow-list, its size
    against EVIDENCE_MAX_BYTES; its SHA-256 is computed while streaming. The client's name is kept
    as text only: the stored path is random."""
    _require_national(user, assessment)
    _require_editable(assessment)
    _check_question(assessment, question_key, item_id)
    limit = settings.EVIDENCE_MAX_BYTES
    limit_text = f"{limit / (1024 * 1024):.0f} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
    name = _safe_name(getattr(uploaded_file, "name", "") or "")

    def refuse(message: str):
        raise ApplicationError(message, errors={"file": [message]}, code="bad_file")

    if getattr(uploaded_file, "size", 0) and uploaded_file.size > limit:
        refuse(
            _("The file is larger than %(limit)s, the limit. Attach a smaller file or a link to it.")
            % {"limit": limit_text}
        )
    file_kind = filetypes.file_kind(name)
    if file_kind is None:
        refuse(
            _("Files of this type are not accepted. Attach a %(ACCEPTED_TYPES_TEXT)s file.")
            % {"ACCEPTED_TYPES_TEXT": filetypes.ACCEPTED_TYPES_TEXT}
        )
    assert file_kind is not None
    kind, label, content_type = file_kind.kind, file_kind.label, file_kind.content_type
    _check_assessment_quota(assessment, incoming=int(getattr(uploaded_file, "size", 0) or 0), refuse=refuse)

    digest = hashlib.sha256()
    size = 0
    head = b""
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        size += len(chunk)
        if size > limit:
            refuse(
                _("The file is larger than %(limit)s, the limit. Attach a smaller file or a link to it.")
                % {"limit": limit_text}
            )
        if len(head) < 8192:
            head += chunk[: 8192 - len(head)]
        if kind == "text" and b"\x00" in chunk:
            refuse(_("This file says it is %(label)s but its content is not.") % {"label": label})
        digest.update(chunk)
    if size == 0:
        refuse(_("The file is empty."))
    _check_assessment_quota(assessment, incoming=size, refuse=refuse)
    uploaded_file.seek(0)
    problem = filetypes.content_problem(file_kind, head, uploaded_file)
    if problem:
        refuse(problem)
    if kind == "text":
        try:
            decoder = io.TextIOWrapper(uploaded_file, encoding="utf-8", errors="strict")
            for _chunk in iter(lambda: decoder.read(65536), ""):
                pass
            decoder.detach()
        except UnicodeDecodeError:
            refuse(
                _("This file says it is %(label)s but it is not UTF-8 text. Save it as UTF-8 and try again.")
                % {"label": label}
            )
        uploaded_file.seek(0)

    actor = user if getattr(user, "is_authenticated", False) else None
    evidence = Evidence(
        assessment=assessment,
        question_key=question_key,
        item_id=item_id or "",
        kind=Evidence.Kind.FILE,
        original_name=name,
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        description=(description or "").strip()[:500],
        uploaded_by=actor,
    )
    evidence.file.save("upload", File(uploaded_file), save=False)
    stored_name = evidence.file.name or ""
    try:
        evidence.save()
    except Exception:
        evidence.file.storage.delete(stored_name)
        raise
    audit_log(
        action="create",
        actor=actor,
        obj=evidence,
        summary=f"Attached {name} to {question_key} of {assessment}",
        data={"sha256": evidence.sha256, "size": size, "assessment": assessment.pk},
    )
    return evidence


@transaction.atomic
def evidence_add_reference(
    *, assessment: Assessment, user, question_key: str, item_id: str = "", url: str, description: str = ""
) -> Evidence:
    """Attach a reference (a web address: stored and shown as text, never fetched)."""
    _require_national(user, assessment)
    _require_editable(assessment)
    _check_question(assessment, question_key, item_id)
    url = (url or "").strip()
    parts = None
    try:
        parts = urlsplit(url)
    except ValueError:
        pass
    if (
        not url
        or len(url) > 500
        or parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() or ord(c) < 32 for c in url)
    ):
        message = "Enter a web address starting with https:// or http://."
        raise ApplicationError(message, errors={"url": [message]})
    actor = user if getattr(user, "is_authenticated", False) else None
    evidence = Evidence.objects.create(
        assessment=assessment,
        question_key=question_key,
        item_id=item_id or "",
        kind=Evidence.Kind.REFERENCE,
        url=url,
        description=(description or "").strip()[:500],
        uploaded_by=actor,
    )
    audit_log(
        action="create",
        actor=actor,
        obj=evidence,
        summary=f"Linked {url[:200]} to {question_key} of {assessment}",
        data={"assessment": assessment.pk},
    )
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, user) -> None:
    """Remove evidence from a draft. Evidence frozen in a submitted revision is kept for the record."""
    assessment = Assessment.objects.select_related("campaign").get(pk=evidence.assessment_id)
    _require_national(user, assessment)
    _require_editable(assessment)
    for number, items in Revision.objects.filter(assessment=assessment).values_list("number", "evidence"):
        if any(isinstance(i, dict) and i.get("id") == evidence.pk for i in items or []):
            raise ApplicationError(
                _("This evidence is part of submitted revision %(number)s and is kept for the record.")
                % {"number": number},
                code="frozen",
            )
    stored_name = evidence.file.name if evidence.file else ""
    storage = evidence.file.storage if evidence.file else None
    audit_log(
        action="delete",
        actor=user,
        obj=evidence,
        summary=f"Removed {evidence} from {evidence.question_key} of {assessment}",
        data={"sha256": evidence.sha256, "assessment": assessment.pk},
    )
    evidence.delete()
    if stored_name and storage is not None:
        transaction.on_commit(lambda: storage.delete(stored_name))
