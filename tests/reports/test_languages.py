"""Reports in the 24 languages: written in the asker's language, every glyph of every language in
the shipped fonts (static/fonts, Noto Sans), checked by extracting the PDF's text with pypdf."""

import io
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from pypdf import PdfReader

from riskassess.reports.models import Report
from riskassess.reports.rendering import render_pdf_document
from riskassess.reports.services import report_render, report_request

LOCALE = Path(settings.BASE_DIR) / "locale"


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(page.extract_text() or "" for page in reader.pages)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_every_language_prints_with_the_shipped_fonts():
    """The translated page frame of all 23 catalogues, plus the letters each language has beyond
    ASCII, through the report stylesheet: every word comes back out of the PDF."""
    samples: dict[str, list[str]] = {}
    for code, _name in settings.LANGUAGES:
        if code == "en":
            continue
        po = polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))
        samples[code] = [e.msgstr for e in po.translated_entries() if e.msgstr and "%" not in e.msgstr][:25]
    samples["mt"].append("ċ ġ ħ ż Ċ Ġ Ħ Ż")
    samples["ga"].append("á é í ó ú Á É Í Ó Ú")
    samples["lv"].append("ā č ē ģ ī ķ ļ ņ š ū ž")
    samples["lt"].append("ą č ę ė į š ų ū ž")
    samples["ro"].append("ă â î ș ț Ș Ț")
    samples["el"].append("Αξιολόγηση ΆΈΉΊΌΎΏ ϊϋΐΰ")
    samples["bg"].append("Оценка ЁЩЪЬЮЯ щъьюя")
    body = "".join(
        f'<section lang="{code}"><h2>{code}</h2>' + "".join(f"<p>{s}</p>" for s in strings) + "</section>"
        for code, strings in samples.items()
    )
    head = '<head><link rel="stylesheet" href="css/report.css"></head>'
    html = f'<!DOCTYPE html><html lang="en">{head}<body>{body}</body></html>'
    extracted = set(_words(_text(render_pdf_document(html).content)))
    missing = {code: sorted({w for s in strings for w in _words(s)} - extracted) for code, strings in samples.items()}
    assert {code: words for code, words in missing.items() if words} == {}


@pytest.mark.parametrize("language", ["de", "el", "bg", "fi", "mt", "ga"])
def test_every_kind_is_written_in_the_askers_language(
    language, fr_score, de_score, campaign, france, eu_coordinator, fr_regulator, supplier, fr_assessment
):
    for kind, user, extra in [
        ("assessment", fr_regulator, {"assessment": fr_assessment}),
        ("member_state", fr_regulator, {"member_state": france, "campaign": campaign}),
        ("supplier", eu_coordinator, {"supplier": supplier, "campaign": campaign}),
        ("eu", eu_coordinator, {"campaign": campaign}),
    ]:
        with translation.override(language):
            report = report_request(kind=kind, user=user, **extra)
        assert report.language == language
        done = report_render(report_id=report.pk, task_id=f"t-{kind}-{language}")
        assert done.status == Report.Status.DONE, done.error
        with done.file.open("rb") as fp:
            text = _text(fp.read())
        assert france.name in text or supplier.name in text or kind == "eu"


def test_the_same_data_in_two_languages_is_two_reports(fr_score, fr_regulator, fr_assessment):
    with translation.override("el"):
        greek = report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)
    with translation.override("fi"):
        finnish = report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)
    assert greek.pk != finnish.pk and greek.fingerprint != finnish.fingerprint


def test_a_report_in_french_prints_the_french_questionnaire_and_says_english_is_authoritative(
    fr_score, fr_regulator, fr_assessment
):
    """The questionnaire's texts in the report's language where translated (docs/translations.md),
    with the sentence on which text is authoritative; an English report has neither."""
    from riskassess.questionnaires.template_format import translations
    from riskassess.questionnaires.template_translations import template_translation_import
    from riskassess.questionnaires.wording import template_wording

    version = fr_assessment.campaign.template_version
    french = {
        "sections.A.title": "Profil du fournisseur",
        "sections.A.questions.A4.text": "Contrôlé par le gouvernement d'un pays tiers ?",
    }
    doc = translations.document(version.definition, "fr", french)
    template_translation_import(template_version=version, text=translations.dump(doc))
    with translation.override("fr"):
        report = report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)
        authority = template_wording(template_version=version).authority()
    done = report_render(report_id=report.pk, task_id="t-fr-wording")
    assert done.status == Report.Status.DONE, done.error
    with done.file.open("rb") as fp:
        words = " ".join(_words(_text(fp.read())))
    assert " ".join(_words("Contrôlé par le gouvernement d'un pays tiers ?")) in words
    assert "Profil du fournisseur" in words
    # The sentence in French (the interface's translation): the English text is the one that holds.
    assert "fait foi" in authority and " ".join(_words(authority)) in words
    assert "Controlled by a third-country government" not in words

    with translation.override("en"):
        english = report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)
    done = report_render(report_id=english.pk, task_id="t-en-wording")
    with done.file.open("rb") as fp:
        words = " ".join(_words(_text(fp.read())))
    assert "Controlled by a third" in words and "Profil du fournisseur" not in words
    assert "authoritative" not in words and "fait foi" not in words


def test_a_corrected_translation_makes_a_new_report_in_its_language_only(fr_score, fr_regulator, fr_assessment):
    from riskassess.questionnaires.template_format import translations
    from riskassess.questionnaires.template_translations import template_translation_import

    version = fr_assessment.campaign.template_version

    def request(language):
        with translation.override(language):
            return report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)

    before_fr, before_de = request("fr"), request("de")
    doc = translations.document(version.definition, "fr", {"sections.A.title": "Profil du fournisseur"})
    template_translation_import(template_version=version, text=translations.dump(doc))
    assert request("fr").fingerprint != before_fr.fingerprint
    assert request("de").fingerprint == before_de.fingerprint


def test_the_authority_sentence_and_the_cover_note_do_not_overlap(fr_score, fr_regulator, fr_assessment):
    """Both sit at the foot of the cover: one block, one line under the other (they were drawn on
    the same line once, each placed at the bottom on its own)."""
    from riskassess.questionnaires.template_format import translations
    from riskassess.questionnaires.template_translations import template_translation_import
    from riskassess.questionnaires.wording import template_wording

    version = fr_assessment.campaign.template_version
    doc = translations.document(version.definition, "fr", {"sections.A.title": "Profil du fournisseur"})
    template_translation_import(template_version=version, text=translations.dump(doc))
    with translation.override("fr"):
        report = report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)
        authority = template_wording(template_version=version).authority()
    done = report_render(report_id=report.pk, task_id="t-fr-cover")
    with done.file.open("rb") as fp:
        cover = PdfReader(io.BytesIO(fp.read())).pages[0]
    lines: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            lines.append((round(cm[5] + tm[5] * cm[3], 1), text))

    cover.extract_text(visitor_text=visit)
    first_word = _words(authority)[0]
    authority_y = {y for y, text in lines if text.lstrip().startswith(first_word)}
    note_y = min(y for y, text in lines if "TLP" in text)  # the cover note ends with the marking
    assert authority_y, lines
    assert note_y not in authority_y
    assert all(y < note_y for y in authority_y)  # under the note, not on it
