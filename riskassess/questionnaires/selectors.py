"""Reads for questionnaires: what a user may see, and the one access helper per object type.

Visibility (DESIGN.md section 1):
- regulator / approver: every assessment of their own member state, in every status;
- EU coordinator: assessments submitted at least once (current_revision >= 1), and only their
  frozen revisions: draft answers never leave the member state;
- observer: none (aggregates only).

A user who asks for an object they may not see gets 404, never 403: existence is not leaked.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from riskassess.confidentiality import (
    REPORTED_STATUSES,
    WITHHELD_MESSAGE,
    evidence_keys_withheld,
    revision_for_viewer,
    viewer_for_user,
)
from riskassess.questionnaires.access import AssessmentAccess, access_for, is_own_state
from riskassess.questionnaires.definition import questions_by_key
from riskassess.questionnaires.models import Answer, Assessment, Campaign, Evidence, Revision, StateDeadline


def assessments_visible_to(user) -> QuerySet[Assessment]:
    qs = Assessment.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_national:
        return qs.filter(member_state_id=user.member_state_id)
    if user.is_coordinator:
        # Drafts and returned assessments stay with their member state, as on every EU output.
        return qs.filter(current_revision__gte=1, status__in=REPORTED_STATUSES)
    return qs.none()


def assessment_access(*, user, pk, with_definition: bool = True, with_parties: bool = True) -> AssessmentAccess:
    """The assessment `pk` if `user` may see it (else 404), with what they may do with it
    (questionnaires/access.py): the one access decision of views and APIs alike.

    with_definition=False does not load the template version (its definition is some 40 KB), for
    callers that do not read the questions (API reads of the assessment itself); with_parties=False
    does not join its member state and supplier, for callers that show neither (the answers read:
    the access decision needs the campaign only)."""
    related = ["campaign", "member_state", "supplier"] if with_parties else ["campaign"]
    if with_definition:
        related.append("campaign__template_version")
    qs = assessments_visible_to(user).select_related(*related)
    return access_for(user, get_object_or_404(qs, pk=pk))


# The columns of an assessment list row (API list pages): {output name: column or lookup}.
ASSESSMENT_LIST_COLUMNS = {
    "id": "id",
    "campaign": "campaign_id",
    "campaign_name": "campaign__name",
    "member_state": "member_state__eu_code",
    "supplier": "supplier_id",
    "supplier_name": "supplier__name",
    "status": "status",
    "version": "version",
    "current_revision": "current_revision",
    "answered_required": "answered_required",
    "total_required": "total_required",
    "tlp": "tlp",
    "submitted_at": "submitted_at",
    "decided_at": "decided_at",
    "created_at": "created_at",
    "updated_at": "updated_at",
}


def assessment_list_rows(queryset: QuerySet[Assessment]) -> QuerySet:
    """`queryset` (already limited to what the user may see, filtered and ordered) as tuples of
    the ASSESSMENT_LIST_COLUMNS, in their order: one joined SELECT, no model objects. Building an
    Assessment with its campaign, member state and supplier for each of 50 rows was half the time
    of a list page."""
    return queryset.values_list(*ASSESSMENT_LIST_COLUMNS.values())


def evidence_get_for_user(*, user, pk) -> Evidence:
    """Evidence `pk` if `user` may see it (evidence_visible_for): 404 otherwise."""
    # A withheld evidence answers exactly as one that does not exist (same 404, same message).
    evidence = (
        Evidence.objects.filter(assessment__in=assessments_visible_to(user))
        .select_related("assessment__campaign__template_version")
        .filter(pk=pk)
        .first()
    )
    if (
        evidence is None
        or not evidence_visible_for(user=user, assessment=evidence.assessment).filter(pk=evidence.pk).exists()
    ):
        raise Http404(WITHHELD_MESSAGE)
    return evidence


def revision_get_for_user(*, user, assessment_pk, number) -> Revision:
    assessment = assessment_access(user=user, pk=assessment_pk).assessment
    revision = get_object_or_404(
        Revision.objects.select_related("template_version"), assessment=assessment, number=number
    )
    revision.assessment = assessment
    return revision


def revisions_for_assessment(*, assessment: Assessment) -> QuerySet[Revision]:
    return Revision.objects.filter(assessment=assessment).select_related("submitted_by").order_by("-number")


def answers_for_assessment(*, assessment: Assessment) -> dict[str, Any]:
    """The current (draft) answers, {question_key: value}. Only for the assessment's own member state."""
    return dict(Answer.objects.filter(assessment=assessment).values_list("question_key", "value"))


def comments_for_assessment(*, assessment: Assessment) -> dict[str, str]:
    return {
        key: comment
        for key, comment in Answer.objects.filter(assessment=assessment)
        .exclude(comment="")
        .values_list("question_key", "comment")
    }


def answers_and_comments_for_assessment(*, assessment: Assessment) -> tuple[dict[str, Any], dict[str, str]]:
    """Both of the above from one query."""
    answers: dict[str, Any] = {}
    comments: dict[str, str] = {}
    for key, value, comment in Answer.objects.filter(assessment=assessment).values_list(
        "question_key", "value", "comment"
    ):
        answers[key] = value
        if comment:
            comments[key] = comment
    return answers, comments


def evidence_for_assessment(*, assessment: Assessment) -> QuerySet[Evidence]:
    return Evidence.objects.filter(assessment=assessment).order_by("question_key", "created_at")


def evidence_visible_for(*, user, assessment: Assessment) -> QuerySet[Evidence]:
    """The evidence of `assessment` that `user` may list. Outside the member state: only what a
    submitted revision froze, and nothing of section D (designations stay within the state)."""
    qs = evidence_for_assessment(assessment=assessment)
    if is_own_state(user, assessment):
        return qs
    frozen_ids = {
        item.get("id")
        for items in Revision.objects.filter(assessment=assessment).values_list("evidence", flat=True)
        for item in (items or [])
        if isinstance(item, dict)
    }
    withheld = evidence_keys_withheld(
        viewer=viewer_for_user(user),
        member_state_id=assessment.member_state_id,
        definition=assessment.campaign.template_version.definition,
    )
    return qs.filter(pk__in={i for i in frozen_ids if i is not None}).exclude(question_key__in=withheld)


def open_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(status=Campaign.Status.OPEN).select_related("template_version")


def state_deadlines(*, campaign: Campaign) -> dict[int, dt.date]:
    """{member state id: its extended deadline} of a campaign (states without one keep the campaign's)."""
    return dict(StateDeadline.objects.filter(campaign=campaign).values_list("member_state_id", "deadline"))


def deadline_for(*, campaign: Campaign, member_state_id: int | None) -> dt.date:
    """The deadline that applies to one member state: its extension, else the campaign's."""
    if member_state_id is None:
        return campaign.deadline
    return state_deadlines(campaign=campaign).get(member_state_id, campaign.deadline)


def home_assessments(*, user) -> QuerySet[Assessment]:
    """The user's member state's assessments in the open campaigns, by supplier."""
    return (
        assessments_visible_to(user)
        .filter(campaign__status=Campaign.Status.OPEN)
        .select_related("campaign", "supplier", "member_state")
        .order_by("campaign__name", "supplier__name")
    )


def earlier_assessments(*, user) -> QuerySet[Assessment]:
    """The user's member state's assessments in campaigns that are not open (read-only history)."""
    return (
        assessments_visible_to(user)
        .exclude(campaign__status=Campaign.Status.OPEN)
        .select_related("campaign", "supplier")
        .order_by("-campaign__opens_on", "supplier__name")
    )


def revision_as_seen_by(*, user, revision: Revision) -> Revision:
    """`revision` as `user` may read it (riskassess.confidentiality.revision_for_viewer): without
    the designation questions outside its member state. Never saved."""
    return revision_for_viewer(
        revision=revision, viewer=viewer_for_user(user), member_state_id=revision.assessment.member_state_id
    )


# ---------------------------------------------------------------------------------------------
# Review before submit and before a decision
# ---------------------------------------------------------------------------------------------


def _changed(old: Any, new: Any) -> bool:
    empty: tuple[Any, ...] = (None, "", [])
    if old in empty and new in empty:
        return False
    return old != new


def revision_changes(
    *, definition: dict[str, Any], old_answers: dict[str, Any], new_answers: dict[str, Any]
) -> list[dict[str, Any]]:
    """The questions whose answer differs between two sets of answers, in questionnaire order:
    {"q", "old", "new"} with the values as a reader sees them."""
    from riskassess.questionnaires.display import display_items, display_value

    rows = []
    for key, q in questions_by_key(definition).items():
        old, new = old_answers.get(key), new_answers.get(key)
        if not _changed(old, new):
            continue
        row: dict[str, Any] = {"q": q, "old": display_value(q, old), "new": display_value(q, new)}
        if q["type"] == "repeat":
            row["old_items"] = display_items(q, old)
            row["new_items"] = display_items(q, new)
        rows.append(row)
    return rows


def review_comments_by_question(*, assessment: Assessment, revision_number: int | None = None) -> dict[str, list]:
    """The approvers' comments on the questions of `assessment` (of one revision, if given), by question."""
    from riskassess.questionnaires.models import ReviewComment

    qs = ReviewComment.objects.filter(assessment=assessment).select_related("author")
    if revision_number is not None:
        qs = qs.filter(revision_number=revision_number)
    by_key: dict[str, list] = {}
    for comment in qs:
        by_key.setdefault(comment.question_key, []).append(comment)
    return by_key


def submission_review(*, assessment: Assessment, definition: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a regulator checks before submitting: the answers by section, the evidence gaps
    (questions that ask for evidence and have an answer but none attached), the points to be
    clarified (answered "Unknown"), and whether nothing changed since the last revision.
    `definition`: the version's definition as displayed (in the page's language); its own when None."""
    from riskassess.questionnaires.conditions import visible_answers
    from riskassess.questionnaires.definition import iter_questions
    from riskassess.questionnaires.display import display_items, display_value

    definition = definition or assessment.campaign.template_version.definition
    answers, comments = answers_and_comments_for_assessment(assessment=assessment)
    present = {k: v for k, v in answers.items() if v is not None}
    questions = list(iter_questions(definition))
    visible = visible_answers(questions, present)
    with_evidence = set(Evidence.objects.filter(assessment=assessment).values_list("question_key", flat=True))
    sections, gaps, unknown = [], [], []
    for section in definition["sections"]:
        rows = []
        for q in (q for q in questions if q["section"] == section["key"]):
            if q["key"] not in visible:
                continue
            value = visible[q["key"]]
            rows.append(
                {
                    "q": q,
                    "display": display_value(q, value),
                    "items": display_items(q, value) if q["type"] == "repeat" else [],
                    "comment": comments.get(q["key"], ""),
                }
            )
            if q.get("evidence") and q["key"] not in with_evidence and value not in (None, "", [], "unknown"):
                gaps.append(q)
            if value == "unknown":
                unknown.append(q)
        sections.append({"section": section, "rows": rows})
    previous = (
        Revision.objects.filter(assessment=assessment, number=assessment.current_revision).first()
        if assessment.current_revision
        else None
    )
    unchanged = previous is not None and not revision_changes(
        definition=definition, old_answers=previous.answers or {}, new_answers=visible
    )
    return {
        "sections": sections,
        "evidence_gaps": gaps,
        "to_clarify": unknown,
        "previous": previous,
        "unchanged": unchanged,
    }


def approval_queue(*, user) -> QuerySet[Assessment]:
    """What waits for this approver: their state's submitted assessments in open campaigns that
    someone else submitted (four eyes), oldest first."""
    if not (getattr(user, "is_authenticated", False) and user.is_approver):
        return Assessment.objects.none()
    return (
        assessments_visible_to(user)
        .filter(status=Assessment.Status.SUBMITTED, campaign__status=Campaign.Status.OPEN)
        .exclude(submitted_by=user)
        .select_related("campaign", "supplier", "submitted_by")
        .order_by("submitted_at")
    )


def carried_over_keys(*, assessment: Assessment) -> set[str]:
    """The answers copied from last year that nobody confirmed or changed yet."""
    return set(Answer.objects.filter(assessment=assessment, carried_over=True).values_list("question_key", flat=True))
