"""Password rules (OWASP ASVS level 2): 12 to 128 characters, no common or look-alike passwords."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.parametrize(
    "password",
    ["tulip meadow 42", "x" * 6 + "qwertzuiop ñ", "a" * 3 + "long passphrase without rules" + "z" * 96],
)
def test_it_accepts_long_passwords_without_composition_rules(fr_regulator, password):
    validate_password(password, user=fr_regulator)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short one", "password_too_short"),
        ("p" * 129, "password_too_long"),
        ("qwerty123456", "password_too_common"),
        ("fr-regulator-2026", "password_too_similar"),
        # Not in the common-password list, but guessable: refused by the zxcvbn estimator.
        ("123456789012", "password_too_guessable"),
        ("qazwsxedcrfvtgb", "password_too_guessable"),
        ("aaaaaaaaaaaaaaaa", "password_too_guessable"),
    ],
)
def test_it_refuses_weak_passwords(fr_regulator, password, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_password(password, user=fr_regulator)
    assert code in [e.code for e in excinfo.value.error_list]
