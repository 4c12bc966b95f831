"""Numbers in the page's language: `{{ share|percent }}` gives "42%" in English, "42 %" in
German or French (a no-break space), with the language's decimal separator (CLDR conventions)."""

from django import template
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()

# Languages that put a (no-break) space between the number and the sign (CLDR).
SPACED = {"cs", "da", "de", "es", "fi", "fr", "hr", "lt", "ro", "sk", "sl", "sv"}


@register.filter
def percent(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return ""
    try:
        number = round(float(value), int(decimals))
    except (TypeError, ValueError):
        return str(value)
    text = formats.number_format(number, decimal_pos=int(decimals), use_l10n=True)
    language = (get_language() or "en").split("-")[0]
    return f"{text}\u00a0%" if language in SPACED else f"{text}%"
