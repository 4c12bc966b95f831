"""Reads for questionnaires: what a user may see, and the one access helper per object type.

Visibility (DESIGN.md section 1):
- regulator / approver: every assessment of their own member state, in every status;
- EU coordinator: assessments submitted at least once (current_revision >= 1), and only their
  frozen revisions: draft answers never leave the member state;
- observer: none (aggregates only).

A user who asks for an object they may not see gets 404, never 403: existence is not leaked.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from riskassess.confidentiality import (
    WITHHELD_MESSAGE,
    evidence_keys_withheld,
    revision_for_viewer,
    viewer_for_user,
)
from riskassess.questionnaires.access import AssessmentAccess, access_for, is_own_state
from riskassess.questionnaires.models import Answer, Assessment, Campaign, Evidence, Revision


def assessments_visible_to(user) -> QuerySet[Assessment]:
    qs = Assessment.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_national:
        return qs.filter(member_state_id=user.member_state_id)
    if user.is_coordinator:
        return qs.filter(current_revision__gte=1)
    return qs.none()


def assessment_access(*, user, pk, with_definition: bool = True) -> AssessmentAccess:
    """The assessment `pk` if `user` may see it (else 404), with what they may do with it
    (questionnaires/access.py): the one access decision of views and APIs alike.

    with_definition=False does not load the template version (its definition is some 40 KB), for
    callers that do not read the questions (API reads of the assessment itself)."""
    related = ["campaign", "member_state", "supplier"]
    if with_definition:
        related.append("campaign__template_version")
    qs = assessments_visible_to(user).select_related(*related)
    return access_for(user, get_object_or_404(qs, pk=pk))


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
