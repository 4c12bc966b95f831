"""Score pages (server-rendered, htmx): the score panel of an assessment."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from riskassess.confidentiality import viewer_for_user
from riskassess.questionnaires.selectors import assessment_access
from riskassess.scoring.selectors import score_explanation, scoring_state_for_assessment

# Seconds between two polls of the panel while the score is being computed.
POLL_SECONDS = {"queued": 1, "running": 1, "delayed": 5}


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
        "poll_seconds": POLL_SECONDS.get(state["state"]),
        "explanation": score_explanation(score=score, viewer=viewer_for_user(request.user))
        if state["state"] == "done" and score
        else None,
    }
    return render(request, "scoring/_score_panel.html", context)
