"""HTML pages of the questionnaire: thin views that parse the request, check access with the
access helpers, call one service and render."""

import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from riskassess.audit.services import audit_log
from riskassess.confidentiality import section_withheld, viewer_for_user
from riskassess.core.exceptions import ApplicationError, StaleEdit
from riskassess.hearings.selectors import statements_for_section
from riskassess.questionnaires import display, selectors, services, view_models
from riskassess.questionnaires.access import can_edit, decide_refusal, is_own_state
from riskassess.questionnaires.conditions import visible_question_keys
from riskassess.questionnaires.definition import iter_questions
from riskassess.questionnaires.models import Assessment, Campaign, Evidence, Revision
from riskassess.questionnaires.wording import template_wording
from riskassess.suppliers.models import Supplier


@login_required
def home(request):
    if request.user.is_coordinator or request.user.is_observer:
        return redirect("dashboard:index")
    assessments = list(selectors.home_assessments(user=request.user))
    campaigns = []
    for campaign in selectors.open_campaigns():
        rows = [a for a in assessments if a.campaign_id == campaign.pk]
        assessed = {a.supplier_id for a in rows}
        deadline = selectors.deadline_for(campaign=campaign, member_state_id=request.user.member_state_id)
        campaigns.append(
            {
                "campaign": campaign,
                "deadline": deadline,
                "extended": deadline != campaign.deadline,
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
    queue = list(selectors.approval_queue(user=request.user)[:200])
    return render(request, "questionnaires/home.html", {"campaigns": campaigns, "earlier": earlier, "queue": queue})


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
        if request.POST.get("carry_over") and not assessment.answered_required:
            copied = services.assessment_carry_over(assessment=assessment, user=request.user)
            if copied:
                messages.success(
                    request,
                    ngettext(
                        "%(n)d answer carried over from last year: check and confirm it.",
                        "%(n)d answers carried over from last year: check and confirm each of them.",
                        copied,
                    )
                    % {"n": copied},
                )
            else:
                messages.info(request, _("There were no answers from last year to carry over."))
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
    # The questionnaire's texts in the page's language (English where not translated): display only.
    shown = template_wording(template_version=assessment.campaign.template_version)
    definition = shown.definition
    answers = selectors.answers_for_assessment(assessment=assessment)
    progress = view_models.section_progress(definition, answers)
    return {
        "assessment": assessment,
        "definition": definition,
        "wording": shown,
        "wording_notice": shown.notice(),
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
            "review_comments": _returned_comments(assessment, ctx["definition"]),
            "first_section": ctx["definition"]["sections"][0]["key"] if ctx["definition"]["sections"] else None,
        }
    )
    return render(request, "questionnaires/overview.html", ctx)


def _returned_comments(assessment: Assessment, definition: dict[str, Any]) -> list[dict[str, Any]]:
    """The approver's comments at the questions of a returned assessment's last revision."""
    if assessment.status != Assessment.Status.RETURNED:
        return []
    sections = {q["key"]: q["section"] for q in iter_questions(definition)}
    by_key = selectors.review_comments_by_question(assessment=assessment, revision_number=assessment.current_revision)
    return [
        {"key": key, "section": sections.get(key, ""), "text": c.text, "author": c.author}
        for key, comments in by_key.items()
        for c in comments
        if key in sections
    ]


def _section_or_404(definition, key):
    for index, section in enumerate(definition["sections"]):
        if section["key"] == key:
            return index, section
    raise Http404("No such section.")


@login_required
@require_http_methods(["GET", "POST"])
def assessment_section(request, pk, section):
    assessment = selectors.assessment_access(user=request.user, pk=pk).assessment
    if not is_own_state(request.user, assessment):
        if request.method == "POST":
            raise Http404
        return redirect("questionnaires:revision", pk=assessment.pk, number=assessment.current_revision)
    definition = assessment.campaign.template_version.definition
    index, section_def = _section_or_404(definition, section)
    page = _SectionPage(assessment=assessment, definition=definition, index=index, section=section_def)
    if request.method == "POST":
        page.assessment = selectors.assessment_access(user=request.user, pk=pk).require_edit()
        return _section_post(request, page)
    return _section_render(request, page, Redisplay(add_item=request.GET.get("add", "")))


@dataclass
class _SectionPage:
    assessment: Assessment
    definition: dict[str, Any]
    index: int
    section: dict[str, Any]

    @property
    def questions(self) -> list[dict[str, Any]]:
        return view_models.section_questions(self.definition, self.section["key"])


@dataclass
class Redisplay:
    """What a section page shows instead of the saved state: the user's input after a refused save."""

    answers: dict[str, Any] | None = None
    comments: dict[str, str] | None = None
    errors: dict[str, list[str]] | None = None
    evidence_errors: dict[str, list[str]] | None = None
    saved_answers: dict[str, Any] | None = None  # the other side's values of conflicting questions
    base: dict[str, Any] | None = None
    version: int | None = None
    stale: StaleEdit | None = None
    error_message: str = ""
    add_item: str = ""
    status: int = 200


def section_base(questions: list[dict[str, Any]], answers: dict[str, Any], comments: dict[str, str]) -> dict:
    """The values and comments of a section as the page is drawn: what the next save compares with."""
    keys = [q["key"] for q in questions]
    return {
        "values": {k: answers[k] for k in keys if answers.get(k) is not None},
        "comments": {k: comments[k] for k in keys if comments.get(k)},
    }


def _section_render(request, page: _SectionPage, shown_state: Redisplay):
    assessment, index = page.assessment, page.index
    ctx = _context_common(request, assessment)
    definition = ctx["definition"]  # as displayed: the page's language where translated
    section_def = definition["sections"][index]
    saved = ctx["answers"]
    questions = view_models.section_questions(definition, section_def["key"])
    saved_comments = selectors.comments_for_assessment(assessment=assessment)
    shown_answers = dict(saved if shown_state.answers is None else shown_state.answers)
    shown_comments = saved_comments if shown_state.comments is None else shown_state.comments
    all_questions = list(iter_questions(definition))
    shown = set(
        visible_question_keys(all_questions, {k: v for k, v in shown_answers.items() if v not in (None, "", [])})
    )
    evidence = list(selectors.evidence_for_assessment(assessment=assessment))
    question_views = view_models.build_question_views(
        questions,
        shown=shown,
        answers=shown_answers,
        comments=shown_comments,
        evidence=evidence,
        errors=shown_state.errors,
        evidence_errors=shown_state.evidence_errors,
        saved_answers=shown_state.saved_answers,
        add_item=shown_state.add_item,
    )
    returned: dict[str, Any] = {}
    for c in _returned_comments(assessment, definition):
        returned.setdefault(c["key"], []).append(c)
    carried = selectors.carried_over_keys(assessment=assessment)
    english = ctx["wording"].english_questions if ctx["wording"].translated else {}
    for view in question_views:
        view["review_comments"] = returned.get(view["key"], [])
        view["carried_over"] = view["key"] in carried
        view["english"] = english.get(view["key"])
    sections = definition["sections"]
    error_list = []
    for view in question_views:
        for message in view["errors"] + view["evidence_errors"]:
            error_list.append({"anchor": f"q-{view['key']}", "key": view["key"], "message": message})
    for key, messages_ in (shown_state.evidence_errors or {}).items():
        if "-" in key:
            error_list += [
                {"anchor": f"q-{key.split('-')[0]}", "key": key.split("-")[0], "message": m} for m in messages_
            ]
    answered = sum(s["answered"] for s in ctx["sections"])
    total = sum(s["total"] for s in ctx["sections"])
    base = shown_state.base if shown_state.base is not None else section_base(questions, saved, saved_comments)
    ctx.update(
        {
            "section": section_def,
            "section_index": index,
            "previous_section": sections[index - 1] if index > 0 else None,
            "next_section": sections[index + 1] if index + 1 < len(sections) else None,
            "questions": question_views,
            "error_list": error_list,
            "error_message": shown_state.error_message,
            "stale": shown_state.stale,
            "version": assessment.version if shown_state.version is None else shown_state.version,
            "base_json": json.dumps(base, sort_keys=True, separators=(",", ":")),
            "overall_answered": answered,
            "overall_total": total,
            "overall_percent": round(100 * answered / total) if total else 100,
            "saved_json": {k: v for k, v in saved.items() if v is not None},
            # The supplier's own statements of fact for this section's questions, beside the answers.
            "supplier_statements": statements_for_section(
                user=request.user, assessment=assessment, question_keys=[q["key"] for q in questions]
            ),
        }
    )
    return render(request, "questionnaires/section.html", ctx, status=shown_state.status)


def _post_base(post) -> dict[str, Any] | None:
    """The page's base (see `section_base`), or None when the form did not send a readable one."""
    try:
        base = json.loads(post.get("base", ""))
    except ValueError:
        return None
    return base if isinstance(base, dict) else None


def _confirmed(questions: list[dict[str, Any]], post) -> list[str]:
    """The carried-over answers the user ticked as confirmed (`confirm-<question>`)."""
    return [q["key"] for q in questions if post.get(f"confirm-{q['key']}")]


def _post_version(post) -> int:
    try:
        return int(post.get("version", ""))
    except ValueError:
        return -1


def _stale_redisplay(page: _SectionPage, e: StaleEdit, values: dict, comments: dict) -> Redisplay:
    """After a refused save: the saved answers with the user's own changes over them, the conflicts
    marked, and a base on the current state, so that saving again writes only what the user changed."""
    assessment = page.assessment
    current = selectors.answers_for_assessment(assessment=assessment)
    current_comments = selectors.comments_for_assessment(assessment=assessment)
    changed = set(e.changed) if e.changed else set(values) | set(comments)
    return Redisplay(
        answers={**current, **{k: v for k, v in values.items() if k in changed}},
        comments={**current_comments, **{k: v for k, v in comments.items() if k in changed}},
        saved_answers={k: current.get(k) for k in (e.conflicts or changed)},
        base=section_base(page.questions, current, current_comments),
        version=e.current_version,
        stale=e,
        error_message=e.message,
        status=409,
    )


def _section_post(request, page: _SectionPage):
    """The section form: ordinary fields say what else to do after saving (`continue`, `add`,
    `remove-<question>`, `delete_evidence`, `upload`)."""
    questions = page.questions
    repeat_keys = {q["key"] for q in questions if q["type"] == "repeat"}
    values, comments = view_models.parse_section_post(questions, request.POST)
    add_item = request.POST.get("add", "")
    if add_item not in repeat_keys:
        add_item = ""
    anchor = add_item or request.POST.get("upload", "").split("-")[0]
    for key in repeat_keys:
        removed = request.POST.get(f"remove-{key}", "")
        items = values.get(key)
        if removed.isdigit() and isinstance(items, list) and int(removed) < len(items):
            items.pop(int(removed))
            anchor = key
    expected = _post_version(request.POST)
    base = _post_base(request.POST)
    redisplay = {**selectors.answers_for_assessment(assessment=page.assessment), **values}
    all_comments = {**selectors.comments_for_assessment(assessment=page.assessment), **comments}
    try:
        page.assessment = services.answers_save(
            assessment=page.assessment,
            user=request.user,
            values=values,
            comments=comments,
            expected_version=expected,
            base=base,
            confirmed=_confirmed(questions, request.POST),
        )
    except StaleEdit as e:
        return _section_render(request, page, _stale_redisplay(page, e, values, comments))
    except ApplicationError as e:
        return _section_render(
            request,
            page,
            Redisplay(
                answers=redisplay,
                comments=all_comments,
                errors=e.errors,
                base=base,
                version=expected,
                error_message=e.message,
            ),
        )

    evidence_errors = _evidence_from_post(request, page.assessment, questions)
    if evidence_errors:
        return _section_render(
            request,
            page,
            Redisplay(
                evidence_errors=evidence_errors,
                error_message=str(_("Your answers were saved, but some evidence could not be attached.")),
            ),
        )
    assessment, definition, index = page.assessment, page.definition, page.index
    if request.POST.get("continue"):
        messages.success(request, _("Section %(key)s saved.") % {"key": page.section["key"]})
        nxt = definition["sections"][index + 1] if index + 1 < len(definition["sections"]) else None
        if nxt is None:
            return redirect("questionnaires:overview", pk=assessment.pk)
        return redirect("questionnaires:section", pk=assessment.pk, section=nxt["key"])
    url = reverse("questionnaires:section", kwargs={"pk": assessment.pk, "section": page.section["key"]})
    if add_item:
        return HttpResponseRedirect(f"{url}?add={add_item}#q-{add_item}")
    messages.success(request, _("Draft saved."))
    return HttpResponseRedirect(url + (f"#q-{anchor}" if anchor else ""))


@login_required
@require_POST
def assessment_section_autosave(request, pk, section):
    """The section form saved in the background (no files, no item added or removed): JSON with the
    new version and base, or the errors, or the conflicts of a stale edit (409)."""
    assessment = selectors.assessment_access(user=request.user, pk=pk).assessment
    if not is_own_state(request.user, assessment):
        raise Http404
    definition = assessment.campaign.template_version.definition
    index, section_def = _section_or_404(definition, section)
    assessment = selectors.assessment_access(user=request.user, pk=pk).require_edit()
    page = _SectionPage(assessment=assessment, definition=definition, index=index, section=section_def)
    values, comments = view_models.parse_section_post(page.questions, request.POST)
    base = _post_base(request.POST)
    try:
        assessment = services.answers_save(
            assessment=assessment,
            user=request.user,
            values=values,
            comments=comments,
            expected_version=_post_version(request.POST),
            base=base,
            confirmed=_confirmed(page.questions, request.POST),
        )
    except StaleEdit as e:
        return JsonResponse(
            {
                "message": e.message,
                "version": e.current_version,
                "conflicts": e.conflicts,
                "same_user": e.same_user,
            },
            status=409,
        )
    except ApplicationError as e:
        return JsonResponse({"message": e.message, "errors": e.errors}, status=400)
    saved = selectors.answers_for_assessment(assessment=assessment)
    saved_comments = selectors.comments_for_assessment(assessment=assessment)
    # The new base: the old one with what this page just wrote (answers the page did not change
    # keep their old base, so that a later save never reverts someone else's change).
    new_base = base or section_base(page.questions, {}, {})
    written = section_base(page.questions, saved, saved_comments)
    for part in ("values", "comments"):
        merged = dict(new_base.get(part) or {})
        source = values if part == "values" else comments
        for key in source:
            if key in written[part]:
                merged[key] = written[part][key]
            else:
                merged.pop(key, None)
        new_base[part] = merged
    return JsonResponse(
        {
            "version": assessment.version,
            "base": new_base,
            "saved_at": date_format(timezone.localtime(assessment.updated_at), "H:i"),
            "answered": assessment.answered_required,
            "total": assessment.total_required,
        }
    )


def _evidence_from_post(request, assessment, questions) -> dict[str, list[str]]:
    """Attach the files and links chosen on the page, and delete the evidence asked for
    (`delete_evidence`). Runs after the answers were saved, so a refused file never costs an answer."""
    errors: dict[str, list[str]] = {}
    if request.POST.get("delete_evidence"):
        evidence = get_object_or_404(
            Evidence.objects.filter(assessment=assessment), pk=_int(request.POST.get("delete_evidence"))
        )
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
@require_http_methods(["GET", "POST"])
def assessment_submit(request, pk):
    """The review before submitting (GET), and the submission with its declaration (POST)."""
    assessment = selectors.assessment_access(user=request.user, pk=pk).assessment
    if not is_own_state(request.user, assessment):
        raise Http404
    if not can_edit(request.user, assessment):
        messages.error(
            request,
            _("This assessment is %(status)s: it cannot be submitted now.")
            % {"status": assessment.get_status_display().lower()},
        )
        return redirect("questionnaires:overview", pk=assessment.pk)
    shown = template_wording(template_version=assessment.campaign.template_version)
    review = selectors.submission_review(assessment=assessment, definition=shown.definition)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not request.POST.get("declaration"):
            errors["declaration"] = str(_("Tick the declaration to submit."))
        if review["unchanged"] and not request.POST.get("confirm_unchanged"):
            errors["confirm_unchanged"] = str(
                _("Nothing changed since the last revision: tick the box to submit it unchanged.")
            )
        if not errors:
            try:
                revision = services.assessment_submit(
                    assessment=assessment, user=request.user, expected_version=_post_version(request.POST)
                )
            except ApplicationError as e:
                messages.error(request, e.message)
                return redirect("questionnaires:overview", pk=assessment.pk)
            messages.success(
                request,
                _("Revision %(number)s submitted. It is being scored and now waits for an approver.")
                % {"number": revision.number},
            )
            return redirect("questionnaires:overview", pk=assessment.pk)
    ctx = _context_common(request, assessment)
    missing = [q for s in ctx["sections"] for q in s["missing"]]
    ctx.update(review)
    ctx.update({"missing": missing, "errors": errors, "next_revision": assessment.current_revision + 1})
    return render(request, "questionnaires/submit_review.html", ctx, status=400 if errors else 200)


def _decision_context(request, assessment: Assessment) -> dict[str, Any]:
    revision = get_object_or_404(
        Revision.objects.select_related("template_version", "submitted_by"),
        assessment=assessment,
        number=assessment.current_revision,
    )
    previous = Revision.objects.filter(assessment=assessment, number=revision.number - 1).first()
    shown = template_wording(template_version=revision.template_version)
    definition = shown.definition  # display only
    earlier_comments = selectors.review_comments_by_question(assessment=assessment)
    sections = []
    for section in definition["sections"]:
        rows = []
        for q in section["questions"]:
            if q["key"] not in revision.answers:
                continue
            value = revision.answers.get(q["key"])
            rows.append(
                {
                    "q": q,
                    "display": display.display_value(q, value),
                    "items": display.display_items(q, value) if q["type"] == "repeat" else [],
                    "comment": (revision.comments or {}).get(q["key"], ""),
                    "review_comments": earlier_comments.get(q["key"], []),
                    "draft": request.POST.get(f"rc-{q['key']}", "") if request.method == "POST" else "",
                }
            )
        sections.append({"section": section, "rows": rows})
    changes = (
        selectors.revision_changes(
            definition=definition, old_answers=previous.answers or {}, new_answers=revision.answers or {}
        )
        if previous
        else []
    )
    return {
        "assessment": assessment,
        "revision": revision,
        "previous": previous,
        "changes": changes,
        "sections": sections,
        "wording_notice": shown.notice(),
    }


@login_required
@require_GET
def assessment_decide(request, pk):
    """The approver's review: the revision, what changed since the last one, a comment per question."""
    assessment = selectors.assessment_access(user=request.user, pk=pk).assessment
    if not is_own_state(request.user, assessment):
        raise Http404
    if not _may_decide(request.user, assessment):
        return redirect("questionnaires:overview", pk=assessment.pk)
    return render(request, "questionnaires/decide.html", _decision_context(request, assessment))


def _may_decide(user, assessment: Assessment) -> bool:
    return decide_refusal(user, assessment) is None


def _question_comments(request) -> dict[str, str]:
    return {name[3:]: value for name, value in request.POST.items() if name.startswith("rc-") and value.strip()}


def _decision(request, pk, service, *, needs_declaration: bool):
    assessment = selectors.assessment_access(user=request.user, pk=pk).assessment
    if not is_own_state(request.user, assessment):
        raise Http404
    if not request.user.is_approver:
        raise PermissionDenied
    error = ""
    if needs_declaration and _may_decide(request.user, assessment) and not request.POST.get("declaration"):
        error = str(_("Tick the declaration to approve."))
    else:
        try:
            service(
                assessment=assessment,
                user=request.user,
                comment=request.POST.get("comment", ""),
                question_comments=_question_comments(request),
            )
            return None, assessment
        except ApplicationError as e:
            error = e.errors.get("comment", [e.message])[0] if e.errors else e.message
    if _may_decide(request.user, assessment):
        ctx = _decision_context(request, assessment)
        ctx.update({"error": error, "comment": request.POST.get("comment", "")})
        return render(request, "questionnaires/decide.html", ctx, status=400), assessment
    messages.error(request, error)
    return redirect("questionnaires:overview", pk=assessment.pk), assessment


@login_required
@require_POST
def assessment_approve(request, pk):
    refused, assessment = _decision(request, pk, services.assessment_approve, needs_declaration=True)
    if refused:
        return refused
    messages.success(request, _("Assessment approved. The designation register is updated."))
    return redirect("questionnaires:overview", pk=assessment.pk)


@login_required
@require_POST
def assessment_return(request, pk):
    refused, assessment = _decision(request, pk, services.assessment_return, needs_declaration=False)
    if refused:
        return refused
    messages.success(request, _("Assessment returned to the regulators with your comments."))
    return redirect("questionnaires:overview", pk=assessment.pk)


@login_required
@require_GET
def revision_detail(request, pk, number):
    revision = selectors.revision_get_for_user(user=request.user, assessment_pk=pk, number=number)
    assessment = revision.assessment
    shown = template_wording(template_version=revision.template_version)
    definition = shown.definition  # display only
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
            "wording_notice": shown.notice(),
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
