"""The coordinator console: campaigns outside the Django admin, each change behind a confirmation
page that says what will happen. Coordinators only (everyone else gets 404)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from riskassess.console import selectors, services
from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires.models import Campaign


def _require_coordinator(user) -> None:
    if not getattr(user, "is_coordinator", False):
        raise Http404


@login_required
@require_GET
def index(request):
    _require_coordinator(request.user)
    return render(request, "console/index.html", {"campaigns": selectors.campaigns()})


@login_required
@require_GET
def campaign_detail(request, pk: int):
    _require_coordinator(request.user)
    campaign = get_object_or_404(selectors.campaigns(), pk=pk)
    rows = selectors.chase_rows(campaign=campaign)
    return render(
        request,
        "console/campaign.html",
        {"campaign": campaign, "rows": rows, "pending": [r for r in rows if r["pending"]]},
    )


def _what_happens(campaign: Campaign, action: str) -> dict[str, Any]:
    """The confirmation page of one action: title, what it does, whether it can be done now."""
    pending = selectors.late_states(campaign=campaign)
    open_now = campaign.status == Campaign.Status.OPEN
    actions: dict[str, dict[str, Any]] = {
        "open": {
            "title": _("Open the campaign"),
            "effects": [
                _("Regulators of every member state can start and fill in assessments in this campaign."),
                _("The questionnaire version it uses can no longer be changed for it."),
            ],
            "button": _("Open the campaign"),
            "possible": campaign.status == Campaign.Status.PLANNED,
        },
        "close": {
            "title": _("Close the campaign"),
            "effects": [
                _("Every assessment of this campaign becomes read-only, drafts included."),
                _("Submitted assessments can no longer be approved or returned."),
                _("The scores stay as they are; the campaign moves to the earlier campaigns and the trends."),
            ],
            "button": _("Close the campaign"),
            "possible": open_now,
        },
        "rescore": {
            "title": _("Re-score the campaign"),
            "effects": [
                _("The latest revision of every submitted assessment is scored again with the campaign's rules."),
                _("Each new score becomes the current one; the earlier scores are kept in the history."),
                _("It runs in the background and takes a few minutes."),
            ],
            "button": _("Re-score now"),
            "possible": open_now,
        },
        "remind": {
            "title": _("Remind the late member states now"),
            "effects": [
                _("An e-mail goes to the regulators and approvers of each member state listed below."),
                _("It says how many days are left and what is still a draft or waits for approval."),
            ],
            "button": _("Send the reminders"),
            "possible": open_now and bool(pending),
            "states": pending,
        },
    }
    if action not in actions:
        raise Http404
    return actions[action]


_SERVICES = {
    "open": lambda campaign, user: services.campaign_open(campaign=campaign, user=user),
    "close": lambda campaign, user: services.campaign_close(campaign=campaign, user=user),
    "rescore": lambda campaign, user: services.campaign_rescore_request(campaign=campaign, user=user),
    "remind": lambda campaign, user: services.reminders_send(campaign=campaign, user=user),
}
_DONE = {
    "open": _("The campaign is open."),
    "close": _("The campaign is closed."),
    "rescore": _("Re-scoring queued. The new scores appear in a few minutes."),
    "remind": _("Reminders sent."),
}


@login_required
@require_http_methods(["GET", "POST"])
def campaign_action(request, pk: int, action: str):
    """GET: the confirmation page (what will happen). POST: do it."""
    _require_coordinator(request.user)
    campaign = get_object_or_404(selectors.campaigns(), pk=pk)
    page = _what_happens(campaign, action)
    if request.method == "POST":
        try:
            _SERVICES[action](campaign, request.user)
        except ApplicationError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _DONE[action])
        return redirect("console:campaign", pk=campaign.pk)
    return render(request, "console/confirm.html", {"campaign": campaign, "action": action, "page": page})


@login_required
@require_GET
def templates_index(request):
    _require_coordinator(request.user)
    return render(request, "console/templates.html", {"versions": selectors.template_versions()})


@login_required
@require_GET
def template_detail(request, pk: int):
    """A template version as a readable questionnaire with its rules; compare with another version."""
    _require_coordinator(request.user)
    versions = list(selectors.template_versions())
    version = next((v for v in versions if v.pk == pk), None)
    if version is None:
        raise Http404
    other = None
    if request.GET.get("compare", "").isdigit():
        other = next((v for v in versions if v.pk == int(request.GET["compare"])), None)
    return render(
        request,
        "console/template.html",
        {
            "version": version,
            "others": [v for v in versions if v.pk != version.pk and v.template_id == version.template_id],
            "other": other,
            "changes": selectors.template_changes(old=other, new=version) if other else [],
            "sections": selectors.template_readable(definition=version.definition),
        },
    )
