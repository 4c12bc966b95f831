from django import forms
from django.utils.translation import gettext, gettext_lazy


class TokenForm(forms.Form):
    """The six-digit code shown by the authenticator app, or a single-use recovery code."""

    token = forms.CharField(
        label=gettext_lazy("Six-digit code from your authenticator app, or a recovery code"),
        min_length=6,
        max_length=16,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}", "autofocus": True}
        ),
        error_messages={
            "required": gettext_lazy("Enter the six-digit code from your authenticator app."),
            "min_length": gettext_lazy("The code has six digits."),
            "max_length": gettext_lazy("The code has six digits."),
        },
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "").replace("-", "")
        if token.isdigit() and len(token) == 6:
            return token
        if token.isalnum() and token.isascii() and len(token) == 8:
            return token.lower()  # a recovery code
        raise forms.ValidationError(
            gettext("Enter the six digits of your app, or one of your eight-character recovery codes.")
        )
