"""Reads: the wording of a template version in a language, for display only (docs/translations.md).

The questionnaire pages, the score panel and the assessment PDF show a version's texts in the
reader's language where its translation has them, and in English (the authoritative text) where it
does not, saying which texts fell back. The scoring engine, the validation of answers and the
stored answers use the definition itself and never see a translation: answers are values, the
same in every language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from riskassess.questionnaires.definition import iter_questions
from riskassess.questionnaires.models import TemplateTranslation, TemplateVersion
from riskassess.questionnaires.template_format.texts import wording
from riskassess.questionnaires.template_format.translations import translate


@dataclass
class Wording:
    """A version's wording in one language: `definition` as displayed (translated where the
    translation has a text), `english` the definition itself (authoritative)."""

    language: str
    definition: dict[str, Any]
    english: dict[str, Any]
    translated: bool = False  # a translation of this version into `language` exists
    reviewed: bool = False
    reviewed_by: str = ""
    reviewed_on: dt.date | None = None
    fell_back: frozenset[str] = field(default_factory=frozenset)  # paths shown in English
    total: int = 0  # texts of the version

    @property
    def is_english(self) -> bool:
        return self.language == "en"

    @property
    def english_questions(self) -> dict[str, dict[str, Any]]:
        return {q["key"]: q for q in iter_questions(self.english)}

    def _reviewed_on(self) -> str:
        return date_format(self.reviewed_on, "DATE_FORMAT") if self.reviewed_on else ""

    def notice(self) -> str:
        """What a page in this language says about its questionnaire text ("" in English)."""
        if self.is_english:
            return ""
        if not self.translated:
            return _("This questionnaire is not translated into your language yet: it is shown in English.")
        if self.reviewed:
            text = _(
                "This questionnaire is a reviewed translation (%(by)s, %(date)s); the English text is authoritative."
            ) % {"by": self.reviewed_by, "date": self._reviewed_on()}
        else:
            text = _("This questionnaire is a translation not yet reviewed: the English text is authoritative.")
        if self.fell_back:
            text += " " + ngettext(
                "%(n)d of its %(total)d texts is not translated yet and is shown in English.",
                "%(n)d of its %(total)d texts are not translated yet and are shown in English.",
                len(self.fell_back),
            ) % {"n": len(self.fell_back), "total": self.total}
        return text

    def authority(self) -> str:
        """The sentence of a report in this language on which text is authoritative ("" in English)."""
        if self.is_english:
            return ""
        if not self.translated:
            return _("The questionnaire is not translated into this language: its texts are in English.")
        if self.reviewed:
            return _(
                "The questionnaire's texts are a reviewed translation (%(by)s, %(date)s); the English text of "
                "the questionnaire is authoritative."
            ) % {"by": self.reviewed_by, "date": self._reviewed_on()}
        return _(
            "The questionnaire's texts are a translation not yet reviewed; the English text of the "
            "questionnaire is authoritative."
        )


def template_wording(*, template_version: TemplateVersion, language: str | None = None) -> Wording:
    """The wording of the version in `language` (the active language when None), falling back to
    English per text the translation does not have."""
    code = language or get_language() or settings.LANGUAGE_CODE
    definition = template_version.definition
    if code == "en" or code not in dict(settings.LANGUAGES):
        return Wording(language="en", definition=definition, english=definition)
    paths = wording(definition)
    translation = TemplateTranslation.objects.filter(template_version=template_version, language=code).first()
    if translation is None:
        return Wording(
            language=code, definition=definition, english=definition, fell_back=frozenset(paths), total=len(paths)
        )
    texts = {path: text for path, text in (translation.texts or {}).items() if path in paths}
    return Wording(
        language=code,
        definition=translate(definition, texts),
        english=definition,
        translated=True,
        reviewed=translation.is_reviewed,
        reviewed_by=translation.reviewed_by,
        reviewed_on=translation.reviewed_on,
        fell_back=frozenset(path for path in paths if path not in texts),
        total=len(paths),
    )
