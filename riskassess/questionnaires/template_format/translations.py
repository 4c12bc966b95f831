"""The translation of a template version into one language (`riskassess-translation/1`): its file
format, its checks against the version's definition, keeping a file in step with the English, and
the definition as displayed in that language.

A translation file sits beside the template file, one per language
(`templates_yaml/<key>-<version>/<language>.yaml`):

    format: riskassess-translation/1
    template: eu-5g-supplier
    version: '2027.1'
    language: de
    review:
      status: not reviewed        # or: reviewed
      by: ''                      # who reviewed it (their authority), when reviewed
      date: null                  # the date of the review (YYYY-MM-DD), when reviewed
    texts:
      sections.A.title:
        en: Supplier profile      # the English it translates, as in the template
        text: Lieferantenprofil
      sections.A.help:
        en: ...
        missing: true             # not translated yet: English is shown

The paths are those of `texts.wording(definition)`, the one list of what is translatable: every one
must be in the file (translated or marked missing), no other. The English recorded with each entry
must be the template's English (else the entry is stale: the English changed since it was
translated), and a translation keeps the placeholders of its English. A translation is wording
only: it never changes a key, a type, a number or an answer value, so the scoring engine and the
stored answers never see it; English stays the authoritative text.

Pure: no ORM, no I/O beyond the text given.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from riskassess.core.text import first_control_character
from riskassess.questionnaires.template_format.checker import TemplateError, show
from riskassess.questionnaires.template_format.texts import WORDING, _item_name, wording

FORMAT = "riskassess-translation/1"
REVIEWED = "reviewed"
NOT_REVIEWED = "not reviewed"
REVIEW_STATUSES = (REVIEWED, NOT_REVIEWED)
KEYS = ("format", "template", "version", "language", "review", "texts")
REVIEW_KEYS = ("status", "by", "date")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
MAX_TEXT = 10_000
#: What a translation must keep of its English: %(name)s, %s, {name}.
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdfr]|%[sdfr]|\{[A-Za-z_][A-Za-z0-9_]*\}")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


@dataclass
class Translation:
    """A checked translation file: its texts by path (only the translated ones) and the paths marked
    missing, in the order of the definition."""

    template: str
    version: str
    language: str
    review_status: str = NOT_REVIEWED
    reviewed_by: str = ""
    reviewed_on: dt.date | None = None
    texts: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def reviewed(self) -> bool:
        return self.review_status == REVIEWED


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 46 files are read at a seed


def load(text: str) -> Any:
    """The YAML document of a translation file; TemplateError when it cannot be read."""
    bad = first_control_character(text)
    if bad is not None:
        line = text.count("\n", 0, bad) + 1
        raise TemplateError([f"line {line}: the file contains control characters (such as NUL); remove them"])
    try:
        # No anchors and aliases (as in template files): a translation never needs them, and an
        # alias can make an exponential expansion. The events are read first, the document after.
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
                raise TemplateError([f"{where}: aliases (*name) are not accepted in a translation file"])
        return yaml.load(text, Loader=_Loader)  # noqa: S506  (a safe loader; aliases refused above)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(e, "problem", None) or str(e)
        raise TemplateError([f"{where}: the file is not valid YAML ({problem})"]) from None


def _text(errors: list[str], where: str, value: Any, name: str) -> str:
    if not isinstance(value, str) or isinstance(value, bool):
        errors.append(f"{where}: {name} must be text, found {show(value)}")
        return ""
    if len(value) > MAX_TEXT:
        errors.append(f"{where}: {name} is longer than {MAX_TEXT} characters")
    return value


def _review(errors: list[str], value: Any) -> tuple[str, str, dt.date | None]:
    if not isinstance(value, Mapping):
        errors.append(f"review: expected a mapping (status, by, date), found {show(value)}")
        return NOT_REVIEWED, "", None
    for k in value:
        if k not in REVIEW_KEYS:
            errors.append(f"review: unknown key {show(k)} (allowed: {', '.join(REVIEW_KEYS)})")
    status = value.get("status")
    if status not in REVIEW_STATUSES:
        errors.append(f"review.status: must be '{REVIEWED}' or '{NOT_REVIEWED}', found {show(status)}")
        status = NOT_REVIEWED
    by = value.get("by") or ""
    if not isinstance(by, str):
        errors.append(f"review.by: must be text, found {show(by)}")
        by = ""
    date = value.get("date")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            errors.append(f"review.date: must be a date (YYYY-MM-DD), found {show(date)}")
            date = None
    elif date is not None and not isinstance(date, dt.date):
        errors.append(f"review.date: must be a date (YYYY-MM-DD), found {show(date)}")
        date = None
    if status == REVIEWED and (not by.strip() or date is None):
        errors.append("review: a reviewed translation names who reviewed it ('by') and when ('date')")
    return str(status), by.strip(), date


def check(
    doc: Any, definition: Mapping[str, Any], *, languages: Iterable[str] | None = None, source: str = "english"
) -> Translation:
    """Check a loaded translation document against the definition it translates.

    Raises TemplateError listing every problem, each naming its path: a path of the template's
    wording absent from the file, a path that is not one of them, a translation whose placeholders
    differ from its English, an entry whose English is not the template's (stale). `languages`, when
    given, are the codes accepted (never English: it is the source)."""
    errors: list[str] = []
    if not isinstance(doc, Mapping):
        raise TemplateError([f"file: expected a mapping of keys to values, found {type(doc).__name__}"])
    for k in doc:
        if k not in KEYS:
            errors.append(f"file: unknown key {show(k)} (allowed: {', '.join(KEYS)})")
    for k in KEYS:
        if k not in doc:
            errors.append(f"file: '{k}' is missing")
    if doc.get("format", FORMAT) != FORMAT:
        errors.append(f"format: must be '{FORMAT}', found {show(doc.get('format'))}")
    template = str(doc.get("template", ""))
    version = str(doc.get("version", ""))
    if "template" in doc and template != definition.get("key"):
        errors.append(f"template: the file translates '{template}', not '{definition.get('key')}'")
    if "version" in doc and version != definition.get("version"):
        errors.append(f"version: the file translates version '{version}', not '{definition.get('version')}'")
    language = doc.get("language")
    accepted = None if languages is None else {code for code in languages if code != "en"}
    if not isinstance(language, str) or not LANGUAGE_RE.match(language) or language == "en":
        errors.append(f"language: must be a language code other than English (the source), found {show(language)}")
        language = ""
    elif accepted is not None and language not in accepted:
        errors.append(f"language: '{language}' is not one of the languages offered ({', '.join(sorted(accepted))})")
    status, by, date = _review(errors, doc.get("review")) if "review" in doc else (NOT_REVIEWED, "", None)

    english = wording(definition)
    texts: dict[str, str] = {}
    missing: list[str] = []
    entries = doc.get("texts")
    if not isinstance(entries, Mapping):
        if "texts" in doc:
            errors.append(f"texts: expected a mapping of paths to entries, found {show(entries)}")
        entries = {}
    for path, entry in entries.items():
        where = f"texts.{path}"
        if path not in english:
            errors.append(f"{where}: not a text of {definition.get('key')} {definition.get('version')} (unknown path)")
            continue
        if not isinstance(entry, Mapping):
            errors.append(f"{where}: expected a mapping (en, text or missing: true), found {show(entry)}")
            continue
        for k in entry:
            if k not in ("en", "text", "missing"):
                errors.append(f"{where}: unknown key {show(k)} (allowed: en, text, missing)")
        recorded = _text(errors, where, entry.get("en"), "en") if "en" in entry else None
        if recorded is None:
            errors.append(f"{where}: 'en' is missing (the English this entry translates)")
        elif recorded != english[path]:
            errors.append(
                f"{where}: stale: the English recorded is not the template's any more; check the translation "
                f"against the {source} English and record it"
            )
        is_missing = entry.get("missing", False)
        if is_missing not in (True, False):
            errors.append(f"{where}: missing must be true or false, found {show(is_missing)}")
            continue
        if is_missing:
            if entry.get("text") not in (None, ""):
                errors.append(f"{where}: marked missing but has a text; remove one of them")
            missing.append(path)
            continue
        if "text" not in entry:
            errors.append(f"{where}: neither translated ('text') nor marked missing ('missing: true')")
            continue
        value = _text(errors, where, entry.get("text"), "text")
        if not value.strip():
            errors.append(f"{where}: the translation is empty; mark it 'missing: true' instead")
            continue
        if placeholders(value) != placeholders(english[path]):
            errors.append(
                f"{where}: placeholders differ: the English has {placeholders(english[path]) or 'none'}, "
                f"the translation {placeholders(value) or 'none'}"
            )
            continue
        texts[path] = value
    for path in english:
        if path not in entries:
            errors.append(f"texts.{path}: missing from the file (translate it, or mark it 'missing: true')")
    if errors:
        raise TemplateError(errors)
    order = {path: n for n, path in enumerate(english)}
    return Translation(
        template=template,
        version=version,
        language=str(language),
        review_status=status,
        reviewed_by=by,
        reviewed_on=date,
        texts=dict(sorted(texts.items(), key=lambda kv: order[kv[0]])),
        missing=sorted(missing, key=order.__getitem__),
    )


def parse_translation(
    text: str, definition: Mapping[str, Any], *, languages: Iterable[str] | None = None
) -> Translation:
    """Read and check a translation file (see `check`)."""
    return check(load(text), definition, languages=languages)


def document(
    definition: Mapping[str, Any],
    language: str,
    texts: Mapping[str, str],
    *,
    review_status: str = NOT_REVIEWED,
    reviewed_by: str = "",
    reviewed_on: dt.date | None = None,
) -> dict[str, Any]:
    """The document of a translation file: every path of the definition's wording with its English
    and, where `texts` has one, its translation, else `missing: true`."""
    entries: dict[str, dict[str, Any]] = {}
    for path, english in wording(definition).items():
        translated = texts.get(path)
        entries[path] = {"en": english, "text": translated} if translated else {"en": english, "missing": True}
    return {
        "format": FORMAT,
        "template": definition["key"],
        "version": definition["version"],
        "language": language,
        "review": {
            "status": review_status,
            "by": reviewed_by,
            "date": reviewed_on.isoformat() if reviewed_on else None,
        },
        "texts": entries,
    }


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(doc: Mapping[str, Any]) -> str:
    """The canonical text of a translation file (keys in the order given, UTF-8 as written)."""
    return yaml.dump(dict(doc), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)  # new English: added as missing
    removed: list[str] = field(default_factory=list)  # no longer in the template
    stale: list[str] = field(default_factory=list)  # the English changed: marked missing, old text kept aside

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.stale)


def sync(doc: Mapping[str, Any], definition: Mapping[str, Any]) -> tuple[dict[str, Any], SyncReport]:
    """A translation document brought in step with the definition's English: paths added as missing,
    paths no longer in the template removed, and the entries whose English changed (stale) reported
    and left as they are (a translator checks them against the new English and records it). The
    rest of the file is kept."""
    report = SyncReport()
    english = wording(definition)
    texts = doc.get("texts")
    old: Mapping[str, Any] = texts if isinstance(texts, Mapping) else {}
    entries: dict[str, Any] = {}
    for path, text in english.items():
        entry = old.get(path)
        if not isinstance(entry, Mapping):
            entries[path] = {"en": text, "missing": True}
            report.added.append(path)
            continue
        if entry.get("en") != text:
            report.stale.append(path)
        entries[path] = dict(entry)
    report.removed = [path for path in old if path not in english]
    synced = {k: doc[k] for k in KEYS if k in doc and k != "texts"}
    synced.setdefault("format", FORMAT)
    synced["template"] = definition["key"]
    synced["version"] = definition["version"]
    synced["texts"] = entries
    return synced, report


def translate(definition: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, Any]:
    """A copy of the definition with each text of `texts` (by path) in place of its English: for
    display only (keys, types, numbers and answer values are untouched)."""
    shown = copy.deepcopy(dict(definition))
    if texts:
        _replace(shown, (), texts)
    return shown


def _replace(node: Any, path: tuple[str, ...], texts: Mapping[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                if key in WORDING:
                    translated = texts.get(".".join((*path, str(key))))
                    if translated:
                        node[key] = translated
            else:
                _replace(value, (*path, str(key)), texts)
    elif isinstance(node, list):
        for position, item in enumerate(node):
            if isinstance(item, dict):
                _replace(item, (*path, _item_name(item, position)), texts)
