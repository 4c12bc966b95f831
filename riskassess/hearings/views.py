"""Pages of hearings: the authority's (`/hearings/`) and the supplier portal's (`/supplier/`).

Thin: the access decision is `selectors.hearing_access` (404 for a hearing the user may not see),
the writes are `services`. Supplier users reach only the portal (riskassess.accounts.confinement);
the authority's pages answer 404 to everyone but regulators, approvers and coordinators.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from riskassess.audit.services import audit_log
from riskassess.core.exceptions import ApplicationError
from riskassess.hearings import forms, selectors, services
from riskassess.hearings.models import HearingAnswer, Outcome, StatementTopic
from riskassess.suppliers.models import AssetClass, Supplier


def _require_authority_role(user: Any) -> None:
    if not selectors.hearing_may_open(user):
        raise Http404


def _require_supplier(user: Any) -> None:
    if getattr(user, "role", "") != "supplier":
        raise Http404


def _error(request: HttpRequest, exc: ApplicationError) -> None:
    details = "; ".join(m for msgs in exc.errors.values() for m in msgs)
    messages.error(request, f"{exc.message} {details}".strip() if details and details != exc.message else exc.message)


def _file_response(request: HttpRequest, obj: Any) -> FileResponse:
    if not obj.file:
        raise Http404
    audit_log(
        action="download", actor=request.user, obj=obj, summary=f"Downloaded {obj.original_name}", request=request
    )
    return FileResponse(
        obj.file.open("rb"), as_attachment=True, filename=obj.original_name, content_type=obj.content_type or None
    )


# ---------------------------------------------------------------------------------------------
# The authority's pages
# ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_authority_role(user)
    hearings = selectors.hearings_visible_to(user)[:200]
    assessments: list[Any] = []
    if user.is_national:
        from riskassess.questionnaires.models import Assessment

        assessments = list(
            Assessment.objects.filter(member_state_id=user.member_state_id)
            .select_related("supplier", "campaign")
            .order_by("supplier__name", "-campaign__opens_on")[:500]
        )
    return render(
        request,
        "hearings/index.html",
        {
            "hearings": hearings,
            "suppliers": Supplier.objects.filter(is_active=True).order_by("name"),
            "assessments": assessments,
            "form": forms.OpenForm(),
            "invite_form": forms.InviteForm(),
            "may_invite": user.is_coordinator or user.manages_accounts,
        },
    )


@login_required
@require_POST
def open_hearing(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_authority_role(user)
    form = forms.OpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Fill in the supplier, the subject, the grounds and the deadline."))
        return redirect("hearings:index")
    data = form.cleaned_data
    supplier = get_object_or_404(Supplier, pk=data["supplier"], is_active=True)
    source = None
    if data.get("source_assessment"):
        from riskassess.questionnaires.models import Assessment

        source = get_object_or_404(Assessment, pk=data["source_assessment"], member_state_id=user.member_state_id)
    documents = []
    if data.get("doc_title"):
        documents.append(
            {
                "title": data["doc_title"],
                "summary": data.get("doc_summary", ""),
                "tlp": data.get("doc_tlp") or "TLP:AMBER",
                "withheld": data.get("doc_withheld", ""),
                "withheld_reason": data.get("doc_withheld_reason", ""),
            }
        )
    try:
        hearing = services.hearing_open(
            user=user,
            supplier=supplier,
            subject=data["subject"],
            grounds=data["grounds"],
            deadline=data["deadline"],
            documents=documents,
            source_assessment=source,
            request=request,
        )
    except ApplicationError as exc:
        _error(request, exc)
        return redirect("hearings:index")
    messages.success(request, _("The hearing is open. The supplier's users are told by e-mail."))
    return redirect("hearings:detail", pk=hearing.pk)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_authority_role(user)
    access = selectors.hearing_access(user=user, pk=pk)
    hearing = access.hearing
    statements = selectors.statements_visible_to(user, supplier_id=hearing.supplier_id)
    return render(
        request,
        "hearings/detail.html",
        {
            "access": access,
            "hearing": hearing,
            "documents": hearing.documents.all(),
            "answers": hearing.answers.select_related("author"),
            "extensions": hearing.extensions.select_related("granted_by"),
            "cited": set(hearing.cited_answers.values_list("pk", flat=True)),
            "statements": statements,
            "outcomes": Outcome.choices,
            "asset_classes": AssetClass.objects.order_by("order", "name"),
            "register_entry": selectors.register_entry(hearing),
            "extend_form": forms.ExtendForm(),
        },
    )


@login_required
@require_POST
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_authority_role(user)
    access = selectors.hearing_access(user=user, pk=pk)
    form = forms.ExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the new deadline and why it is extended."))
        return redirect("hearings:detail", pk=pk)
    try:
        services.hearing_extend(
            user=user,
            hearing=access.hearing,
            new_deadline=form.cleaned_data["new_deadline"],
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except PermissionDenied:
        raise
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The deadline is extended."))
    return redirect("hearings:detail", pk=pk)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_authority_role(user)
    access = selectors.hearing_access(user=user, pk=pk)
    form = forms.DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the decision and give its reasons."))
        return redirect("hearings:detail", pk=pk)
    try:
        cited = [int(v) for v in request.POST.getlist("cited_answers")]
    except ValueError:
        cited = [-1]
    try:
        services.hearing_decide(
            user=user,
            hearing=access.hearing,
            outcome=form.cleaned_data["outcome"],
            reasoning=form.cleaned_data["reasoning"],
            instrument=form.cleaned_data.get("instrument", ""),
            instrument_date=form.cleaned_data.get("instrument_date"),
            scopes=request.POST.getlist("scopes"),
            confidential=form.cleaned_data.get("confidential", False),
            share_cap_percent=form.cleaned_data.get("share_cap_percent"),
            cited_answer_ids=cited,
            request=request,
        )
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The decision is recorded. The supplier is told by e-mail."))
    return redirect("hearings:detail", pk=pk)


@login_required
@require_GET
def answer_file(request: HttpRequest, pk: int) -> FileResponse:
    user: Any = request.user
    _require_authority_role(user)
    answer = get_object_or_404(HearingAnswer, pk=pk, hearing__in=selectors.hearings_visible_to(user))
    return _file_response(request, answer)


@login_required
@require_GET
def statement_file(request: HttpRequest, pk: int) -> FileResponse:
    _require_authority_role(request.user)
    return _file_response(request, selectors.statement_get_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_authority_role(user)
    if not (user.is_coordinator or user.manages_accounts):
        raise Http404
    form = forms.InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the supplier, a user name and an e-mail address."))
        return redirect("hearings:index")
    supplier = get_object_or_404(Supplier, pk=form.cleaned_data["supplier"], is_active=True)
    try:
        services.supplier_user_invite(
            manager=user,
            supplier=supplier,
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            request=request,
        )
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The invitation is sent. The link works once and expires."))
    return redirect("hearings:index")


# ---------------------------------------------------------------------------------------------
# The supplier portal
# ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def portal_home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_supplier(user)
    return render(
        request,
        "hearings/portal_home.html",
        {"hearings": selectors.hearings_visible_to(user), "statements": selectors.statements_visible_to(user)},
    )


@login_required
@require_GET
def portal_hearing(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_supplier(user)
    access = selectors.hearing_access(user=user, pk=pk)
    hearing = access.hearing
    return render(
        request,
        "hearings/portal_hearing.html",
        {
            "access": access,
            "hearing": hearing,
            "documents": hearing.documents.all(),
            "answers": hearing.answers.select_related("author"),
            "extensions": hearing.extensions.all(),
            "cited": set(hearing.cited_answers.values_list("pk", flat=True)),
            "form": forms.AnswerForm(),
        },
    )


@login_required
@require_POST
def portal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_supplier(user)
    access = selectors.hearing_access(user=user, pk=pk)
    form = forms.AnswerForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Write your statement."))
        return redirect("supplier:hearing", pk=pk)
    try:
        services.hearing_answer(
            user=user,
            hearing=access.hearing,
            statement=form.cleaned_data["statement"],
            uploaded_file=form.cleaned_data.get("file"),
            request=request,
        )
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Your answer is sent. The authority is told by e-mail."))
    return redirect("supplier:hearing", pk=pk)


@login_required
@require_GET
def portal_answer_file(request: HttpRequest, pk: int) -> FileResponse:
    user: Any = request.user
    _require_supplier(user)
    answer = get_object_or_404(HearingAnswer, pk=pk, hearing__in=selectors.hearings_visible_to(user))
    return _file_response(request, answer)


@login_required
def portal_statements(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_supplier(user)
    if request.method == "POST":
        form = forms.StatementForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.statement_add(
                    user=user,
                    topic=form.cleaned_data["topic"],
                    text=form.cleaned_data["text"],
                    uploaded_file=form.cleaned_data.get("file"),
                    request=request,
                )
            except ApplicationError as exc:
                _error(request, exc)
            else:
                messages.success(request, _("Your statement is saved. Every member state's regulators see it."))
        else:
            messages.error(request, _("Choose what the statement is about and write it."))
        return redirect("supplier:statements")
    return render(
        request,
        "hearings/portal_statements.html",
        {
            "statements": selectors.statements_visible_to(user),
            "topics": StatementTopic.choices,
            "form": forms.StatementForm(),
        },
    )


@login_required
@require_POST
def portal_statement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_supplier(user)
    services.statement_delete(user=user, statement=selectors.statement_get_for_user(user=user, pk=pk), request=request)
    messages.success(request, _("The statement is withdrawn."))
    return redirect("supplier:statements")


@login_required
@require_GET
def portal_statement_file(request: HttpRequest, pk: int) -> FileResponse:
    _require_supplier(request.user)
    return _file_response(request, selectors.statement_get_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def statement_take_over(request: HttpRequest, pk: int) -> HttpResponse:
    """Takes a supplier statement over into the state's own answer (marked as taken from it)."""
    from riskassess.questionnaires.selectors import assessment_access

    user: Any = request.user
    if not user.is_national:
        raise Http404
    statement = selectors.statement_get_for_user(user=user, pk=pk)
    try:
        assessment_pk = int(request.POST.get("assessment", ""))
    except ValueError:
        raise Http404 from None
    access = assessment_access(user=user, pk=assessment_pk)
    if not access.own_state or access.assessment.supplier_id != statement.supplier_id:
        raise Http404
    try:
        key = services.statement_take_over(
            user=user, assessment=access.require_edit(), statement=statement, request=request
        )
    except ApplicationError as exc:
        _error(request, exc)
        return redirect("questionnaires:overview", pk=assessment_pk)
    messages.success(
        request,
        _("The supplier's statement is taken over into %(key)s. Check it and keep your own judgment.") % {"key": key},
    )
    section = key[0]
    return redirect(reverse("questionnaires:section", args=[assessment_pk, section]) + f"#q-{key}")
