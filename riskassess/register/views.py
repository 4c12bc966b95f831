"""Pages of the restriction register: the records, one record's history, the deadline notices.
Thin: reads in selectors, writes in services, every output through the confidentiality module."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from riskassess.audit.services import audit_log
from riskassess.dashboard import export_format, exports
from riskassess.register import selectors, services
from riskassess.register.models import AppealStatus, RecordKind, RecordState, Technology


def _require_reader(user) -> None:
    if not (user.is_national or user.is_coordinator or user.is_observer):
        raise Http404


def _export(request, *, name: str, rows):
    fmt = request.GET.get("format")
    audit_log(
        action="download",
        actor=request.user,
        object_type="register",
        object_id=name,
        summary=f"Register export {name} ({fmt})",
        data={"query": request.GET.urlencode()[:400]},
        request=request,
    )
    return exports.export_response(
        fmt=fmt or "csv",
        name=name,
        header=[str(h) for h in selectors.HISTORY_HEADER],
        rows=rows,
        meta=export_format.ExportMeta(),
        dialect=export_format.dialect_from(request.GET.get("sep")),
    )


@login_required
@require_GET
def record_list(request):
    _require_reader(request.user)
    filters = {k: request.GET.get(k, "").strip() for k in selectors.FILTERS}
    records = list(selectors.records_for_user(user=request.user, filters=filters))
    if request.GET.get("format") in exports.FORMATS:
        return _export(
            request, name="restriction register", rows=selectors.history_rows(user=request.user, records=records)
        )
    from riskassess.suppliers.models import Supplier

    return render(
        request,
        "register/record_list.html",
        {
            "records": records,
            "filters": filters,
            "kinds": RecordKind.choices,
            "states": RecordState.choices,
            "technologies": Technology.choices,
            "appeal_statuses": AppealStatus.choices,
            "suppliers": Supplier.objects.filter(legal_records__isnull=False).distinct().order_by("name"),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def record_detail(request, pk: int):
    _require_reader(request.user)
    record = selectors.record_get_for_user(user=request.user, pk=pk)
    versions = selectors.record_versions_for_user(user=request.user, record=record)
    names = selectors.asset_class_names()
    for v in versions:
        v.scope_rows = selectors.scope_rows(v, names)  # type: ignore[attr-defined]
    if request.GET.get("format") in exports.FORMATS:
        return _export(
            request,
            name=f"register record {record.pk}",
            rows=selectors.history_rows(user=request.user, records=[record]),
        )
    return render(
        request,
        "register/record_detail.html",
        {
            "record": record,
            "versions": list(reversed(versions)),
            "may_decide": selectors.may_decide(user=request.user, record=record),
        },
    )


@login_required
@require_GET
def notice_list(request):
    if not (request.user.is_national or request.user.is_coordinator):
        raise Http404
    notices = list(selectors.notices_for_user(user=request.user)[:200])
    return render(request, "register/notice_list.html", {"notices": notices})


@login_required
@require_POST
def notice_read(request, pk: int):
    notice = get_object_or_404(selectors.notices_for_user(user=request.user), pk=pk)
    services.deadline_notice_mark_read(notice=notice, user=request.user)
    return redirect("register:notices")
