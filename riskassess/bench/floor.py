"""The floor of the API reads the bench measures: minimal Django views that run the same queries
as riskassess and return the same JSON, with no framework around them (no middleware, no URL
resolver, no DRF, no authentication, no access or confidentiality check, no throttling).

They exist only in the bench: `riskassess.bench.wsgi` serves them under /bench-floor/ next to the
product, in the same gunicorn, so riskassess and its floor are measured with the same server
set-up in the same run. `api_read_floor_ratio` and `api_list_floor_ratio` are riskassess's
requests per second over the floor's.

The user is fixed when the server starts (BENCH_FLOOR_MEMBER_STATE): the product's checks are what
the floor leaves out.
"""

import os
import re

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

PREFIX = "/bench-floor/"
PAGE_SIZE = 50
ANSWERS = re.compile(r"^/bench-floor/assessments/(\d+)/answers/$")
LIST = "/bench-floor/assessments/"


def _member_state_id() -> int:
    return int(os.environ["BENCH_FLOOR_MEMBER_STATE"])


def answers_read(request: HttpRequest, pk: int) -> HttpResponse:
    """GET /api/v1/assessments/<pk>/answers/: the assessment (with its campaign, as the access
    decision reads it) and its answers; two SELECTs."""
    from riskassess.questionnaires.models import Answer, Assessment

    row = (
        Assessment.objects.filter(member_state_id=_member_state_id(), pk=pk)
        .values_list("pk", "version", "status", "answered_required", "total_required", "campaign__status")
        .first()
    )
    if row is None:
        raise Http404
    answers, comments = {}, {}
    for key, value, comment in Answer.objects.filter(assessment_id=pk).values_list("question_key", "value", "comment"):
        answers[key] = value
        if comment:
            comments[key] = comment
    return JsonResponse(
        {
            "assessment": row[0],
            "version": row[1],
            "status": row[2],
            "answered_required": row[3],
            "total_required": row[4],
            "answers": answers,
            "comments": comments,
        }
    )


def assessment_list(request: HttpRequest) -> HttpResponse:
    """GET /api/v1/assessments/?page=<n>: the count and a page of 50 rows of the same 16 fields,
    in the same order; two SELECTs."""
    from riskassess.questionnaires.models import Assessment
    from riskassess.questionnaires.selectors import ASSESSMENT_LIST_COLUMNS

    page = int(request.GET.get("page") or 1)
    qs = Assessment.objects.filter(member_state_id=_member_state_id()).order_by(
        "campaign", "member_state__protocol_order", "supplier__name"
    )
    count = qs.count()
    start = (page - 1) * PAGE_SIZE
    names = list(ASSESSMENT_LIST_COLUMNS)
    results = []
    for values in qs.values_list(*ASSESSMENT_LIST_COLUMNS.values())[start : start + PAGE_SIZE]:
        row = dict(zip(names, values, strict=True))
        for name in ("submitted_at", "decided_at", "created_at", "updated_at"):
            if row[name] is not None:
                row[name] = row[name].isoformat().replace("+00:00", "Z")
        results.append(row)
    base = request.build_absolute_uri(LIST)
    return JsonResponse(
        {
            "count": count,
            "next": f"{base}?page={page + 1}" if start + PAGE_SIZE < count else None,
            "previous": f"{base}?page={page - 1}" if page > 1 else None,
            "results": results,
        }
    )


def floor_view(request: HttpRequest) -> HttpResponse:
    path = request.path_info
    if path == LIST:
        return assessment_list(request)
    match = ANSWERS.match(path)
    if match:
        return answers_read(request, int(match.group(1)))
    raise Http404
