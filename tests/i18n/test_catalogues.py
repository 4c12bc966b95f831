"""The translation catalogues stay whole (docs/translations.md).

- every translated entry keeps the placeholders of its English text (%(name)s, %s, {name});
- the strings of the page frame (header, language switcher, footer, account, login and error
  pages) are translated in every language: a page is never half in another language at its edges;
- every catalogue records its review status; the compiled .mo files match the .po files;
- `makemessages` finds exactly the strings the catalogues hold (nothing marked is missing from a
  catalogue, nothing stale is left in one).
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
DOMAINS = ("django", "djangojs")
REVIEW_STATUSES = {"reviewed", "machine-translated, not reviewed"}
# The page frame: every string of these files is translated in every language.
FRAME_TEMPLATES = [
    "base.html",
    "includes/language_switcher.html",
    "accounts/me.html",
    "accounts/login.html",
    "403.html",
    "404.html",
]
FRAME_PYTHON = ['"Translation reviewed."', '"Translation not yet reviewed: the English text is authoritative."']
FRAME_EXTRA = ["Regulator", "Approver", "EU coordinator", "Observer", "Your language is saved.", "language"]

PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdfr]|%[sdfr]|\{[A-Za-z_][A-Za-z0-9_]*\}")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def catalogue(language: str, domain: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / f"{domain}.po"))


def frame_msgids() -> set[tuple[str, str]]:
    ids: set[tuple[str, str]] = set()
    for name in FRAME_TEMPLATES:
        text = (ROOT / "templates" / name).read_text()
        for quote in ('"', "'"):
            q = quote
            pattern = rf"\{{% translate {q}([^{q}]+){q}(?: context [\"']([^\"']+)[\"'])? %\}}"
            for m in re.finditer(pattern, text):
                ids.add((m.group(2) or "", m.group(1)))
    ids.update(("", s.strip('"')) for s in FRAME_PYTHON)
    ids.update(("", s) for s in FRAME_EXTRA)
    return ids


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept_and_nothing_is_fuzzy(language, domain):
    wrong = []
    for entry in catalogue(language, domain):
        assert "fuzzy" not in entry.flags, f"{language}: fuzzy entry {entry.msgid!r}"
        if entry.msgid_plural:
            # A form may leave out the count ("one item"), but may not bring in another name.
            allowed = placeholders(entry.msgid) + placeholders(entry.msgid_plural)
            for n, text in entry.msgstr_plural.items():
                if text and not set(placeholders(text)) <= set(allowed):
                    wrong.append((entry.msgid, n, text))
        elif entry.msgstr and placeholders(entry.msgstr) != placeholders(entry.msgid):
            wrong.append((entry.msgid, entry.msgstr))
    assert wrong == []


def untranslated(po: polib.POFile) -> list[str]:
    """Entries with no translation, or a plural entry with a form left empty."""
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if not forms or any(not text for text in forms.values()):
                missing.append(entry.msgid)
        elif not entry.msgstr:
            missing.append(entry.msgid)
    return missing


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_translated_in_every_language(language, domain):
    """Every entry of every catalogue: a string marked in the code and not translated fails here."""
    po = catalogue(language, domain)
    plural_forms = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
    missing = untranslated(po)
    assert missing == [], f"{language}/{domain}: {len(missing)} strings lack a translation, e.g. {missing[:3]}"
    wrong_forms = [e.msgid for e in po if e.msgid_plural and len(e.msgstr_plural) != plural_forms]
    assert wrong_forms == [], f"{language}: plural entries without {plural_forms} forms: {wrong_forms[:3]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_frame_is_translated_in_every_language(language):
    entries = {(e.msgctxt or "", e.msgid): e for e in catalogue(language, "django")}
    frame = frame_msgids()
    assert len(frame) > 30
    missing = sorted(key for key in frame if key not in entries or not entries[key].translated())
    assert missing == [], f"{language}: {len(missing)} strings of the page frame lack a translation"


def test_the_check_fails_on_a_removed_translation(tmp_path):
    """The check above is not vacuous: a catalogue with one translation taken out fails it."""
    po = catalogue("de", "django")
    assert untranslated(po) == []
    victim = next(e for e in po if e.msgstr and not e.msgid_plural)
    victim.msgstr = ""
    plural = next(e for e in po if e.msgid_plural)
    plural.msgstr_plural[1] = ""
    po.save(str(tmp_path / "django.po"))
    assert set(untranslated(polib.pofile(str(tmp_path / "django.po")))) == {victim.msgid, plural.msgid}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_javascript_strings_are_translated_in_every_language(language):
    js = catalogue(language, "djangojs")
    assert len(js) > 0
    assert [e.msgid for e in js if not e.translated()] == []


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_records_its_review_and_its_language(language, domain):
    po = catalogue(language, domain)
    assert po.metadata.get("X-Review-Status") in REVIEW_STATUSES
    assert po.metadata.get("Language") == language
    assert po.metadata.get("Plural-Forms", "").startswith("nplurals=")


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language, domain):
    po = catalogue(language, domain)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / f"{domain}.mo"))

    def key(e):
        return (e.msgctxt or "", e.msgid)

    def value(e):
        return e.msgstr or tuple(sorted(e.msgstr_plural.items()))

    compiled = {key(e): value(e) for e in mo if e.msgid}
    source = {key(e): value(e) for e in po.translated_entries()}
    assert compiled == source, f"{language}/{domain}.mo is stale: run `manage.py compilemessages`"


def test_makemessages_finds_exactly_the_strings_of_the_catalogues(tmp_path):
    """Runs makemessages on a copy of the sources, as a maintainer would, and compares msgids."""
    copy = tmp_path / "src"
    copy.mkdir()
    for name in ("riskassess", "templates", "static", "locale"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    languages = [arg for code in LANGUAGES for arg in ("-l", code)]
    for domain in DOMAINS:
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-d", domain, *languages, *MAKEMESSAGES_OPTIONS],
            cwd=copy,
            check=True,
            capture_output=True,
        )
    for language in LANGUAGES:
        for domain in DOMAINS:
            made = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / f"{domain}.po"))
            ours = catalogue(language, domain)
            made_ids = {(e.msgctxt or "", e.msgid) for e in made if not e.obsolete}
            our_ids = {(e.msgctxt or "", e.msgid) for e in ours if not e.obsolete}
            assert made_ids - our_ids == set(), f"{language}/{domain}: marked strings missing from the catalogue"
            assert our_ids - made_ids == set(), f"{language}/{domain}: entries no longer in the sources"


# The options of `make messages` (Makefile): keep the two in step.
MAKEMESSAGES_OPTIONS = ["--no-obsolete", "--no-location", "--ignore", "var/*"]
