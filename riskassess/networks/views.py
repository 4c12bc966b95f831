"""Pages of the networks: the state's inventory (entry and import), its phase-out and its Toolbox
tracker; for EU coordinators and observers the EU phase-out view and the Toolbox matrix.

Thin: check the role (404 for anyone else), parse, call a service or a selector, render, or export
the same rows with ?format=csv|xlsx.

Who sees what:
- regulator / approver: their own state's inventory, phase-out and Toolbox tracker; regulators
  import and enter, approvers review Toolbox entries (never their own);
- EU coordinator: the EU views, and one state's phase-out without its confidential restrictions;
- observer: the EU views only.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _g
from django.views.decorators.http import require_GET, require_POST

from riskassess.accounts.models import MemberState
from riskassess.core.exceptions import ApplicationError
from riskassess.dashboard.export_format import dialect_from
from riskassess.dashboard.exports import FORMATS, export_response
from riskassess.networks import charts, contexts, selectors, services
from riskassess.networks import parts as netparts
from riskassess.networks.models import Generation, Measure, Operator, ReviewState, ToolboxStatus
from riskassess.networks.toolbox import GROUPS, MEASURES
from riskassess.suppliers.models import Supplier

MAX_UPLOAD = 50 * 1024 * 1024


def _require_national(user: Any) -> None:
    if not user.is_national:
        raise Http404


def _require_eu(user: Any) -> None:
    if not (user.is_coordinator or user.is_observer):
        raise Http404


def _fmt(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format")
    return fmt if fmt in FORMATS else None


def _export(request: HttpRequest, fmt: str, export: selectors.NetworksExport) -> HttpResponse:
    """A networks export as CSV or XLSX, with its header block (`?sep=semicolon` as the dashboard's)."""
    return export_response(
        fmt=fmt,
        name=export.name,
        header=export.header,
        rows=export.rows,
        meta=export.meta,
        dialect=dialect_from(request.GET.get("sep")),
    )


# ---------------------------------------------------------------------------------------------
# Inventory
# ---------------------------------------------------------------------------------------------


@login_required
def inventory(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_national(user)
    state = user.member_state
    rows = selectors.inventory_latest(member_state=state)
    if fmt := _fmt(request):
        return _export(request, fmt, selectors.inventory_export(member_state=state, rows=rows))
    names = dict(netparts.part_choices())
    generations = dict(Generation.choices)
    for r in rows:
        r["part_name"] = names.get(r["part"], r["part"])
        r["generation_name"] = generations.get(r["generation"], r["generation"])
    ctx = {
        "state": state,
        "active": "inventory",
        "rows": rows,
        "counts": selectors.inventory_counts(member_state=state),
        "operators": list(selectors.operators_of(member_state=state)),
        "parts": list(names.items()),
        "generations": Generation.choices,
        "measures": Measure.choices,
        "suppliers": list(Supplier.objects.filter(is_active=True).values_list("id", "name")),
        "import_errors": request.session.pop("inventory_errors", None),
        "today": timezone.localdate(),
    }
    return render(request, "networks/inventory.html", ctx)


def _require_regulator(user: Any) -> None:
    if not user.is_regulator:
        raise Http404


@login_required
@require_POST
def inventory_import(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_national(user)
    _require_regulator(user)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _g("Choose a CSV or XLSX file to import."))
        return redirect("networks:inventory")
    if upload.size and upload.size > MAX_UPLOAD:
        messages.error(request, _g("The file is too large: split it into files of at most 50 MB."))
        return redirect("networks:inventory")
    try:
        done = services.inventory_import(
            member_state=user.member_state, content=upload.read(), filename=upload.name or "inventory", user=user
        )
    except services.InventoryRejected as exc:
        request.session["inventory_errors"] = {
            "message": exc.message,
            "total": exc.total,
            "rows": [{"row": e.row, "reason": e.reason} for e in exc.rows],
        }
        return redirect("networks:inventory")
    messages.success(request, _g("Imported %(n)d rows from %(file)s.") % {"n": done.rows, "file": done.filename})
    return redirect("networks:inventory")


@login_required
@require_POST
def inventory_entry(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_national(user)
    _require_regulator(user)
    post = request.POST
    operator = Operator.objects.filter(member_state=user.member_state, pk=post.get("operator") or 0).first()
    as_of = None
    try:
        as_of = dt.date.fromisoformat(post.get("as_of", ""))
    except ValueError:
        pass
    shares: dict[int, float] = {}
    for key in post:
        value = post.get(key, "")
        if key.startswith("share_") and value.strip():
            try:
                shares[int(key.removeprefix("share_"))] = float(value.replace(",", "."))
            except ValueError:
                messages.error(request, _g("A share must be a number from 0 to 100."))
                return redirect("networks:inventory")
    if operator is None or as_of is None or not shares:
        messages.error(request, _g("Choose the operator and the date, and give at least one supplier's share."))
        return redirect("networks:inventory")
    try:
        services.inventory_snapshot_save(
            member_state=user.member_state,
            operator=operator,
            part=post.get("part", ""),
            generation=post.get("generation", ""),
            measure=post.get("measure", Measure.SITES),
            as_of=as_of,
            shares=shares,
            user=user,
        )
    except services.InventoryRejected as exc:
        request.session["inventory_errors"] = {
            "message": exc.message,
            "total": exc.total,
            "rows": [{"row": e.row, "reason": e.reason} for e in exc.rows],
        }
        return redirect("networks:inventory")
    messages.success(request, _g("The shares were saved."))
    return redirect("networks:inventory")


@login_required
@require_POST
def operator_add(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_national(user)
    _require_regulator(user)
    try:
        services.operator_create(
            member_state=user.member_state,
            name=request.POST.get("name", ""),
            code=request.POST.get("code", ""),
            user=user,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _g("The operator was added."))
    return redirect("networks:inventory")


# ---------------------------------------------------------------------------------------------
# Phase-out
# ---------------------------------------------------------------------------------------------


def _phaseout_page(request: HttpRequest, *, state: MemberState, viewer_state_id: int | None) -> HttpResponse:
    generation = request.GET.get("generation") or None
    if generation not in (None, *Generation.values):
        generation = None
    today = timezone.localdate()
    data = selectors.state_phaseout(
        member_state=state, viewer_member_state_id=viewer_state_id, on=today, generation=generation
    )
    if fmt := _fmt(request):
        return _export(request, fmt, selectors.phaseout_export(member_state=state, data=data))
    names = data["part_names"]
    by_part: dict[str, list[selectors.PhaseoutLine]] = {}
    for line in data["lines"]:
        by_part.setdefault(line.part, []).append(line)
    sections, unrestricted = [], []
    order = {code: i for i, code in enumerate(names)}
    for part, lines in sorted(by_part.items(), key=lambda kv: order.get(kv[0], len(order))):
        deadline = lines[0].deadline
        if deadline is None and not any(ln.latest for ln in lines):
            unrestricted.append(names.get(part, part))  # no restriction, no restricted equipment: no chart
            continue
        svg = charts.phaseout_chart(
            {ln.operator: ln.points for ln in lines},
            deadline=deadline,
            statuses={ln.operator: ln.status for ln in lines},
            title=_g("%(part)s: restricted suppliers' share against the deadline") % {"part": names.get(part, part)},
        )
        sections.append(
            {"part": part, "name": names.get(part, part), "deadline": deadline, "lines": lines, "svg": mark_safe(svg)}  # noqa: S308 - our own escaped SVG
        )
    ctx = {
        "state": state,
        "active": "phaseout",
        "sections": sections,
        "unrestricted": unrestricted,
        "deadlines": data["deadlines"],
        "generation": generation,
        "generations": Generation.choices,
        "own_state": viewer_state_id == state.pk,
    }
    return render(request, "networks/phaseout_state.html", ctx)


@login_required
@require_GET
def phaseout(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_national(user)
    return _phaseout_page(request, state=user.member_state, viewer_state_id=user.member_state_id)


@login_required
@require_GET
def phaseout_state(request: HttpRequest, eu_code: str) -> HttpResponse:
    """One state's phase-out: its own users (in full), or a coordinator (without its confidential restrictions)."""
    user: Any = request.user
    state = get_object_or_404(MemberState, eu_code=eu_code.upper())
    if user.is_national and user.member_state_id == state.pk:
        return _phaseout_page(request, state=state, viewer_state_id=state.pk)
    if not user.is_coordinator:
        raise Http404
    return _phaseout_page(request, state=state, viewer_state_id=None)


@login_required
@require_GET
def phaseout_eu(request: HttpRequest) -> HttpResponse:
    _require_eu(request.user)
    today = timezone.localdate()
    data = contexts.eu_phaseout_context(on=today)
    ran, core = selectors.EU_PARTS
    if fmt := _fmt(request):
        return _export(request, fmt, selectors.eu_phaseout_export(data=data, labels=data["labels"]))
    ctx = {
        "active": "phaseout",
        "no_campaign_needed": True,
        "data": data,
        "ran": ran,
        "core": core,
        "min_states": selectors.MIN_STATES,
        "query": "",
    }
    return render(request, "networks/phaseout_eu.html", ctx)


# ---------------------------------------------------------------------------------------------
# Toolbox tracker
# ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def toolbox(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_national(user)
    state = user.member_state
    slots = selectors.toolbox_state(member_state=state)
    if fmt := _fmt(request):
        return _export(request, fmt, selectors.toolbox_export(member_state=state, slots=slots))
    groups = [
        (key, title, [{"code": code, "title": MEASURES[code], **slots[code]} for code in measures])
        for key, title, measures in GROUPS
    ]
    ctx = {
        "state": state,
        "active": "toolbox",
        "groups": groups,
        "statuses": ToolboxStatus.choices,
        "pending": ReviewState.PENDING,
        "today": timezone.localdate(),
    }
    return render(request, "networks/toolbox.html", ctx)


@login_required
@require_POST
def toolbox_enter(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_national(user)
    _require_regulator(user)
    post = request.POST
    status_date = None
    if post.get("status_date"):
        try:
            status_date = dt.date.fromisoformat(post["status_date"])
        except ValueError:
            messages.error(request, _g("Write the date as 2026-06-30."))
            return redirect("networks:toolbox")
    try:
        services.toolbox_entry_create(
            user=user,
            measure=post.get("measure", ""),
            status=post.get("status", ""),
            legal_basis=post.get("legal_basis", ""),
            status_date=status_date,
            evidence=post.get("evidence", ""),
        )
    except ApplicationError as exc:
        details = " ".join(m for msgs in exc.errors.values() for m in msgs)
        messages.error(request, f"{exc.message} {details}".strip())
    else:
        messages.success(request, _g("Saved: the entry awaits your approver's review."))
    return redirect("networks:toolbox")


@login_required
@require_POST
def toolbox_review(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    entry = selectors.toolbox_entry_get_for_user(user=user, pk=pk)
    if not user.is_approver:
        raise Http404
    try:
        services.toolbox_entry_review(
            user=user,
            entry=entry,
            approve=request.POST.get("decision") == "approve",
            comment=request.POST.get("comment", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _g("Review saved."))
    return redirect("networks:toolbox")


@login_required
@require_GET
def toolbox_matrix(request: HttpRequest) -> HttpResponse:
    _require_eu(request.user)
    data = selectors.toolbox_matrix()
    if fmt := _fmt(request):
        return _export(request, fmt, selectors.toolbox_matrix_export(data=data))
    ctx = {
        "active": "toolbox",
        "no_campaign_needed": True,
        "data": data,
        "groups": GROUPS,
        "measure_heads": [(code, MEASURES[code]) for code in data["measures"]],
        "query": "",
    }
    return render(request, "networks/toolbox_matrix.html", ctx)
