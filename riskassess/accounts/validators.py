"""Password rules of OWASP ASVS level 2 that Django has no validator for.

The others are Django's own (settings.AUTH_PASSWORD_VALIDATORS): at least 12 characters, not too
similar to the username or e-mail, not in the list of 20,000 common passwords that ships with
Django (checked offline: no password or hash of one leaves the server). No composition rules.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext


class MaximumLengthValidator:
    """At most `max_length` characters (128): long passphrases welcome, unbounded input not."""

    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long. It must contain at most %(max_length)s character.",
                    "This password is too long. It must contain at most %(max_length)s characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Your password can contain at most %(max_length)s character.",
            "Your password can contain at most %(max_length)s characters.",
            self.max_length,
        ) % {"max_length": self.max_length}


class StrengthValidator:
    """zxcvbn (Dropbox's password strength estimator, run offline): refuses passwords it scores
    below `min_score` (0-4; 3 = "safely unguessable: moderate protection from offline slow-hash
    attacks"), such as "123456789012" or a keyboard walk that passes the length and list checks.
    The user's name and e-mail count as known words."""

    def __init__(self, min_score: int = 3):
        self.min_score = min_score

    def validate(self, password: str, user=None) -> None:
        from zxcvbn import zxcvbn

        known = [str(getattr(user, f, "") or "") for f in ("username", "first_name", "last_name", "email")]
        # zxcvbn judges at most 72 characters (its own limit): the start of a longer one.
        result = zxcvbn(password[:72], user_inputs=[k for k in known if k] + ["riskassess"])
        if result["score"] < self.min_score:
            hint = (result.get("feedback") or {}).get("warning") or ""
            message = gettext("This password is too easy to guess.")
            raise ValidationError(f"{message} {hint}".strip(), code="password_too_guessable")

    def get_help_text(self) -> str:
        return gettext("Your password must not be easy to guess: a few unrelated words make a strong one.")
