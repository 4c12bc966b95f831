"""Writes for the translations of a template version: import a translation file (checked against
the version's definition) and the shipped files of a version (docs/translations.md).

A translation is wording only, kept with its version (`TemplateTranslation`); importing one again
replaces it, also after the version is published (a correction or a review changes no key, type or
number). The English of the definition stays authoritative.
"""

from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext, ngettext

from riskassess.audit.services import audit_log
from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires.models import TemplateTranslation, TemplateVersion
from riskassess.questionnaires.template_format.checker import TemplateError
from riskassess.questionnaires.template_format.translations import parse_translation

#: The shipped templates; the translations of `<key>-<version>.yaml` are in `<key>-<version>/<lang>.yaml`.
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_yaml"


def translation_files(template_file: Path) -> list[Path]:
    """The translation files beside a template file (its folder of the same name), by language."""
    folder = template_file.with_suffix("")
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def shipped_translation_texts(*, key: str, version: str) -> list[str]:
    """The texts of the shipped translation files of a template version (none when it has none)."""
    return [p.read_text(encoding="utf-8") for p in translation_files(TEMPLATES_DIR / f"{key}-{version}.yaml")]


def _audit_actor(user):
    return user if getattr(user, "is_authenticated", False) else None


@transaction.atomic
def template_translation_import(*, template_version: TemplateVersion, text: str, user=None) -> TemplateTranslation:
    """Check a translation file against the version's definition and store it (replacing the one of
    its language; the same file again changes nothing). Raises ApplicationError
    (errors={"translation": [every problem]}); nothing is stored then."""
    try:
        checked = parse_translation(
            text, template_version.definition, languages=[code for code, _name in settings.LANGUAGES]
        )
    except TemplateError as e:
        raise ApplicationError(
            ngettext(
                "The translation file has %(count)s problem; nothing was imported.",
                "The translation file has %(count)s problems; nothing was imported.",
                len(e.errors),
            )
            % {"count": len(e.errors)},
            errors={"translation": e.errors},
            code="invalid_translation",
        ) from None
    values = {
        "review_status": checked.review_status,
        "reviewed_by": checked.reviewed_by,
        "reviewed_on": checked.reviewed_on,
        "texts": checked.texts,
        "missing": checked.missing,
    }
    stored = (
        TemplateTranslation.objects.select_for_update()
        .filter(template_version=template_version, language=checked.language)
        .first()
    )
    if stored is not None and all(getattr(stored, k) == v for k, v in values.items()):
        return stored  # the same file again: nothing changes (nor the reports made from it)
    translation, created = TemplateTranslation.objects.update_or_create(
        template_version=template_version, language=checked.language, defaults=values
    )
    audit_log(
        action="create" if created else "update",
        actor=_audit_actor(user),
        obj=template_version,
        summary=f"Template {template_version} translation {checked.language} imported",
        data={
            "language": checked.language,
            "review_status": checked.review_status,
            "translated": len(checked.texts),
            "missing": len(checked.missing),
        },
    )
    return translation


@transaction.atomic
def template_translations_import(
    *, template_version: TemplateVersion, texts: Iterable[str], user=None
) -> list[TemplateTranslation]:
    """Several translation files at once: all stored, or none (the problems of each file named by
    its language)."""
    stored, errors = [], []
    for n, text in enumerate(texts, start=1):
        try:
            with transaction.atomic():
                stored.append(template_translation_import(template_version=template_version, text=text, user=user))
        except ApplicationError as e:
            errors += [f"translation file {n}: {problem}" for problem in e.errors.get("translation", [])]
    if errors:
        raise ApplicationError(
            gettext("Some translation files have problems; nothing was imported."),
            errors={"translation": errors},
            code="invalid_translation",
        )
    return stored
