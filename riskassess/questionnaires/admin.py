"""Questionnaire templates, their versions (import from YAML, publish, compare) and campaigns
(open, close, deadline, re-score), for EU coordinators.

Assessments, answers and evidence are not in the admin: drafts never leave their member state.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from riskassess.core.admin_site import CoordinatorAdmin, is_admin_user
from riskassess.core.exceptions import ApplicationError
from riskassess.dashboard.admin import DashboardInputAdmin
from riskassess.questionnaires.models import Campaign, QuestionnaireTemplate, TemplateTranslation, TemplateVersion
from riskassess.questionnaires.services import campaign_status_set
from riskassess.questionnaires.template_versions import (
    template_version_diff,
    template_version_import,
    template_version_publish,
)
from riskassess.scoring.admin import rescore_campaigns_action

MAX_TEMPLATE_BYTES = 1024 * 1024


@admin.register(QuestionnaireTemplate)
class QuestionnaireTemplateAdmin(CoordinatorAdmin):
    list_display = ("key", "name", "created_at")
    search_fields = ("key", "name")

    def has_add_permission(self, request) -> bool:
        return False  # templates come with their first imported version


class TemplateApprovalForm(forms.Form):
    approval_reason = forms.CharField(
        label=_("Reason for approval"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 100}),
        help_text=_("Why this rule set may be used: the validation it rests on. You are recorded as its approver."),
    )


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    """Several files in one field (the translation files of a version)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", _MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(d, initial) for d in data if d]
        return [one(data, initial)] if data else []


class TemplateImportForm(forms.Form):
    file = forms.FileField(required=False, help_text=_("A template file in YAML (docs/questionnaire-format.md)."))
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 16, "cols": 100}), help_text=_("Or paste the YAML here.")
    )
    translation_files = _MultipleFileField(
        required=False,
        help_text=_("Translation files of this version, one per language (docs/translations.md)."),
    )
    shipped_translations = forms.BooleanField(
        required=False,
        initial=True,
        help_text=_("When no translation files are chosen: import the translations shipped with this version."),
    )
    publish = forms.BooleanField(required=False, help_text=_("Publish at once: immutable, usable by campaigns."))
    approval_reason = forms.CharField(
        label=_("Reason for approval"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 100}),
        help_text=_("Required to publish a rule set of the dimensions model: you are recorded as its approver."),
    )

    def clean(self):
        data = super().clean() or {}
        upload = data.get("file")
        if upload:
            if upload.size > MAX_TEMPLATE_BYTES:
                raise ValidationError(_("The file is larger than 1 MiB."))
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise ValidationError(_("The file is not UTF-8 text.")) from None
        if not (data.get("text") or "").strip():
            raise ValidationError(_("Choose a file or paste the template."))
        texts = []
        for upload in data.get("translation_files") or []:
            if upload.size > MAX_TEMPLATE_BYTES:
                raise ValidationError(_("A translation file is larger than 1 MiB."))
            try:
                texts.append(upload.read().decode("utf-8"))
            except UnicodeDecodeError:
                raise ValidationError(_("A translation file is not UTF-8 text.")) from None
        data["translations"] = texts or None
        return data


@admin.action(description=_("Publish the selected versions"))
def publish_versions_action(modeladmin, request, queryset):
    for version in queryset:
        try:
            template_version_publish(template_version=version, user=request.user)
        except ApplicationError as e:
            problems = "; ".join(m for ms in e.errors.values() for m in ms)
            modeladmin.message_user(request, f"{version}: {e.message} {problems}".strip(), level=messages.ERROR)
        else:
            modeladmin.message_user(
                request, _("%(version)s is published.") % {"version": version}, level=messages.SUCCESS
            )


@admin.action(description=_("Compare two selected versions"))
def compare_versions_action(modeladmin, request, queryset):
    versions = list(queryset.order_by("created_at")[:3])
    if len(versions) != 2:
        modeladmin.message_user(request, _("Select exactly two versions to compare."), level=messages.WARNING)
        return None
    url = reverse("admin:questionnaires_templateversion_compare", args=[versions[1].pk])
    return HttpResponseRedirect(f"{url}?old={versions[0].pk}")


class TemplateTranslationInline(admin.TabularInline):
    """The translations kept with a version (docs/translations.md): imported, never edited here."""

    model = TemplateTranslation
    fields = ("language", "review_status", "reviewed_by", "reviewed_on", "translated", "missing_count", "updated_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None) -> bool:
        return is_admin_user(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("Translated texts"))
    def translated(self, obj):
        return len(obj.texts or {})

    @admin.display(description=_("Missing (shown in English)"))
    def missing_count(self, obj):
        return len(obj.missing or [])


@admin.register(TemplateVersion)
class TemplateVersionAdmin(CoordinatorAdmin):
    list_display = ("template", "version", "status", "rules_version", "published_at", "approved_by_name", "created_at")
    list_filter = ("status", "template")
    list_select_related = ("template",)
    search_fields = ("version", "template__key", "template__name", "rules_hash")
    readonly_fields = (
        "template",
        "version",
        "status",
        "rules_hash",
        "published_at",
        "approved_by_name",
        "approved_at",
        "approval_reason",
        "definition",
    )
    fields = readonly_fields
    inlines = [TemplateTranslationInline]
    actions = [publish_versions_action, compare_versions_action]
    change_list_template = "admin/questionnaires/templateversion/change_list.html"

    @admin.display(description=_("Rule set"))
    def rules_version(self, obj):
        return obj.rules_version

    def has_add_permission(self, request) -> bool:
        return False  # versions are imported from their YAML file

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a published version is immutable; a change is a new version

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="questionnaires_templateversion_import"),
            path("<int:pk>/compare/", wrap(self.compare_view), name="questionnaires_templateversion_compare"),
            path("<int:pk>/approve/", wrap(self.approve_view), name="questionnaires_templateversion_approve"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        form = TemplateImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                version = template_version_import(
                    text=form.cleaned_data["text"],
                    publish=form.cleaned_data["publish"],
                    user=request.user,
                    approval_reason=form.cleaned_data["approval_reason"],
                    translations=form.cleaned_data["translations"],
                    shipped_translations=form.cleaned_data["shipped_translations"],
                )
            except ApplicationError as e:
                form.add_error(None, e.message)
                for problem in (p for ps in e.errors.values() for p in ps):
                    form.add_error(None, problem)
            else:
                self.message_user(
                    request,
                    _("Imported %(version)s (%(status)s).")
                    % {"version": version, "status": version.get_status_display().lower()},
                )
                return HttpResponseRedirect(reverse("admin:questionnaires_templateversion_change", args=[version.pk]))
        return TemplateResponse(
            request,
            "admin/questionnaires/templateversion/import.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Import a template version"),
                "form": form,
                "opts": self.opts,
            },
        )

    def approve_view(self, request, pk):
        """Approve and publish one version: the approval record is who (the coordinator), when and why."""
        if not self.has_view_permission(request):
            raise Http404
        version = get_object_or_404(TemplateVersion.objects.select_related("template"), pk=pk)
        form = TemplateApprovalForm(request.POST or None)
        if request.method == "POST" and not version.is_published and form.is_valid():
            try:
                template_version_publish(
                    template_version=version, user=request.user, approval_reason=form.cleaned_data["approval_reason"]
                )
            except ApplicationError as e:
                form.add_error(None, e.message)
                for problem in (p for ps in e.errors.values() for p in ps):
                    form.add_error(None, problem)
            else:
                self.message_user(request, _("%(version)s is approved and published.") % {"version": version})
                return HttpResponseRedirect(reverse("admin:questionnaires_templateversion_change", args=[version.pk]))
        return TemplateResponse(
            request,
            "admin/questionnaires/templateversion/approve.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Approve and publish %(version)s") % {"version": version},
                "version": version,
                "form": form,
                "opts": self.opts,
            },
        )

    def compare_view(self, request, pk):
        if not self.has_view_permission(request):
            raise Http404
        new = get_object_or_404(TemplateVersion.objects.select_related("template"), pk=pk)
        others = TemplateVersion.objects.filter(template=new.template).exclude(pk=pk).order_by("-created_at")
        old_id = request.GET.get("old")
        old = others.filter(pk=old_id).first() if old_id and old_id.isdigit() else others.first()
        changes = template_version_diff(old=old, new=new) if old else []
        return TemplateResponse(
            request,
            "admin/questionnaires/templateversion/compare.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Compare versions of %(template)s") % {"template": new.template},
                "old": old,
                "new": new,
                "others": others,
                "changes": changes,
                "opts": self.opts,
            },
        )


def _set_campaign_status(modeladmin, request, queryset, status: str) -> None:
    with transaction.atomic():
        for campaign in queryset.select_for_update():
            if campaign.status == status:
                continue
            campaign_status_set(campaign=campaign, status=status, user=request.user, request=request)
            modeladmin.message_user(
                request,
                _("%(campaign)s is now %(status)s.")
                % {"campaign": campaign, "status": campaign.get_status_display().lower()},
            )


@admin.action(description=_("Open the selected campaigns"))
def open_campaigns_action(modeladmin, request, queryset):
    _set_campaign_status(modeladmin, request, queryset, Campaign.Status.OPEN)


@admin.action(description=_("Close the selected campaigns (read-only from then on)"))
def close_campaigns_action(modeladmin, request, queryset):
    _set_campaign_status(modeladmin, request, queryset, Campaign.Status.CLOSED)


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ("name", "slug", "template_version", "opens_on", "deadline", "status")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "template_version" in self.fields:
            field = self.fields["template_version"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = TemplateVersion.objects.filter(status=TemplateVersion.Status.PUBLISHED).select_related(
                "template"
            )


@admin.register(Campaign)
class CampaignAdmin(DashboardInputAdmin):
    form = CampaignForm
    list_display = ("name", "template_version", "opens_on", "deadline", "status", "dashboard_link")
    list_filter = ("status",)
    list_select_related = ("template_version__template",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    date_hierarchy = "opens_on"
    actions = [open_campaigns_action, close_campaigns_action, rescore_campaigns_action]

    @admin.display(description=_("Dashboard"))
    def dashboard_link(self, obj):
        return format_html('<a href="{}?campaign={}">EU dashboard</a>', reverse("dashboard:index"), obj.pk)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # assessments belong to it; close it instead
