from django import forms
from django.utils.translation import gettext_lazy as _

from riskassess.core.tlp import TLP_CHOICES
from riskassess.hearings.models import Outcome, StatementTopic


class OpenForm(forms.Form):
    supplier = forms.IntegerField(label=_("Supplier"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea)
    deadline = forms.DateField(label=_("Answer by"))
    source_assessment = forms.IntegerField(label=_("Assessment the grounds rest on"), required=False)
    doc_title = forms.CharField(label=_("Disclosed document"), max_length=200, required=False)
    doc_summary = forms.CharField(label=_("What it says"), widget=forms.Textarea, required=False)
    doc_tlp = forms.ChoiceField(label=_("TLP marking"), choices=TLP_CHOICES, initial="TLP:AMBER", required=False)
    doc_withheld = forms.CharField(label=_("What is withheld"), required=False)
    doc_withheld_reason = forms.CharField(label=_("Why it is withheld"), required=False)


class AnswerForm(forms.Form):
    statement = forms.CharField(label=_("Your statement"), widget=forms.Textarea)
    file = forms.FileField(label=_("Document (optional)"), required=False)


class ExtendForm(forms.Form):
    new_deadline = forms.DateField(label=_("New deadline"))
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea)


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)
    reasoning = forms.CharField(label=_("Reasons"), widget=forms.Textarea)
    instrument = forms.CharField(label=_("Legal instrument"), max_length=300, required=False)
    instrument_date = forms.DateField(label=_("Date of the legal instrument"), required=False)
    confidential = forms.BooleanField(label=_("Confidential in the register"), required=False)
    share_cap_percent = forms.DecimalField(
        label=_("Share cap (percent)"), max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )


class StatementForm(forms.Form):
    topic = forms.ChoiceField(label=_("About"), choices=StatementTopic.choices)
    text = forms.CharField(label=_("Statement"), widget=forms.Textarea)
    file = forms.FileField(label=_("Document (optional)"), required=False)


class InviteForm(forms.Form):
    supplier = forms.IntegerField(label=_("Supplier"))
    username = forms.CharField(label=_("User name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
