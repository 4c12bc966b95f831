"""Who may do what with an assessment: decided here, once (docs/access.md).

`selectors.assessment_access` fetches an assessment the user may see (404 otherwise: existence is
never leaked) and returns it with what the user may do with it; views and APIs read those answers,
and the services guard their writes with the same predicates below, never with copies of them.

- read: the assessment is visible (selectors.assessments_visible_to);
- own_state: a regulator or approver of its member state, who may read the draft answers, the
  evidence and section D;
- edit / submit: own state, while the assessment is editable (draft or returned, campaign not
  closed); whether every required question is answered is the submit service's check;
- decide (approve or return): an approver of its member state, the assessment submitted, the
  campaign not closed, and not the person who submitted it (four eyes).
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires.models import Answer, Assessment, Campaign


def is_own_state(user: Any, assessment: Assessment) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_national
        and user.member_state_id == assessment.member_state_id
    )


def can_edit(user: Any, assessment: Assessment) -> bool:
    return is_own_state(user, assessment) and assessment.is_editable


def can_submit(user: Any, assessment: Assessment) -> bool:
    return can_edit(user, assessment)


def decide_refusal(user: Any, assessment: Assessment) -> PermissionDenied | ApplicationError | None:
    """Why `user` may not approve or return `assessment` now (None: they may)."""
    if not is_own_state(user, assessment):
        return PermissionDenied(_("Only the regulators and approvers of this member state may do this."))
    if not user.is_approver:
        return PermissionDenied(_("Only an approver of this member state may approve or return an assessment."))
    if assessment.campaign.status == Campaign.Status.CLOSED:
        return ApplicationError(_("The campaign is closed: its assessments can no longer be changed."), code="closed")
    if assessment.status != Assessment.Status.SUBMITTED:
        return ApplicationError(
            _("Only a submitted assessment can be approved or returned; this one is %(status)s.")
            % {"status": assessment.get_status_display().lower()},
            code="not_submitted",
        )
    if assessment.submitted_by_id is not None and assessment.submitted_by_id == user.pk:
        return ApplicationError(
            _("You submitted this assessment, so another approver must decide on it (four-eyes principle)."),
            code="four_eyes",
        )
    # Four eyes means another person than whoever wrote the answers, not only than whoever clicked
    # "submit". Asked last, so that only a decision that is otherwise possible costs the query.
    if Answer.objects.filter(assessment=assessment, updated_by=user).exists():
        return ApplicationError(
            _("You wrote answers of this assessment, so another approver must decide on it (four-eyes principle)."),
            code="four_eyes",
        )
    return None


@dataclass(frozen=True, slots=True)
class AssessmentAccess:
    """An assessment the user may read, and what else they may do with it."""

    assessment: Assessment
    own_state: bool
    edit: bool
    submit: bool
    decide: bool
    # The code of the reason `decide` is False when it is a rule of the workflow ("four_eyes",
    # "closed", "not_submitted"), "" otherwise: lets a page say why.
    decide_refusal: str = ""
    read: bool = True

    def require_edit(self) -> Assessment:
        """The assessment, or PermissionDenied when it cannot be changed by this user now."""
        if not self.edit:
            raise PermissionDenied(_("This assessment cannot be changed now."))
        return self.assessment


def access_for(user: Any, assessment: Assessment) -> AssessmentAccess:
    """What `user` may do with `assessment` (which they may read: fetch it with the selectors)."""
    refusal = decide_refusal(user, assessment)
    return AssessmentAccess(
        assessment=assessment,
        own_state=is_own_state(user, assessment),
        edit=can_edit(user, assessment),
        submit=can_submit(user, assessment),
        decide=refusal is None,
        decide_refusal=getattr(refusal, "code", "") if isinstance(refusal, ApplicationError) else "",
    )
