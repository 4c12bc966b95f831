"""The questionnaire content in other languages: the translation files of a template version
(template_format/translations.py), their import with the version, the wording shown in a language
with English as the fallback and the authority, and the shipped files (docs/translations.md)."""

import copy
import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires.models import Answer, TemplateTranslation
from riskassess.questionnaires.template_format import translations
from riskassess.questionnaires.template_format.checker import TemplateError
from riskassess.questionnaires.template_format.parser import parse_definition
from riskassess.questionnaires.template_format.texts import WORDING, wording
from riskassess.questionnaires.template_translations import TEMPLATES_DIR, template_translation_import
from riskassess.questionnaires.template_versions import template_version_import
from riskassess.questionnaires.wording import template_wording
from tests.factories import SMALL_DEFINITION

GERMAN = {
    "sections.A.title": "Lieferantenprofil",
    "sections.A.questions.A4.text": "Von der Regierung eines Drittstaats kontrolliert?",
    "sections.A.questions.A6.text": "Datenschutzabkommen der EU mit dem Sitzstaat?",
    "scoring.triggers.T1.label": "Vom meldenden Mitgliedstaat als Hochrisikoanbieter eingestuft",
}


def _file(definition=SMALL_DEFINITION, language="de", texts=None, **review) -> dict:
    return translations.document(definition, language, GERMAN if texts is None else texts, **review)


def _errors(doc, definition=SMALL_DEFINITION) -> list[str]:
    with pytest.raises(TemplateError) as e:
        translations.parse_translation(translations.dump(doc), definition)
    return e.value.errors


# --- the file and its checks ------------------------------------------------------------------


def test_a_complete_file_is_read_with_its_translations_and_missing_entries():
    checked = translations.parse_translation(translations.dump(_file()), SMALL_DEFINITION)
    assert checked.language == "de" and checked.review_status == "not reviewed" and not checked.reviewed
    assert checked.texts == GERMAN
    assert set(checked.missing) == set(wording(SMALL_DEFINITION)) - set(GERMAN)
    assert checked.missing == [p for p in wording(SMALL_DEFINITION) if p not in GERMAN]  # the definition's order


def test_a_path_absent_from_the_file_is_refused_by_name():
    doc = _file()
    del doc["texts"]["sections.A.questions.A6.text"]
    assert _errors(doc) == [
        "texts.sections.A.questions.A6.text: missing from the file (translate it, or mark it 'missing: true')"
    ]


def test_an_unknown_path_is_refused_by_name():
    doc = _file()
    doc["texts"]["sections.A.questions.A9.text"] = {"en": "Is there an A9?", "text": "Gibt es A9?"}
    assert _errors(doc) == ["texts.sections.A.questions.A9.text: not a text of small 1 (unknown path)"]


def test_a_translation_whose_placeholders_differ_is_refused():
    definition = copy.deepcopy(SMALL_DEFINITION)
    definition["sections"][0]["questions"][0]["text"] = "Controlled by the government of {country}?"
    texts = {"sections.A.questions.A4.text": "Von der Regierung eines Drittstaats kontrolliert?"}
    errors = _errors(_file(definition, texts=texts), definition)
    assert len(errors) == 1
    assert errors[0].startswith("texts.sections.A.questions.A4.text: placeholders differ")
    assert "{country}" in errors[0]
    # the same translation keeping the placeholder is accepted
    kept = {"sections.A.questions.A4.text": "Von der Regierung von {country} kontrolliert?"}
    assert translations.parse_translation(translations.dump(_file(definition, texts=kept)), definition).texts == kept


def test_an_entry_whose_english_changed_is_stale():
    doc = _file()
    changed = copy.deepcopy(SMALL_DEFINITION)
    changed["sections"][0]["questions"][0]["text"] = "Controlled or influenced by a third-country government?"
    errors = _errors(doc, changed)
    assert len(errors) == 1
    assert errors[0].startswith("texts.sections.A.questions.A4.text: stale")


def test_a_missing_entry_with_a_text_an_empty_translation_and_english_are_refused():
    doc = _file()
    doc["texts"]["sections.A.title"]["missing"] = True
    doc["texts"]["sections.A.questions.A6.text"]["text"] = "  "
    doc["language"] = "en"
    errors = _errors(doc)
    assert "texts.sections.A.title: marked missing but has a text; remove one of them" in errors
    assert "texts.sections.A.questions.A6.text: the translation is empty; mark it 'missing: true' instead" in errors
    assert any(e.startswith("language: must be a language code other than English") for e in errors)


def test_a_reviewed_file_names_its_reviewer_and_date():
    doc = _file(review_status="reviewed")
    assert _errors(doc) == ["review: a reviewed translation names who reviewed it ('by') and when ('date')"]
    reviewed = _file(review_status="reviewed", reviewed_by="BNetzA", reviewed_on=dt.date(2027, 2, 1))
    checked = translations.parse_translation(translations.dump(reviewed), SMALL_DEFINITION)
    assert checked.reviewed and checked.reviewed_by == "BNetzA" and checked.reviewed_on == dt.date(2027, 2, 1)


def test_a_file_of_another_version_and_aliases_are_refused():
    doc = _file()
    doc["version"] = "2"
    assert _errors(doc) == ["version: the file translates version '2', not '1'"]
    with pytest.raises(TemplateError, match="aliases"):
        translations.load("a: &x [1]\nb: *x\n")


def test_sync_adds_new_english_as_missing_drops_removed_paths_and_reports_stale_ones():
    doc = translations.load(translations.dump(_file()))
    changed = copy.deepcopy(SMALL_DEFINITION)
    a_questions = changed["sections"][0]["questions"]
    a_questions[0]["text"] = "Controlled or influenced by a third-country government?"  # A4: stale
    a_questions[2]["help"] = "An adequacy decision counts."  # A6: a new text
    changed["sections"][0]["questions"] = [q for q in a_questions if q["key"] != "A4a"]  # A4a removed
    synced, report = translations.sync(doc, changed)
    assert report.added == ["sections.A.questions.A6.help"]
    assert report.removed == ["sections.A.questions.A4a.text"]
    assert report.stale == ["sections.A.questions.A4.text"]
    assert synced["texts"]["sections.A.questions.A6.help"] == {"en": "An adequacy decision counts.", "missing": True}
    assert synced["texts"]["sections.A.title"]["text"] == "Lieferantenprofil"  # the rest is kept
    assert list(synced["texts"]) == list(wording(changed))
    # once the stale entry is checked and its English recorded, the file is valid for the new English
    synced["texts"]["sections.A.questions.A4.text"]["en"] = a_questions[0]["text"]
    assert translations.parse_translation(translations.dump(synced), changed).language == "de"


def test_a_translated_definition_changes_wording_only():
    shown = translations.translate(SMALL_DEFINITION, GERMAN)
    assert shown["sections"][0]["title"] == "Lieferantenprofil"
    assert SMALL_DEFINITION["sections"][0]["title"] == "Supplier profile"  # the definition is untouched
    assert _without_wording(shown) == _without_wording(SMALL_DEFINITION)  # keys, types, numbers, values
    assert set(wording(shown)) == set(wording(SMALL_DEFINITION))


def _without_wording(node):
    if isinstance(node, dict):
        return {k: _without_wording(v) for k, v in node.items() if not (k in WORDING and isinstance(v, str))}
    if isinstance(node, list):
        return [_without_wording(v) for v in node]
    return node


# --- stored with the version; the wording in a language -----------------------------------------


@pytest.fixture
def german(campaign):
    version = campaign.template_version
    text = translations.dump(_file(version.definition))
    return template_translation_import(template_version=version, text=text)


def test_a_translation_is_stored_with_its_version_and_replaced_by_a_new_import(german, campaign):
    assert german.language == "de" and german.texts == GERMAN and german.review_status == "not reviewed"
    reviewed = _file(campaign.template_version.definition, review_status="reviewed", reviewed_by="BNetzA")
    reviewed["review"]["date"] = "2027-02-01"
    again = template_translation_import(template_version=campaign.template_version, text=translations.dump(reviewed))
    assert again.pk == german.pk and again.is_reviewed and again.reviewed_on == dt.date(2027, 2, 1)
    shown = template_wording(template_version=campaign.template_version, language="de")
    assert shown.reviewed and shown.notice().startswith("This questionnaire is a reviewed translation (BNetzA, ")
    assert "the English text is authoritative" in shown.notice()
    assert TemplateTranslation.objects.filter(template_version=campaign.template_version).count() == 1


def test_the_same_file_imported_again_changes_nothing(german, campaign):
    from riskassess.audit.models import AuditEvent

    events = AuditEvent.objects.count()
    text = translations.dump(_file(campaign.template_version.definition))
    again = template_translation_import(template_version=campaign.template_version, text=text)
    assert again.updated_at == german.updated_at and AuditEvent.objects.count() == events


def test_an_invalid_translation_stores_nothing(campaign):
    doc = _file(campaign.template_version.definition)
    del doc["texts"]["sections.A.title"]
    with pytest.raises(ApplicationError) as e:
        template_translation_import(template_version=campaign.template_version, text=translations.dump(doc))
    assert e.value.errors["translation"] == [
        "texts.sections.A.title: missing from the file (translate it, or mark it 'missing: true')"
    ]
    assert not TemplateTranslation.objects.exists()


def test_the_wording_falls_back_to_english_per_missing_entry(german, campaign):
    shown = template_wording(template_version=campaign.template_version, language="de")
    assert shown.translated and not shown.reviewed
    assert shown.definition["sections"][0]["title"] == "Lieferantenprofil"
    assert shown.definition["sections"][1]["title"] == "Certification"  # not translated: English
    assert shown.fell_back == frozenset(wording(SMALL_DEFINITION)) - set(GERMAN)
    assert "27 of its 31 texts are not translated yet" in shown.notice()
    assert shown.english["sections"][0]["title"] == "Supplier profile"
    english = template_wording(template_version=campaign.template_version, language="en")
    assert english.definition is campaign.template_version.definition and english.notice() == ""
    untranslated = template_wording(template_version=campaign.template_version, language="fr")
    assert not untranslated.translated and untranslated.definition["sections"][0]["title"] == "Supplier profile"


def test_a_section_page_in_german_shows_the_german_text_and_the_english_wording(
    german, client, fr_regulator, fr_assessment
):
    client.force_login(fr_regulator)
    url = reverse("questionnaires:section", args=[fr_assessment.pk, "A"])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Von der Regierung eines Drittstaats kontrolliert?" in html
    assert '<h1><span class="section-key">A</span> Lieferantenprofil</h1>' in html
    disclosure = re.search(r'<details class="english-wording small">(.*?)</details>', html, re.S)
    assert disclosure is not None
    assert '<div lang="en">' in disclosure.group(1)
    assert "Controlled by a third-country government?" in disclosure.group(1)
    english_notice = "This questionnaire is a translation not yet reviewed: the English text is authoritative."
    with translation.override("de"):
        german_notice = gettext(english_notice)
    assert german_notice != english_notice  # the notice in the page's language
    assert 'class="message wording-notice"' in html and escape(german_notice) in html
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Controlled by a third-country government?" in english
    assert "Lieferantenprofil" not in english and "english-wording" not in english
    assert "wording-notice" not in english


def test_answers_saved_from_a_german_page_are_the_values_of_the_definition(german, client, fr_regulator, fr_assessment):
    client.force_login(fr_regulator)
    url = reverse("questionnaires:section", args=[fr_assessment.pk, "A"])
    client.post(url, {"version": fr_assessment.version, "q-A4": "no", "q-A6": "yes"}, HTTP_ACCEPT_LANGUAGE="de")
    assert dict(Answer.objects.filter(assessment=fr_assessment).values_list("question_key", "value")) == {
        "A4": "no",
        "A6": "yes",
    }


# --- imported with the version; the shipped files ----------------------------------------------


def test_a_version_imported_with_translation_files_carries_them(eu_coordinator):
    path = TEMPLATES_DIR / "eu-5g-supplier-2027.1.yaml"
    definition = parse_definition(path.read_text(encoding="utf-8"))
    french = translations.document(definition, "fr", {"sections.A.title": "Profil du fournisseur"})
    version = template_version_import(
        text=path.read_text(encoding="utf-8"),
        user=eu_coordinator,
        translations=[translations.dump(french)],
    )
    stored = version.translations.get()
    assert stored.language == "fr" and stored.texts == {"sections.A.title": "Profil du fournisseur"}
    bad = copy.deepcopy(french)
    bad["texts"]["sections.A.title"]["en"] = "Supplier"
    with pytest.raises(ApplicationError) as e:
        template_version_import(text=path.read_text(encoding="utf-8"), translations=[translations.dump(bad)])
    assert e.value.errors["translation"][0].startswith("translation file 1: texts.sections.A.title: stale")
    assert version.translations.get().texts == {"sections.A.title": "Profil du fournisseur"}  # unchanged


def test_the_import_command_takes_the_translation_files_beside_the_template(db, tmp_path):
    source = TEMPLATES_DIR / "eu-5g-supplier-2026.1.yaml"
    template_file = tmp_path / source.name
    template_file.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / source.stem).mkdir()
    for language in ("de", "fr"):
        shipped = source.with_suffix("") / f"{language}.yaml"
        (tmp_path / source.stem / f"{language}.yaml").write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    call_command("import_template", str(template_file))
    assert sorted(TemplateTranslation.objects.values_list("language", flat=True)) == ["de", "fr"]


def test_every_shipped_template_has_a_valid_file_in_each_language(settings):
    languages = {code for code, _name in settings.LANGUAGES} - {"en"}
    for template_file in sorted(Path(TEMPLATES_DIR).glob("*.yaml")):
        folder = template_file.with_suffix("")
        assert {p.stem for p in folder.glob("*.yaml")} == languages, template_file.name
    call_command("check_template_translations")  # raises CommandError listing every problem


def test_the_shipped_files_are_in_step_with_the_english(capsys):
    call_command("sync_template_translations", "--dry-run")
    out = capsys.readouterr().out
    assert "added as missing" not in out and out.strip().endswith("0 stale entries.")


def test_the_score_panel_and_the_revision_in_german_show_the_german_wording(
    german, client, fr_regulator, fr_assessment
):
    from tests.reports.builders import submit_and_score

    submit_and_score(fr_assessment, answers={"A4": "no", "A6": "yes", "D1": "yes"}, user=fr_regulator)
    client.force_login(fr_regulator)
    url = reverse("scoring:score_panel", args=[fr_assessment.pk])
    german_panel = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Vom meldenden Mitgliedstaat als Hochrisikoanbieter eingestuft" in german_panel
    english_panel = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Designated high-risk by the reporting member state" in english_panel
    assert "Vom meldenden Mitgliedstaat" not in english_panel
    revision = client.get(
        reverse("questionnaires:revision", args=[fr_assessment.pk, 1]), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Von der Regierung eines Drittstaats kontrolliert?" in revision and "wording-notice" in revision


def test_the_admin_imports_a_version_with_uploaded_or_shipped_translations(client, eu_coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(eu_coordinator)
    url = reverse("admin:questionnaires_templateversion_import")
    text = (TEMPLATES_DIR / "eu-5g-supplier-2026.1.yaml").read_text(encoding="utf-8")
    german = (TEMPLATES_DIR / "eu-5g-supplier-2026.1" / "de.yaml").read_bytes()
    upload = SimpleUploadedFile("de.yaml", german, content_type="application/yaml")
    response = client.post(url, {"text": text, "translation_files": [upload], "shipped_translations": "on"})
    assert response.status_code == 302
    assert list(TemplateTranslation.objects.values_list("language", flat=True)) == ["de"]  # the upload only
    response = client.post(url, {"text": text, "shipped_translations": "on"})
    assert response.status_code == 302
    assert TemplateTranslation.objects.count() == 23
    page = client.get(response.url).content.decode()
    assert "Missing (shown in English)" in page and "not reviewed" in page.lower()


def test_the_shipped_german_questionnaire_shows_on_a_section_page_with_repeat_fields(
    client, dimensions_template_version, france, supplier, fr_regulator
):
    from riskassess.questionnaires.template_translations import shipped_translation_texts
    from tests.factories import AssessmentFactory, CampaignFactory

    version = dimensions_template_version
    german = next(t for t in shipped_translation_texts(key="eu-5g-supplier", version="2027.1") if "language: de" in t)
    template_translation_import(template_version=version, text=german)
    texts = translations.parse_translation(german, version.definition).texts
    assessment = AssessmentFactory(
        campaign=CampaignFactory(template_version=version), member_state=france, supplier=supplier
    )
    client.force_login(fr_regulator)
    response = client.get(reverse("questionnaires:section", args=[assessment.pk, "B"]), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    html = response.content.decode()
    for path in (
        "sections.B.title",
        "sections.B.questions.B1.text",
        "sections.B.questions.B1.fields.product.label",
        "sections.B.questions.B1.fields.scheme.choices.eucc.label",
    ):
        assert escape(texts[path]) in html, path
    assert escape(version.definition["sections"][1]["questions"][0]["text"]) in html  # in the English disclosure


def test_the_points_to_clarify_of_a_dimensions_score_are_shown_in_german(
    client, dimensions_template_version, france, supplier, fr_regulator
):
    from riskassess.questionnaires.template_translations import shipped_translation_texts
    from tests.factories import AssessmentFactory, CampaignFactory
    from tests.reports.builders import submit_and_score

    version = dimensions_template_version
    german = next(t for t in shipped_translation_texts(key="eu-5g-supplier", version="2027.1") if "language: de" in t)
    template_translation_import(template_version=version, text=german)
    texts = translations.parse_translation(german, version.definition).texts
    assessment = AssessmentFactory(
        campaign=CampaignFactory(template_version=version), member_state=france, supplier=supplier
    )
    score = submit_and_score(assessment, answers={}, user=fr_regulator)
    assert score.to_clarify  # nothing answered: every scored question is to be clarified
    first = next(c for c in score.to_clarify if c.get("question"))
    section = next(
        s["key"] for s in version.definition["sections"] for q in s["questions"] if q["key"] == first["question"]
    )
    german_text = texts[f"sections.{section}.questions.{first['question']}.text"]
    client.force_login(fr_regulator)
    panel = client.get(reverse("scoring:score_panel", args=[assessment.pk]), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert escape(german_text) in panel
    # The level of each dimension in the German of the rule set's bands, not the stored English.
    band_texts = {
        band["key"]: texts[f"scoring.bands.{band['key']}.label"] for band in version.definition["scoring"]["bands"]
    }
    for dimension in score.dimensions.values():
        assert escape(band_texts[dimension["level"]]) in panel
        if band_texts[dimension["level"]] != dimension["level_label"]:
            assert f">{escape(dimension['level_label'])}<" not in panel
