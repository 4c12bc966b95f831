"""Password rules of OWASP ASVS level 2 that Django has no validator for.

The others are Django's own (settings.AUTH_PASSWORD_VALIDATORS): at least 12 characters, not too
similar to the username or e-mail, not in the list of 20,000 common passwords that ships with
Django (checked offline: no password or hash of one leaves the server). No composition rules.
"""

from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    """At most `max_length` characters (128): long passphrases welcome, unbounded input not."""

    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"This password is too long. It must contain at most {self.max_length} characters.",
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        return f"Your password can contain at most {self.max_length} characters."
