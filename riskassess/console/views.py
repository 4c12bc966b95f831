"""The coordinator console: campaigns outside the Django admin, each change behind a confirmation
page that says what will happen. Coordinators only (everyone else gets 404)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from riskassess.console import selectors, services
from riskassess.console.forms import CampaignForm, DeadlineForm
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
        {
            "campaign": campaign,
            "rows": rows,
            "pending": [r for r in rows if r["pending"]],
            "extended": [r for r in rows if r["deadline"] != campaign.deadline],
        },
    )


def _errors_onto(form, e: ApplicationError) -> None:
    for field, messages_ in e.errors.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)
    if not e.errors:
        form.add_error(None, e.message)


def _confirm_values(form) -> list[tuple[str, str]]:
    """The form's input as hidden fields of its confirmation page (sent again with the confirmation)."""
    return [(name, form.data.get(name, "")) for name in form.fields]


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request):
    """Create a campaign from a questionnaire version: the form, then a confirmation page, then the
    planned campaign (regulators see it only once it is opened)."""
    _require_coordinator(request.user)
    if request.method == "GET":
        initial = {}
        if request.GET.get("version", "").isdigit():
            initial["template_version"] = int(request.GET["version"])
        return render(request, "console/campaign_new.html", {"form": CampaignForm(initial=initial)})
    form = CampaignForm(request.POST)
    if request.POST.get("edit") or not form.is_valid():
        return render(request, "console/campaign_new.html", {"form": form}, status=200 if form.is_valid() else 400)
    data = form.cleaned_data
    if not request.POST.get("confirm"):
        version = data["template_version"]
        page = {
            "title": _("Create the campaign"),
            "subject": data["name"],
            "effects": [
                _("A campaign %(name)s is created on the questionnaire %(version)s, planned: nobody fills it in yet.")
                % {"name": data["name"], "version": f"{version.template.name} {version.version}"},
                _("It opens for the member states only when you open it in the console (planned opening: %(date)s).")
                % {"date": date_format(data["opens_on"], "j F Y")},
                _("Its deadline is %(date)s; you can extend it for a member state later.")
                % {"date": date_format(data["deadline"], "j F Y")},
            ],
            "button": _("Create the campaign"),
            "possible": True,
            "hidden": _confirm_values(form),
            "edit": True,
            "cancel_url": reverse("console:index"),
        }
        return render(request, "console/confirm.html", {"page": page})
    try:
        campaign = services.campaign_create(
            name=data["name"],
            template_version=data["template_version"],
            opens_on=data["opens_on"],
            deadline=data["deadline"],
            user=request.user,
        )
    except ApplicationError as e:
        _errors_onto(form, e)
        return render(request, "console/campaign_new.html", {"form": form}, status=400)
    messages.success(request, _("The campaign is created. Open it when the member states may start."))
    return redirect("console:campaign", pk=campaign.pk)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_extend(request, pk: int):
    """Extend the deadline for one member state: the form, a confirmation page, then the change."""
    _require_coordinator(request.user)
    campaign = get_object_or_404(selectors.campaigns(), pk=pk)
    context: dict[str, Any] = {"campaign": campaign}
    if campaign.status == Campaign.Status.CLOSED:
        context["closed"] = True
        return render(request, "console/extend.html", context, status=200 if request.method == "GET" else 400)
    if request.method == "GET":
        initial = {}
        if request.GET.get("member_state", "").isdigit():
            initial["member_state"] = int(request.GET["member_state"])
        context["form"] = DeadlineForm(initial=initial, campaign=campaign)
        return render(request, "console/extend.html", context)
    form = DeadlineForm(request.POST, campaign=campaign)
    context["form"] = form
    if request.POST.get("edit") or not form.is_valid():
        return render(request, "console/extend.html", context, status=200 if form.is_valid() else 400)
    data = form.cleaned_data
    state = data["member_state"]
    if not request.POST.get("confirm"):
        current = selectors.deadline_of(campaign=campaign, member_state=state)
        page = {
            "title": _("Extend the deadline"),
            "subject": f"{campaign.name}, {state.name}",
            "effects": [
                _("The deadline of %(state)s moves from %(old)s to %(new)s; the other member states keep theirs.")
                % {
                    "state": state.name,
                    "old": date_format(current, "j F Y"),
                    "new": date_format(data["deadline"], "j F Y"),
                },
                _(
                    "Its regulators and approvers see the new date on their pages, and its assessments count as late "
                    "only after it."
                ),
                _("The reminders 14, 7 and 1 days before the deadline follow the new date."),
                _("The change is kept in the audit trail with your name."),
            ],
            "button": _("Extend the deadline"),
            "possible": True,
            "hidden": _confirm_values(form),
            "edit": True,
        }
        return render(request, "console/confirm.html", {"campaign": campaign, "page": page})
    try:
        services.deadline_extend(
            campaign=campaign, member_state=state, deadline=data["deadline"], user=request.user, reason=data["reason"]
        )
    except ApplicationError as e:
        _errors_onto(form, e)
        return render(request, "console/extend.html", context, status=400)
    messages.success(
        request,
        _("The deadline of %(state)s is now %(date)s.")
        % {"state": state.name, "date": date_format(data["deadline"], "j F Y")},
    )
    return redirect("console:campaign", pk=campaign.pk)


@login_required
@require_GET
def campaign_preview(request, pk: int):
    """The campaign's questionnaire as a regulator sees it, every section on one page, read-only.
    Nothing is written: the form has no action and its fields are disabled."""
    _require_coordinator(request.user)
    campaign = get_object_or_404(selectors.campaigns(), pk=pk)
    return render(
        request,
        "console/preview.html",
        {"campaign": campaign, "sections": selectors.preview_sections(definition=campaign.template_version.definition)},
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
