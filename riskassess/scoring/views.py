"""Score pages (server-rendered, htmx): the score panel of an assessment."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from riskassess.confidentiality import viewer_for_user
from riskassess.core.polling import Poll, poll_for_request
from riskassess.questionnaires.selectors import assessment_access
from riskassess.questionnaires.wording import template_wording
from riskassess.scoring.selectors import score_explanation, scoring_state_for_assessment

# While the score is being computed the panel polls itself, backing off from 150 ms to 2 s
# (riskassess/core/polling.py); once scoring is known to be delayed, every 5 s.
DELAYED_POLL_MS = 5000


def _poll(request, state: str) -> Poll | None:
    if state in ("queued", "running"):
        return poll_for_request(request)
    if state == "delayed":
        return Poll(attempt=poll_for_request(request).attempt, delay_ms=DELAYED_POLL_MS)
    return None


@require_GET
@login_required
@never_cache
def score_panel(request, pk: int):
    assessment = assessment_access(user=request.user, pk=pk).assessment
    state = scoring_state_for_assessment(assessment=assessment)
    score = state["score"]
    context = {
        "assessment": assessment,
        "state": state["state"],
        "run": state["run"],
        "score": score,
        "poll": _poll(request, state["state"]),
        "explanation": score_explanation(
            score=score,
            viewer=viewer_for_user(request.user),
            # the questionnaire's wording in the page's language (display only)
            shown=template_wording(template_version=score.revision.template_version).definition,
        )
        if state["state"] == "done" and score
        else None,
    }
    return render(request, "scoring/_score_panel.html", context)
