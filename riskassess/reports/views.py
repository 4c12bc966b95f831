"""Report pages: the report box (list, generate, progress, download, retry) as htmx partials.

Thin: parse, check access through the selectors' access helpers, call one service, render.
Every object of another member state is 404.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from riskassess.accounts.models import MemberState
from riskassess.audit.services import audit_log
from riskassess.core.exceptions import ApplicationError
from riskassess.core.tlp import TLP_CHOICES, TLP_DEFAULT
from riskassess.questionnaires.models import Campaign
from riskassess.reports import selectors, services
from riskassess.reports.models import Report
from riskassess.suppliers.models import Supplier


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such object.") from None


def _targets(request, data) -> tuple[str, dict]:
    """kind and the objects named in the query or form, checked for this user (404 otherwise)."""
    kind = data.get("kind", "")
    if kind not in Report.Kind.values:
        raise Http404("No such kind of report.")
    objects: dict[str, Any] = {}
    if data.get("assessment"):
        objects["assessment"] = _int(data["assessment"])
    if data.get("member_state"):
        objects["member_state"] = get_object_or_404(MemberState, pk=_int(data["member_state"]))
    if data.get("supplier"):
        objects["supplier"] = get_object_or_404(Supplier, pk=_int(data["supplier"]))
    if data.get("campaign"):
        objects["campaign"] = get_object_or_404(Campaign, pk=_int(data["campaign"]))
    if data.get("hearing"):
        objects["hearing"] = _int(data["hearing"])
    try:
        targets = selectors.report_targets_for_user(kind=kind, user=request.user, **objects)
    except ApplicationError:
        raise Http404("No such report.") from None
    return kind, targets


# The objects that name a report box, per kind.
BOX_KEYS = {
    Report.Kind.ASSESSMENT: ("assessment",),
    Report.Kind.MEMBER_STATE: ("member_state", "campaign"),
    Report.Kind.SUPPLIER: ("supplier", "campaign"),
    Report.Kind.EU: ("campaign",),
    Report.Kind.TOOLBOX: (),
    Report.Kind.HEARING: ("hearing",),
}


def _box_context(request, kind, targets, *, error="", tlp=TLP_DEFAULT):
    lookup = {name: targets[name] for name in BOX_KEYS[kind]}
    return {
        "kind": kind,
        "kind_label": Report.Kind(kind).label,
        "params": {"kind": kind, **{name: obj.pk for name, obj in lookup.items()}},
        "reports": selectors.reports_for(user=request.user, kind=kind, **lookup),
        "tlp_choices": TLP_CHOICES,
        "tlp": tlp,
        "error": error,
    }


@login_required
@require_GET
def box(request):
    kind, targets = _targets(request, request.GET)
    template = "reports/box.html" if request.htmx else "reports/box_page.html"
    return render(request, template, _box_context(request, kind, targets))


@login_required
@require_POST
def request_report(request):
    kind, targets = _targets(request, request.POST)
    tlp = request.POST.get("tlp", TLP_DEFAULT)
    error = ""
    try:
        services.report_request(kind=kind, user=request.user, tlp=tlp, **targets)
    except ApplicationError as exc:
        error = exc.message
    template = "reports/box.html" if request.htmx else "reports/box_page.html"
    status = 400 if error else 200
    return render(request, template, _box_context(request, kind, targets, error=error, tlp=tlp), status=status)


@login_required
@require_GET
def status(request, pk: int):
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    return render(request, "reports/_report.html", {"report": report})


@login_required
@require_POST
def retry(request, pk: int):
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    error = ""
    try:
        report = services.report_retry(report=report, user=request.user)
    except ApplicationError as exc:
        error = exc.message
    return render(request, "reports/_report.html", {"report": report, "error": error}, status=400 if error else 200)


@login_required
@require_GET
def download(request, pk: int):
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    if report.status != Report.Status.DONE or not report.file:
        raise Http404("This report is not ready.")
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404("This report file is missing.") from None
    audit_log(
        action="download",
        actor=request.user,
        obj=report,
        summary=f"Downloaded {report.get_kind_display().lower()} #{report.pk} ({report.tlp})",
        data={"kind": report.kind, "sha256": report.sha256, "tlp": report.tlp},
        request=request,
    )
    response = FileResponse(handle, as_attachment=True, filename=report.filename, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
