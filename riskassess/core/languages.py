"""The interface languages: review status of each catalogue and the context every page gets.

Each catalogue (locale/<code>/LC_MESSAGES/django.po) records in its header how far it is checked:
"X-Review-Status: reviewed" (a native speaker checked it, by whom and when in
"X-Reviewed-By") or "machine-translated, not reviewed". The switcher shows the status of the
current language; English is the source text. docs/translations.md.
"""

import gettext
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _


@cache
def review_status(language: str) -> str:
    """The catalogue's X-Review-Status header ("" for English or when there is no catalogue)."""
    for base in settings.LOCALE_PATHS:
        mo = Path(base) / language / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            with mo.open("rb") as fp:
                return gettext.GNUTranslations(fp).info().get("x-review-status", "")
    return ""


def translation_status_text(language: str) -> str:
    status = review_status(language)
    if not status:
        return ""
    if status == "reviewed":
        return _("Translation reviewed.")
    return _("Translation not yet reviewed: the English text is authoritative.")


def languages(request: HttpRequest) -> dict[str, object]:
    """Context processor: the languages of the switcher (each named in itself) and the status."""
    current = get_language() or settings.LANGUAGE_CODE
    return {
        "interface_languages": settings.LANGUAGES,
        "translation_status": translation_status_text(current),
    }
