"""HTML pages of the questionnaire: thin views that parse the request, check access with the
access helpers, call one service and render."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from riskassess.audit.services import audit_log
from riskassess.confidentiality import section_withheld, viewer_for_user
from riskassess.core.exceptions import ApplicationError, StaleEdit
from riskassess.questionnaires import display, selectors, services, view_models
from riskassess.questionnaires.access import can_edit, is_own_state
from riskassess.questionnaires.conditions import visible_question_keys
from riskassess.questionnaires.definition import iter_questions
from riskassess.questionnaires.models import Assessment, Campaign, Evidence
from riskassess.suppliers.models import Supplier

_ACTION_RE = re.compile(
    r"^(save|continue|add:[A-Z0-9a-z]+|remove:[A-Z0-9a-z]+:\d+|delete-evidence:\d+|upload:[A-Za-z0-9_-]+)$"
)


@login_required
def home(request):
    if request.user.is_coordinator or request.user.is_observer:
        return redirect("dashboard:index")
    assessments = list(selectors.home_assessments(user=request.user))
    campaigns = []
    for campaign in selectors.open_campaigns():
        rows = [a for a in assessments if a.campaign_id == campaign.pk]
        assessed = {a.supplier_id for a in rows}
        campaigns.append(
            {
                "campaign": campaign,
                "rows": [
                    {
                        "a": a,
                        "percent": round(100 * a.answered_required / a.total_required) if a.total_required else 0,
                    }
                    for a in rows
                ],
                "unassessed": Supplier.objects.filter(is_active=True).exclude(pk__in=assessed).order_by("name"),
            }
        )
    earlier = selectors.earlier_assessments(user=request.user)[:200]
    return render(request, "questionnaires/home.html", {"campaigns": campaigns, "earlier": earlier})


@login_required
@require_POST
def assessment_start(request):
    if not request.user.is_national:
        raise Http404
    campaign = get_object_or_404(Campaign, pk=_int(request.POST.get("campaign")), status=Campaign.Status.OPEN)
    supplier = get_object_or_404(Supplier, pk=_int(request.POST.get("supplier")), is_active=True)
    try:
        assessment = services.assessment_create(
            campaign=campaign, member_state=request.user.member_state, supplier=supplier, user=request.user
        )
    except ApplicationError as e:
        messages.error(request, e.message)
        return redirect("home")
    return redirect("questionnaires:overview", pk=assessment.pk)


def _int(raw) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise Http404 from None


def _context_common(request, assessment: Assessment) -> dict:
    definition = assessment.campaign.template_version.definition
    answers = selectors.answers_for_assessment(assessment=assessment)
    progress = view_models.section_progress(definition, answers)
    return {
        "assessment": assessment,
        "definition": definition,
        "answers": answers,
        "sections": progress,
        "can_edit": can_edit(request.user, assessment),
        "closed": assessment.campaign.status == Campaign.Status.CLOSED,
    }


@login_required
@require_GET
def assessment_overview(request, pk):
    access = selectors.assessment_access(user=request.user, pk=pk)
    assessment = access.assessment
    if not access.own_state:
        # EU roles see frozen revisions only, never the draft.
        return redirect("questionnaires:revision", pk=assessment.pk, number=assessment.current_revision)
    ctx = _context_common(request, assessment)
    missing = [q for s in ctx["sections"] for q in s["missing"]]
    ctx.update(
        {
            "missing": missing,
            "can_submit": access.submit and not missing,
            "can_decide": access.decide,
            "is_submitter_approver": access.decide_refusal == "four_eyes",
            "revisions": selectors.revisions_for_assessment(assessment=assessment),
            "first_section": ctx["definition"]["sections"][0]["key"] if ctx["definition"]["sections"] else None,
        }
    )
    return render(request, "questionnaires/overview.html", ctx)


def _section_or_404(definition, key):
    for index, section in enumerate(definition["sections"]):
        if section["key"] == key:
            return index, section
    raise Http404("No such section.")


@login_required
@require_http_methods(["GET", "POST"])
def assessment_section(request, pk, section):
    access = selectors.assessment_access(user=request.user, pk=pk)
    assessment = access.assessment
    if not access.own_state:
        if request.method == "POST":
            raise Http404
        return redirect("questionnaires:revision", pk=assessment.pk, number=assessment.current_revision)
    definition = assessment.campaign.template_version.definition
    index, section_def = _section_or_404(definition, section)
    if request.method == "POST":
        return _section_post(request, access.require_edit(), definition, index, section_def)
    return _section_render(request, assessment, definition, index, section_def, add_item=request.GET.get("add", ""))


def _section_render(
    request,
    assessment,
    definition,
    index,
    section_def,
    *,
    answers=None,
    comments=None,
    errors=None,
    evidence_errors=None,
    saved_answers=None,
    version=None,
    stale=False,
    error_message="",
    add_item="",
    status=200,
):
    ctx = _context_common(request, assessment)
    saved = ctx["answers"]
    questions = view_models.section_questions(definition, section_def["key"])
    shown_answers = dict(saved if answers is None else answers)
    all_questions = list(iter_questions(definition))
    shown = set(
        visible_question_keys(all_questions, {k: v for k, v in shown_answers.items() if v not in (None, "", [])})
    )
    evidence = list(selectors.evidence_for_assessment(assessment=assessment))
    question_views = view_models.build_question_views(
        questions,
        shown=shown,
        answers=shown_answers,
        comments=selectors.comments_for_assessment(assessment=assessment) if comments is None else comments,
        evidence=evidence,
        errors=errors,
        evidence_errors=evidence_errors,
        saved_answers=saved_answers,
        add_item=add_item,
    )
    sections = definition["sections"]
    error_list = []
    for view in question_views:
        for message in view["errors"] + view["evidence_errors"]:
            error_list.append({"anchor": f"q-{view['key']}", "key": view["key"], "message": message})
    for key, messages_ in (evidence_errors or {}).items():
        if "-" in key:
            error_list += [
                {"anchor": f"q-{key.split('-')[0]}", "key": key.split("-")[0], "message": m} for m in messages_
            ]
    answered = sum(s["answered"] for s in ctx["sections"])
    total = sum(s["total"] for s in ctx["sections"])
    ctx.update(
        {
            "section": section_def,
            "section_index": index,
            "previous_section": sections[index - 1] if index > 0 else None,
            "next_section": sections[index + 1] if index + 1 < len(sections) else None,
            "questions": question_views,
            "error_list": error_list,
            "error_message": error_message,
            "stale": stale,
            "version": assessment.version if version is None else version,
            "overall_answered": answered,
            "overall_total": total,
            "overall_percent": round(100 * answered / total) if total else 100,
            "saved_json": {k: v for k, v in saved.items() if v is not None},
        }
    )
    return render(request, "questionnaires/section.html", ctx, status=status)


def _section_post(request, assessment, definition, index, section_def):
    questions = view_models.section_questions(definition, section_def["key"])
    values, comments = view_models.parse_section_post(questions, request.POST)
    action = request.POST.get("action", "save")
    if not _ACTION_RE.match(action):
        action = "save"
    add_item = ""
    if action.startswith("add:"):
        add_item = action.split(":", 1)[1]
    if action.startswith("remove:"):
        _, key, n = action.split(":")
        items = values.get(key)
        if isinstance(items, list) and int(n) < len(items):
            items.pop(int(n))
    try:
        expected = int(request.POST.get("version", ""))
    except ValueError:
        expected = -1
    redisplay = {**selectors.answers_for_assessment(assessment=assessment), **values}
    all_comments = {**selectors.comments_for_assessment(assessment=assessment), **comments}
    try:
        assessment = services.answers_save(
            assessment=assessment, user=request.user, values=values, comments=comments, expected_version=expected
        )
    except StaleEdit as e:
        return _section_render(
            request,
            assessment,
            definition,
            index,
            section_def,
            answers=redisplay,
            comments=all_comments,
            saved_answers=selectors.answers_for_assessment(assessment=assessment),
            version=e.current_version,
            stale=True,
            error_message=e.message,
            status=409,
        )
    except ApplicationError as e:
        return _section_render(
            request,
            assessment,
            definition,
            index,
            section_def,
            answers=redisplay,
            comments=all_comments,
            errors=e.errors,
            version=expected,
            error_message=e.message,
        )

    evidence_errors = _evidence_from_post(request, assessment, questions, values, action)
    if evidence_errors:
        return _section_render(
            request,
            assessment,
            definition,
            index,
            section_def,
            evidence_errors=evidence_errors,
            error_message="Your answers were saved, but some evidence could not be attached.",
        )
    if action == "continue":
        messages.success(request, f"Section {section_def['key']} saved.")
        nxt = definition["sections"][index + 1] if index + 1 < len(definition["sections"]) else None
        if nxt is None:
            return redirect("questionnaires:overview", pk=assessment.pk)
        return redirect("questionnaires:section", pk=assessment.pk, section=nxt["key"])
    url = reverse("questionnaires:section", kwargs={"pk": assessment.pk, "section": section_def["key"]})
    if add_item:
        return HttpResponseRedirect(f"{url}?add={add_item}#q-{add_item}")
    messages.success(request, "Draft saved.")
    anchor = ""
    if action.startswith(("upload:", "delete-evidence:", "remove:")):
        anchor = "#q-" + action.split(":")[1].split("-")[0] if not action.startswith("delete-evidence:") else ""
    return HttpResponseRedirect(url + anchor)


def _evidence_from_post(request, assessment, questions, values, action) -> dict[str, list[str]]:
    """Attach the files and links chosen on the page, and delete evidence asked for. Runs after the
    answers were saved, so a refused file never costs an answer."""
    errors: dict[str, list[str]] = {}
    if action.startswith("delete-evidence:"):
        evidence = get_object_or_404(Evidence.objects.filter(assessment=assessment), pk=_int(action.split(":", 1)[1]))
        try:
            services.evidence_delete(evidence=evidence, user=request.user)
        except ApplicationError as e:
            errors.setdefault(evidence.question_key, []).append(e.message)
    saved = selectors.answers_for_assessment(assessment=assessment)
    targets: list[tuple[str, str, str]] = []  # (question key, item id, suffix)
    for q in questions:
        if q.get("evidence"):
            targets.append((q["key"], "", q["key"]))
        if q["type"] == "repeat" and q.get("evidence"):
            for item in saved.get(q["key"]) or []:
                if isinstance(item, dict) and item.get("id"):
                    targets.append((q["key"], item["id"], f"{q['key']}-{item['id']}"))
    for key, item_id, suffix in targets:
        uploaded = request.FILES.get(f"file-{suffix}")
        url = request.POST.get(f"evurl-{suffix}", "").strip()
        description = request.POST.get(f"evdesc-{suffix}", "")
        error_key = suffix if item_id else key
        try:
            if uploaded is not None:
                services.evidence_add_file(
                    assessment=assessment,
                    user=request.user,
                    question_key=key,
                    item_id=item_id,
                    uploaded_file=uploaded,
                    description=description,
                )
            if url:
                services.evidence_add_reference(
                    assessment=assessment,
                    user=request.user,
                    question_key=key,
                    item_id=item_id,
                    url=url,
                    description=description,
                )
        except ApplicationError as e:
            name = getattr(uploaded, "name", "") or url
            for messages_ in e.errors.values() or [[e.message]]:
                errors.setdefault(error_key, []).extend(f"{name[:80]}: {m}" for m in messages_)
            if not e.errors:
                errors.setdefault(error_key, []).append(e.message)
    return errors


@login_required
@require_POST
def assessment_submit(request, pk):
    access = selectors.assessment_access(user=request.user, pk=pk)
    assessment = access.assessment
    if not access.own_state:
        raise Http404
    if not access.submit:
        messages.error(
            request, f"This assessment is {assessment.get_status_display().lower()}: it cannot be submitted now."
        )
        return redirect("questionnaires:overview", pk=assessment.pk)
    try:
        expected = int(request.POST.get("version", ""))
    except ValueError:
        expected = None
    try:
        revision = services.assessment_submit(assessment=assessment, user=request.user, expected_version=expected)
    except ApplicationError as e:
        messages.error(request, e.message)
        return redirect("questionnaires:overview", pk=assessment.pk)
    messages.success(
        request, f"Revision {revision.number} submitted. It is being scored and now waits for an approver."
    )
    return redirect("questionnaires:overview", pk=assessment.pk)


def _decision(request, pk, service):
    access = selectors.assessment_access(user=request.user, pk=pk)
    assessment = access.assessment
    if not access.own_state:
        raise Http404
    if not request.user.is_approver:  # the other refusals are explained by the service's message
        raise PermissionDenied
    try:
        service(assessment=assessment, user=request.user, comment=request.POST.get("comment", ""))
    except ApplicationError as e:
        messages.error(request, e.errors.get("comment", [e.message])[0] if e.errors else e.message)
        return None, assessment
    return True, assessment


@login_required
@require_POST
def assessment_approve(request, pk):
    ok, assessment = _decision(request, pk, services.assessment_approve)
    if ok:
        messages.success(request, "Assessment approved. The designation register is updated.")
    return redirect("questionnaires:overview", pk=assessment.pk)


@login_required
@require_POST
def assessment_return(request, pk):
    ok, assessment = _decision(request, pk, services.assessment_return)
    if ok:
        messages.success(request, "Assessment returned to the regulators with your comment.")
    return redirect("questionnaires:overview", pk=assessment.pk)


@login_required
@require_GET
def revision_detail(request, pk, number):
    revision = selectors.revision_get_for_user(user=request.user, assessment_pk=pk, number=number)
    assessment = revision.assessment
    definition = revision.template_version.definition
    evidence_by_key: dict[str, list] = {}
    for e in revision.evidence or []:
        evidence_by_key.setdefault(e.get("question_key"), []).append(e)
    viewer = viewer_for_user(request.user)
    sections = []
    for section in definition["sections"]:
        rows = []
        if section_withheld(
            viewer=viewer, member_state_id=assessment.member_state_id, definition=definition, section_key=section["key"]
        ):
            # Never attributed outside the member state: designations are read from the register.
            sections.append({"section": section, "rows": [], "withheld": True})
            continue
        for q in section["questions"]:
            if q["key"] not in revision.answers and q["key"] not in evidence_by_key:
                continue
            value = revision.answers.get(q["key"])
            rows.append(
                {
                    "q": q,
                    "display": display.display_value(q, value),
                    "items": display.display_items(q, value) if q["type"] == "repeat" else [],
                    "comment": (revision.comments or {}).get(q["key"], ""),
                    "evidence": evidence_by_key.get(q["key"], []),
                }
            )
        sections.append({"section": section, "rows": rows})
    return render(
        request,
        "questionnaires/revision.html",
        {
            "assessment": assessment,
            "revision": revision,
            "sections": sections,
            "own_state": is_own_state(request.user, assessment),
        },
    )


@login_required
@require_GET
def evidence_download(request, pk):
    evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
    if evidence.kind != Evidence.Kind.FILE or not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    filename = get_valid_filename(evidence.original_name.encode("ascii", "ignore").decode() or "") or "evidence"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=evidence.content_type or "application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    audit_log(
        action="download",
        actor=request.user,
        obj=evidence,
        summary=f"Downloaded {evidence.original_name}",
        data={"sha256": evidence.sha256, "assessment": evidence.assessment_id},
        request=request,
    )
    return response
