"""The console's input forms: a new campaign, a deadline extended for one member state."""

from django import forms
from django.utils.translation import gettext_lazy as _

from riskassess.accounts.models import MemberState
from riskassess.questionnaires.models import TemplateVersion


class _DateInput(forms.DateInput):
    """The browser's date picker, shown in the user's language; the value travels as 2026-12-31."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("For example: 5G suppliers 2027"))
    template_version = forms.ModelChoiceField(
        label=_("Questionnaire version"),
        queryset=TemplateVersion.objects.none(),
        empty_label=None,
        help_text=_("Only published versions can be used."),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=_DateInput())
    deadline = forms.DateField(label=_("Deadline"), widget=_DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["template_version"]
        field.queryset = (  # type: ignore[attr-defined]
            TemplateVersion.objects.filter(status=TemplateVersion.Status.PUBLISHED)
            .select_related("template")
            .order_by("template__key", "-created_at")
        )
        field.label_from_instance = lambda v: f"{v.template.name} {v.version}"  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        if data and data.get("opens_on") and data.get("deadline") and data["deadline"] < data["opens_on"]:
            self.add_error("deadline", _("The deadline must be on or after the opening date."))
        return data


class DeadlineForm(forms.Form):
    member_state = forms.ModelChoiceField(
        label=_("Member state"), queryset=MemberState.objects.order_by("name"), empty_label=None
    )
    deadline = forms.DateField(label=_("New deadline"), widget=_DateInput())
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        help_text=_("Optional. Kept in the audit trail."),
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["member_state"].label_from_instance = lambda s: s.name  # type: ignore[attr-defined]

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= self.campaign.deadline:
            raise forms.ValidationError(_("Choose a date after the campaign's deadline."))
        return deadline
