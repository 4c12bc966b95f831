"""EU dashboard pages (coordinators and observers) and the member-state comparison page.

Thin views: check the role (404 for anyone else), parse the filters from the URL, read cached
aggregates from the selectors, render, or export the same rows with ?format=csv|xlsx.

Who sees what:
- EU coordinator: every page, including the heatmap of member states x suppliers and the
  drill-down to one state's submitted assessments;
- observer: EU aggregates only (overview, progress, supplier table, register, trends), never one
  state's scores (DESIGN.md section 1: "EU aggregates and EU reports");
- regulator / approver: their own state against the EU median, and the designations register
  (their own confidential designations in full).
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import CharField, Value
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext_lazy
from django.views.decorators.http import require_GET

from riskassess.accounts.models import MemberState
from riskassess.audit.services import audit_log
from riskassess.confidentiality import may_see_state_cells, viewer_for_user
from riskassess.core import charts
from riskassess.dashboard import cache as aggregates
from riskassess.dashboard import export_format, exports, selectors
from riskassess.dashboard.cache import cached_aggregate
from riskassess.dashboard.filters import DashboardFilters
from riskassess.suppliers.models import AssetClass, Supplier

HEATMAP_PAGE_SIZE = 50
SHORT_BANDS = {
    "low": pgettext_lazy("risk band, abbreviated", "Low"),
    "moderate": pgettext_lazy("risk band, abbreviated", "Mod."),
    "elevated": pgettext_lazy("risk band, abbreviated", "Elev."),
    "high": pgettext_lazy("risk band, abbreviated", "High"),
    "critical": pgettext_lazy("risk band, abbreviated", "Crit."),
    "designated": pgettext_lazy("risk band, abbreviated", "Desig."),
    "significant": pgettext_lazy("risk band, abbreviated", "Sig."),
    "severe": pgettext_lazy("risk band, abbreviated", "Sev."),
}


# ---------------------------------------------------------------------------------------------
# Access and shared context
# ---------------------------------------------------------------------------------------------


def _require_eu(user) -> None:
    if not (user.is_coordinator or user.is_observer):
        raise Http404


def _require_coordinator(user) -> None:
    """Per-state cells: only viewers the confidentiality rule lets see them (coordinators)."""
    if not may_see_state_cells(viewer_for_user(user)):
        raise Http404


def _require_national(user) -> None:
    if not user.is_national:
        raise Http404


def _meta() -> dict:
    """Campaigns and the filter choices (suppliers, asset classes, member states) in two queries."""
    options = (
        Supplier.objects.filter(is_active=True)
        .annotate(kind=Value("supplier"), value=Cast("id", CharField()))
        .values_list("kind", "value", "name")
        .order_by()
        .union(
            AssetClass.objects.annotate(kind=Value("asset_class"), value=Cast("code", CharField()))
            .values_list("kind", "value", "name")
            .order_by(),
            MemberState.objects.annotate(kind=Value("member_state"), value=Cast("id", CharField()))
            .values_list("kind", "value", "name")
            .order_by(),
            all=True,
        )
    )
    grouped: dict[str, list[tuple[str, str]]] = {"supplier": [], "asset_class": [], "member_state": []}
    for kind, value, label in options:
        grouped[kind].append((value, label))
    for values in grouped.values():
        values.sort(key=lambda item: item[1].lower())
    return {"campaigns": selectors.dashboard_campaigns(), **grouped}


def _page(request, *, active: str, filters_shown=("campaign",)) -> dict:
    filters = DashboardFilters.from_query(request.GET)
    meta = cached_aggregate("meta", campaign_id=None, key="", compute=_meta)
    campaign = selectors.dashboard_campaign(campaigns=meta["campaigns"], campaign_id=filters.campaign)
    labels = selectors.band_labels(campaign)
    return {
        "active": active,
        "filters": filters,
        "campaign": campaign,
        "campaigns": meta["campaigns"],
        "supplier_choices": meta["supplier"],
        "asset_class_choices": meta["asset_class"],
        "member_state_choices": meta["member_state"],
        "band_choices": selectors.campaign_bands(campaign),
        "band_labels": labels,
        "filters_shown": filters_shown,
        "query": filters.as_query(campaign=campaign.pk if campaign else None),
        "reports_box_url": _reverse_or_none("reports:box"),
    }


def _reverse_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _revision_url_pattern() -> str | None:
    """The URL of a revision page with placeholders, or None when the questionnaires app has none."""
    for name in ("questionnaires:revision", "revision_detail", "questionnaires:revision_detail"):
        url = _reverse_or_none(name, 999999001, 999999002)
        if url:
            return url
    return None


def _export_format(request) -> str | None:
    fmt = request.GET.get("format")
    return fmt if fmt in exports.FORMATS else None


def _export(request, *, fmt: str, name: str, table: tuple, campaign=None) -> object:
    header, rows = table
    audit_log(
        action="download",
        actor=request.user,
        object_type="dashboard",
        object_id=name,
        summary=f"Dashboard export {name} ({fmt})",
        data={"query": request.GET.urlencode()[:400]},
        request=request,
    )
    return exports.export_response(
        fmt=fmt,
        name=name,
        header=header,
        rows=rows,
        meta=export_format.campaign_meta(campaign),
        dialect=export_format.dialect_from(request.GET.get("sep")),
    )


def _empty(request, ctx: dict, template: str):
    """No campaign yet: the page explains it instead of failing."""
    return render(request, template, ctx)


# ---------------------------------------------------------------------------------------------
# EU pages
# ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def index(request):
    _require_eu(request.user)
    ctx = _page(request, active="index")
    campaign = ctx["campaign"]
    if campaign is None:
        return _empty(request, ctx, "dashboard/index.html")

    def body() -> str:
        progress = cached_aggregate(
            "progress", campaign_id=campaign.pk, key="", compute=lambda: selectors.campaign_progress(campaign=campaign)
        )
        designations = cached_aggregate(
            "designation_summary",
            campaign_id=None,
            key="",
            compute=lambda: selectors.designation_summary(states_total=len(progress)),
        )
        context = {
            "campaign": campaign,
            "query": ctx["query"],
            "reports_box_url": ctx["reports_box_url"],
            "totals": selectors.progress_totals(progress),
            "progress": progress,
            "designations": designations,
        }
        return render_to_string("dashboard/includes/index_body.html", context)

    # The body is the same for every EU user (no form, no user data): rendered once per generation.
    html = cached_aggregate("index_body", campaign_id=campaign.pk, key=ctx["query"], compute=body)
    ctx["body"] = mark_safe(html)  # noqa: S308 - rendered by our own autoescaped template
    return render(request, "dashboard/index.html", ctx)


@login_required
@require_GET
def progress(request):
    _require_eu(request.user)
    ctx = _page(request, active="progress")
    campaign = ctx["campaign"]
    if campaign is None:
        return _empty(request, ctx, "dashboard/progress.html")
    rows = cached_aggregate(
        "progress", campaign_id=campaign.pk, key="", compute=lambda: selectors.campaign_progress(campaign=campaign)
    )
    if fmt := _export_format(request):
        return _export(
            request,
            fmt=fmt,
            name=f"progress {campaign.name}",
            table=exports.progress_table(rows),
            campaign=campaign,
        )
    ctx.update(rows=rows, totals=selectors.progress_totals(rows))
    return render(request, "dashboard/progress.html", ctx)


@login_required
@require_GET
def heatmap(request):
    _require_coordinator(request.user)
    ctx = _page(
        request, active="heatmap", filters_shown=("campaign", "supplier", "asset_class", "band", "member_state")
    )
    campaign, filters = ctx["campaign"], ctx["filters"]
    if campaign is None:
        return _empty(request, ctx, "dashboard/heatmap.html")
    data = cached_aggregate(
        "heatmap",
        campaign_id=campaign.pk,
        key=filters.cache_key(),
        compute=lambda: selectors.heatmap(campaign=campaign, filters=filters, viewer=viewer_for_user(request.user)),
    )
    if fmt := _export_format(request):
        return _export(
            request,
            fmt=fmt,
            name=f"heatmap {campaign.name}",
            table=exports.heatmap_table(data),
            campaign=campaign,
        )
    page = Paginator(data["suppliers"], HEATMAP_PAGE_SIZE).get_page(request.GET.get("page"))
    revision_url = _revision_url_pattern()
    states = data["member_states"]
    rows = []
    for supplier in page.object_list:
        cells = []
        for state in states:
            cell = data["cells"].get((state["id"], supplier["id"]))
            if cell:
                cell = {
                    **cell,
                    "short": SHORT_BANDS.get(cell["band"], cell["band_label"]),
                    "url": revision_url.replace("999999001", str(cell["assessment_id"])).replace(
                        "999999002", str(cell["revision"])
                    )
                    if revision_url and cell["revision"]
                    else None,
                }
            cells.append({"state": state, "cell": cell})
        rows.append({"supplier": supplier, "cells": cells})
    ctx.update(
        states=states,
        rows=rows,
        page=page,
        page_query=filters.as_query(campaign=campaign.pk),
        legend=[(k, label, SHORT_BANDS.get(k, label)) for k, label in selectors.campaign_bands(campaign)],
    )
    return render(request, "dashboard/heatmap.html", ctx)


@login_required
@require_GET
def suppliers(request):
    _require_eu(request.user)
    ctx = _page(
        request, active="suppliers", filters_shown=("campaign", "supplier", "asset_class", "band", "member_state")
    )
    campaign, filters = ctx["campaign"], ctx["filters"]
    if campaign is None:
        return _empty(request, ctx, "dashboard/suppliers.html")
    rows = aggregates.supplier_table(campaign=campaign, filters=filters)
    sections = selectors.section_titles(campaign)
    if fmt := _export_format(request):
        table = exports.supplier_table(rows, band_labels=ctx["band_labels"], sections=sections)
        return _export(request, fmt=fmt, name=f"suppliers {campaign.name}", table=table, campaign=campaign)
    counts = selectors.band_totals(rows)
    ctx.update(
        rows=rows,
        sections=sections,
        basis=selectors.counting_basis(campaign=campaign),
        # The chart functions escape every text they are given.
        distribution_svg=mark_safe(  # noqa: S308
            charts.band_distribution(
                counts,
                bands=selectors.campaign_bands(campaign),
                title=gettext("Submitted assessments by risk band"),
            )
        )
        if counts
        else "",
    )
    return render(request, "dashboard/suppliers.html", ctx)


@login_required
@require_GET
def designations(request):
    user = request.user
    if not (user.is_coordinator or user.is_observer or user.is_national):
        raise Http404
    ctx = _page(request, active="designations", filters_shown=("supplier", "asset_class", "member_state"))
    filters = ctx["filters"]
    rows = cached_aggregate(
        "register",
        campaign_id=None,
        key=f"{user.member_state_id if user.is_national else 'eu'}:{filters.cache_key()}",
        compute=lambda: selectors.designations_register(viewer=user, filters=filters),
    )
    if fmt := _export_format(request):
        return _export(request, fmt=fmt, name="designations register", table=exports.designations_table(rows))
    ctx.update(rows=rows, min_cell_size=selectors.MIN_CELL_SIZE)
    return render(request, "dashboard/designations.html", ctx)


CHART_MAX_SUPPLIERS = 6


def _chart_suppliers(suppliers: list[dict], chosen: list[str]) -> list[dict]:
    """The suppliers drawn in the trend chart: those the user ticked (at most 6), else the 3 with
    the highest latest median (the ones a coordinator looks at first), not the first alphabetically."""
    if chosen:
        picked = [s for s in suppliers if str(s["id"]) in set(chosen)]
        if picked:
            return picked[:CHART_MAX_SUPPLIERS]

    def latest(s: dict) -> float:
        values = [p["median"] for p in s["points"] if p["median"] is not None]
        return values[-1] if values else -1.0

    return sorted(suppliers, key=lambda s: (-latest(s), s["name"]))[:3]


@login_required
@require_GET
def trends(request):
    _require_eu(request.user)
    ctx = _page(request, active="trends", filters_shown=("supplier",))
    filters = ctx["filters"]
    data = cached_aggregate(
        "trend",
        campaign_id=None,
        key=str(filters.supplier or ""),
        compute=lambda: selectors.supplier_trend(supplier=filters.supplier),
    )
    campaigns = data["campaigns"]
    if fmt := _export_format(request):
        header = ["Supplier", *[c["name"] for c in campaigns]]
        body = [[s["name"], *[p["median"] for p in s["points"]]] for s in data["suppliers"]]
        return _export(request, fmt=fmt, name="trends", table=(header, body))
    chart_suppliers = _chart_suppliers(data["suppliers"], request.GET.getlist("chart"))
    names = {c["id"]: c["name"] for c in campaigns}
    series = {s["name"]: [(names[p["campaign_id"]], p["median"]) for p in s["points"]] for s in chart_suppliers}
    ctx.update(
        trend=data,
        trend_svg=mark_safe(charts.trend(series, title=gettext("Median overall score by campaign"), width=720))  # noqa: S308
        if series
        else "",
        chart_names=[s["name"] for s in chart_suppliers],
        chart_ids={str(s["id"]) for s in chart_suppliers},
        chart_max=CHART_MAX_SUPPLIERS,
    )
    return render(request, "dashboard/trends.html", ctx)


@login_required
@require_GET
def state_detail(request, eu_code: str):
    """A coordinator's drill-down into one member state's submitted assessments."""
    _require_coordinator(request.user)
    state = get_object_or_404(MemberState, eu_code=eu_code.upper())
    ctx = _page(request, active="heatmap")
    campaign = ctx["campaign"]
    rows = selectors.member_state_assessments(member_state=state, campaign=campaign) if campaign else []
    revision_url = _revision_url_pattern()
    for row in rows:
        row["url"] = (
            revision_url.replace("999999001", str(row["assessment_id"])).replace("999999002", str(row["revision"]))
            if revision_url and row["revision"]
            else None
        )
    ctx.update(state=state, rows=rows)
    return render(request, "dashboard/state_detail.html", ctx)


# ---------------------------------------------------------------------------------------------
# Member-state page
# ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def member_state(request):
    _require_national(request.user)
    ctx = _page(request, active="member_state")
    campaign = ctx["campaign"]
    ms_id = request.user.member_state_id
    rows = (
        cached_aggregate(
            "member_state_vs_eu",
            campaign_id=campaign.pk,
            key=str(ms_id),
            compute=lambda: selectors.member_state_vs_eu(member_state=ms_id, campaign=campaign),
        )
        if campaign
        else []
    )
    if campaign and (fmt := _export_format(request)):
        sections = selectors.section_titles(campaign)
        header = [
            gettext("Supplier"),
            gettext("Our score"),
            gettext("Our band"),
            gettext("EU median"),
            gettext("Difference"),
            gettext("Member states reporting"),
            *[gettext("%(section)s ours") % {"section": key} for key in sections],
            *[gettext("%(section)s EU median") % {"section": key} for key in sections],
        ]
        body = [
            [
                r["supplier_name"],
                r["own_overall"],
                r["own_band_label"],
                r["eu_median"],
                r["difference"],
                r["eu_reporting"],
                *[s["own"] for s in r["sections"]],
                *[s["eu_median"] for s in r["sections"]],
            ]
            for r in rows
        ]
        return _export(
            request,
            fmt=fmt,
            name=f"our state vs EU {campaign.name}",
            table=(header, body),
            campaign=campaign,
        )
    ctx.update(
        rows=rows,
        sections=selectors.section_titles(campaign) if campaign else {},
        min_cell_size=selectors.MIN_CELL_SIZE,
    )
    return render(request, "dashboard/member_state.html", ctx)
