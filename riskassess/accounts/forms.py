from django import forms


class TokenForm(forms.Form):
    """The six-digit code shown by the authenticator app."""

    token = forms.CharField(
        label="Six-digit code from your authenticator app",
        min_length=6,
        max_length=6,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}", "autofocus": True}
        ),
        error_messages={
            "required": "Enter the six-digit code from your authenticator app.",
            "min_length": "The code has six digits.",
            "max_length": "The code has six digits.",
        },
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("The code has six digits, nothing else.")
        return token
