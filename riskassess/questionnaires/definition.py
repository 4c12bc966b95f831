"""The questionnaire template format: parse and validate a YAML file into the normalised
definition dict stored in TemplateVersion.definition, dump it back, and hash its scoring rules.

See docs/questionnaire-format.md. The format itself (mappings, keys, canonical order, defaults) is
declared once in riskassess/questionnaires/template_format/schema.py. Pure: no ORM, no I/O beyond
the text given.
"""

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, TypeGuard

import yaml

from riskassess.questionnaires.template_format import schema as _schema
from riskassess.questionnaires.values import is_number

FORMAT = _schema.FORMAT

# Keys of a question that change a score (the rest is wording).
_RULE_KEYS_QUESTION = (
    "key",
    "type",
    "required",
    "evidence",
    "condition",
    "choices",
    "fields",
    "item_kind",
    "min",
    "max",
    "scoring",
)
_RULE_KEYS_CHOICE = ("value",)

QUESTION_TYPES = _schema.QUESTION_TYPES
FIELD_TYPES = _schema.FIELD_TYPES
ITEM_KINDS = _schema.ITEM_KINDS
# Fields the scoring engine reads, per item kind: {field key: allowed types}.
ITEM_KIND_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "certificate": {
        "asset_class": ("choice", "text"),
        "expiry_date": ("date",),
        "status": ("choice",),
        "covers_deployed": ("ynu", "yn"),
    },
    "test_report": {"asset_class": ("choice", "text"), "test_date": ("date",)},
    "decision": {"decision": ("choice",)},
    "generic": {},
}
CONDITION_OPERATORS = (
    "equals",
    "not_equals",
    "in",
    "contains",
    "not_empty",
    "greater_than",
    "less_than",
    "any_item",
)
# Looked up with a question's type as written, which may be missing (None).
YES_NO_VALUES: dict[str | None, tuple[str, ...]] = {"ynu": ("yes", "no", "unknown"), "yn": ("yes", "no")}
UNKNOWN = "unknown"

# Canonical key order of every mapping, from the one declaration of the format
# (template_format/schema.py, which also generates the reference in docs/questionnaire-format.md).
TOP_KEYS = _schema.TEMPLATE.names()
# Which section and questions carry designation data, and which answer means confidential
# (riskassess.confidentiality reads it; versions stored without it get its default).
CONFIDENTIALITY_KEYS = _schema.CONFIDENTIALITY.names()
CONFIDENTIAL_WHEN_KEYS = _schema.CONFIDENTIAL_WHEN.names()
REGISTER_KEYS = _schema.REGISTER.names()
SECTION_KEYS = _schema.SECTION.names()
QUESTION_KEYS = _schema.QUESTION.names()
FIELD_KEYS = _schema.FIELD.names()
CHOICE_KEYS = _schema.CHOICE.names()
QUESTION_SCORING_KEYS = _schema.QUESTION_SCORING.names("rule")  # weight first, unknown_points last
# Where a scored question belongs and why it scores as it does (the dimensions model, docs/scoring.md).
QUESTION_SCORING_NOTE_KEYS = _schema.QUESTION_SCORING.names("note")
THRESHOLD_KEYS = _schema.THRESHOLD.names()
SCORING_KEYS = _schema.SCORING.names()
# The parts of `scoring` only the dimensions model has (checked in template_format/dimensions.py).
DIMENSIONS_MODEL_KEYS = _schema.SCORING.names("dimensions")
BAND_KEYS = _schema.BAND.names()
TRIGGER_KEYS = _schema.TRIGGER.required
TRIGGER_NOTE_KEYS = _schema.TRIGGER.names("note")
FLAG_KEYS = _schema.FLAG.names()
OVERALL_RULE_KEYS = _schema.OVERALL_RULE.names()
DIMENSION_KEYS = _schema.DIMENSION.names()
SUPPLY_KEYS = _schema.SUPPLY.names()
LEGAL_STATUS_KEYS = _schema.LEGAL_STATUS.names()
LEGAL_STATUS_VALUE_KEYS = _schema.LEGAL_STATUS_VALUE.names()
EVIDENCE_RULE_KEYS = _schema.EVIDENCE_RULES.names()
EVIDENCE_RULE_DEFAULTS = dict(_schema.EVIDENCE_RULES.defaults)
CONDITION_KEYS = ("all", "any", "not", "fact", "question", *CONDITION_OPERATORS, "no_valid_evidence")
CERTIFICATES_RULE_KEYS = _schema.CERTIFICATES_RULE.names()
TESTS_RULE_KEYS = _schema.TESTS_RULE.names()
NO_VALID_EVIDENCE_KEYS = _schema.NO_VALID_EVIDENCE.names()

_TEMPLATE_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_VERSION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_SECTION_KEY_RE = re.compile(r"^[A-Z]$")
QUESTION_KEY_RE = re.compile(r"^[A-Z][0-9]{1,2}[a-z]?$")
_FIELD_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,59}$")
_ID_RE = re.compile(r"^[A-Z]{1,4}[0-9]{1,3}$")
_FACT_RE = re.compile(r"^[a-z][a-z0-9_]{0,79}$")


class TemplateError(Exception):
    """A template file is malformed. `errors` is a list of "<where>: <what is wrong>" messages,
    where <where> names the section or question key."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def iter_questions(definition: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every question of the template, in order, with its section key as `section`."""
    for section in definition["sections"]:
        for q in section["questions"]:
            yield {**q, "section": section["key"]}


def questions_by_key(definition: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {q["key"]: q for q in iter_questions(definition)}


def _rules_view(definition: Mapping[str, Any]) -> dict[str, Any]:
    def strip_choices(choices):
        return [{k: c[k] for k in _RULE_KEYS_CHOICE if k in c} for c in choices or []]

    def strip_question(q):
        out = {k: q[k] for k in _RULE_KEYS_QUESTION if k in q}
        if "choices" in out:
            out["choices"] = strip_choices(out["choices"])
        if "fields" in out:
            out["fields"] = [
                {k: v for k, v in f.items() if k not in ("label", "help", "checks")}  # checks: plausibility, not points
                | {"choices": strip_choices(f.get("choices"))}
                for f in out["fields"]
            ]
        return out

    return {
        "sections": [
            {"key": s["key"], "weight": s.get("weight", 0), "questions": [strip_question(q) for q in s["questions"]]}
            for s in definition["sections"]
        ],
        "scoring": {k: v for k, v in definition.get("scoring", {}).items()},
    }


def rules_hash(definition: Mapping[str, Any]) -> str:
    """SHA-256 of everything that changes a score: the rule-set version."""
    canonical = json.dumps(_rules_view(definition), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Parsing and validation
# ---------------------------------------------------------------------------------------------


def _is_int(v: Any) -> TypeGuard[int]:
    return isinstance(v, int) and not isinstance(v, bool)


def _show(v: Any) -> str:
    return repr(v) if not isinstance(v, str) else f"'{v}'"


class _Checker:
    """Walks a loaded YAML document, collecting every error and building the normalised dict."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.questions: dict[str, dict[str, Any]] = {}  # normalised questions seen so far, by key
        self.dimensional = False  # the dimensions model: section weights are not used

    def err(self, where: str, what: str) -> None:
        self.errors.append(f"{where}: {what}")

    # -- small helpers -----------------------------------------------------------------------

    def mapping(self, where: str, value: Any, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict:
        if not isinstance(value, Mapping):
            self.err(where, f"expected a mapping of keys to values, found {type(value).__name__}")
            return {}
        for k in value:
            if k not in allowed:
                self.err(where, f"unknown key {_show(k)} (allowed: {', '.join(allowed)})")
        for k in required:
            if k not in value:
                self.err(where, f"'{k}' is missing")
        return dict(value)

    def text(self, where: str, value: Any, name: str, *, required: bool = True, max_length: int = 5000) -> str:
        if value is None and not required:
            return ""
        if isinstance(value, bool):
            self.err(where, f"{name} must be text; YAML reads {value!r} as true/false, put it in quotes")
            return ""
        if not isinstance(value, str):
            self.err(where, f"{name} must be text, found {_show(value)}")
            return ""
        if required and not value.strip():
            self.err(where, f"{name} is empty")
        if len(value) > max_length:
            self.err(where, f"{name} is longer than {max_length} characters")
        return value

    def flag(self, where: str, value: Any, name: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.err(where, f"{name} must be true or false, found {_show(value)}")
            return False
        return value

    def points(self, where: str, value: Any, name: str) -> Any:
        if not is_number(value) or not 0 <= value <= 100:
            self.err(where, f"{name} must be a number of points from 0 to 100, found {_show(value)}")
        return value

    # -- top level ---------------------------------------------------------------------------

    def top(self, doc: Any) -> dict[str, Any]:
        if not isinstance(doc, Mapping):
            self.err("template", "the file is not a questionnaire template (expected a YAML mapping at the top)")
            return {}
        d = self.mapping("template", doc, TOP_KEYS, required=("format", "key", "name", "version", "sections"))
        out: dict[str, Any] = {}
        if "format" in d and d["format"] != FORMAT:
            self.err("template", f"format must be '{FORMAT}', found {_show(d['format'])}")
        out["format"] = FORMAT
        key = d.get("key")
        if "key" in d and (not isinstance(key, str) or not _TEMPLATE_KEY_RE.match(key)):
            self.err("template", f"key must be a slug of lower-case letters, digits and '-', found {_show(key)}")
        out["key"] = key if isinstance(key, str) else ""
        out["name"] = self.text("template", d.get("name"), "name", required="name" in d, max_length=200)
        version = d.get("version")
        if "version" in d:
            if isinstance(version, int | float) and not isinstance(version, bool):
                self.err("template", f'version must be text in quotes, e.g. version: "{version}"')
            elif not isinstance(version, str) or not _VERSION_RE.match(version):
                self.err("template", f"version must be letters, digits, '.', '_' or '-', found {_show(version)}")
        out["version"] = version if isinstance(version, str) else ""
        out["description"] = self.text("template", d.get("description"), "description", required=False)
        scoring = d.get("scoring", {})
        self.dimensional = isinstance(scoring, Mapping) and scoring.get("model") == "dimensions"
        out["sections"] = self.sections(d.get("sections"))
        if "confidentiality" in d:
            out["confidentiality"] = self.confidentiality(d["confidentiality"], out["sections"])
        out["scoring"] = self.scoring(scoring)
        if self.dimensional and not self.errors:
            from riskassess.questionnaires.template_format.dimensions import dimensions_model_errors

            self.errors.extend(dimensions_model_errors(out))
        return out

    def confidentiality(self, value: Any, sections: list[dict[str, Any]]) -> dict[str, Any]:
        """The `confidentiality` block: every key names a section or question of the template."""
        where = "confidentiality"
        c = self.mapping(where, value, CONFIDENTIALITY_KEYS, required=("designation_section", "confidential_when"))
        section_key = c.get("designation_section")
        section = next((s for s in sections if s.get("key") == section_key), None)
        if "designation_section" in c and section is None:
            self.err(where, f"designation_section {_show(section_key)} is not a section of this template")
        keys = {q["key"]: q for q in (section or {}).get("questions", [])}
        out: dict[str, Any] = {"designation_section": section_key}
        when = self.mapping(
            f"{where}, confidential_when",
            c.get("confidential_when", {}),
            CONFIDENTIAL_WHEN_KEYS,
            required=CONFIDENTIAL_WHEN_KEYS,
        )
        q = keys.get(when.get("question"))
        if section is not None and "question" in when and q is None:
            self.err(
                f"{where}, confidential_when", f"question {_show(when.get('question'))} is not in section {section_key}"
            )
        if q is not None and "equals" in when:
            answers = [*YES_NO_VALUES.get(q.get("type"), ()), *(ch["value"] for ch in q.get("choices", []))]
            if when["equals"] not in answers:
                self.err(f"{where}, confidential_when", f"{_show(when['equals'])} is not an answer of {q['key']}")
        out["confidential_when"] = {"question": when.get("question"), "equals": when.get("equals")}
        if "register" in c:
            register = self.mapping(f"{where}, register", c["register"], REGISTER_KEYS)
            for field, key in register.items():
                if section is not None and key not in keys:
                    self.err(f"{where}, register", f"{field}: question {_show(key)} is not in section {section_key}")
            out["register"] = {k: register[k] for k in REGISTER_KEYS if k in register}
        return out

    def sections(self, value: Any) -> list[dict[str, Any]]:
        if value is None:
            return []
        if not isinstance(value, list) or not value:
            self.err("template", "sections must be a non-empty list")
            return []
        out = []
        seen: set[str] = set()
        for i, raw in enumerate(value, 1):
            key = raw.get("key") if isinstance(raw, Mapping) else None
            where = f"section {key}" if isinstance(key, str) and key else f"section {i}"
            s = self.mapping(where, raw, SECTION_KEYS, required=("key", "title", "weight", "questions"))
            if not s:
                continue
            if "key" in s:
                if not isinstance(key, str) or not _SECTION_KEY_RE.match(key):
                    self.err(where, f"key must be one capital letter, found {_show(key)}")
                elif key in seen:
                    self.err(where, "this section key is used twice")
                else:
                    seen.add(key)
            weight = s.get("weight", 0)
            if not is_number(weight) or weight < 0:
                self.err(where, f"weight must be a number of 0 or more, found {_show(weight)}")
                weight = 0
            section = {
                "key": key if isinstance(key, str) else "",
                "title": self.text(where, s.get("title"), "title", required="title" in s, max_length=200),
                "description": self.text(where, s.get("description"), "description", required=False),
                "weight": weight,
                "questions": [],
            }
            if "dimension" in s:
                section["dimension"] = s["dimension"]
            questions = s.get("questions")
            if "questions" in s and (not isinstance(questions, list) or not questions):
                self.err(where, "questions must be a non-empty list")
            elif isinstance(questions, list):
                for j, q in enumerate(questions, 1):
                    nq = self.question(section["key"], j, q)
                    if nq is not None:
                        section["questions"].append(nq)
            out.append(section)
        total = sum(s["weight"] for s in out)
        if out and total <= 0 and not self.dimensional:
            self.err("template", "the section weights add up to 0; at least one section needs a weight above 0")
        return out

    # -- questions ---------------------------------------------------------------------------

    def choices(self, where: str, value: Any, *, scored: bool) -> list[dict[str, str]]:
        if not isinstance(value, list) or not value:
            self.err(where, "choices must be a non-empty list of {value, label}")
            return []
        out = []
        seen: set[str] = set()
        for i, raw in enumerate(value, 1):
            c = self.mapping(f"{where}, choice {i}", raw, CHOICE_KEYS, required=CHOICE_KEYS)
            if not c:
                continue
            v = c.get("value")
            if isinstance(v, bool):
                self.err(where, f"choice {i}: value {v!r} is read as true/false by YAML; put it in quotes")
                continue
            if not isinstance(v, str) or not _CODE_RE.match(v):
                self.err(
                    where, f"choice {i}: value must be a code of lower-case letters, digits and '_', found {_show(v)}"
                )
                continue
            if v in seen:
                self.err(where, f"choice value '{v}' is listed twice")
            if scored and v == UNKNOWN:
                self.err(where, "choice 'unknown' is offered automatically on scored questions; remove it")
            seen.add(v)
            out.append(
                {"value": v, "label": self.text(f"{where}, choice '{v}'", c.get("label"), "label", max_length=200)}
            )
        return out

    def number_bounds(self, where: str, q: dict, out: dict) -> None:
        for k in ("min", "max"):
            if k in q:
                if not is_number(q[k]):
                    self.err(where, f"{k} must be a number, found {_show(q[k])}")
                else:
                    out[k] = q[k]
        if "min" in out and "max" in out and out["min"] > out["max"]:
            self.err(where, f"min ({out['min']}) is above max ({out['max']})")
        if "unit" in q:
            out["unit"] = self.text(where, q["unit"], "unit", max_length=40)

    def max_length(self, where: str, q: dict, out: dict) -> None:
        if "max_length" in q:
            if not _is_int(q["max_length"]) or not 1 <= q["max_length"] <= 100_000:
                self.err(where, f"max_length must be a whole number from 1 to 100000, found {_show(q['max_length'])}")
            else:
                out["max_length"] = q["max_length"]

    def extras_not_allowed(self, where: str, q: dict, qtype: str, allowed: tuple[str, ...]) -> None:
        for k in ("choices", "min", "max", "unit", "max_length", "item_kind", "max_items", "fields"):
            if k in q and k not in allowed:
                self.err(where, f"'{k}' does not apply to type '{qtype}'")

    def question(self, section_key: str, index: int, raw: Any) -> dict[str, Any] | None:
        key = raw.get("key") if isinstance(raw, Mapping) else None
        where = f"question {key}" if isinstance(key, str) and key else f"section {section_key}, question {index}"
        q = self.mapping(where, raw, QUESTION_KEYS, required=("key", "text", "type"))
        if not q:
            return None
        if "key" in q:
            if not isinstance(key, str) or not QUESTION_KEY_RE.match(key):
                self.err(where, f"key must look like A4, B12 or B4a, found {_show(key)}")
                key = None
            elif key in self.questions:
                self.err(where, "this question key is used twice")
            elif section_key and not key.startswith(section_key):
                self.err(where, f"the key must start with its section letter {section_key}")
        out: dict[str, Any] = {
            "key": key or "",
            "text": self.text(where, q.get("text"), "text", required="text" in q),
            "help": self.text(where, q.get("help"), "help", required=False),
            "source": self.text(where, q.get("source"), "source", required=False, max_length=500),
        }
        qtype = q.get("type")
        if "type" in q and qtype not in QUESTION_TYPES:
            self.err(where, f"unknown type {_show(qtype)} (known types: {', '.join(QUESTION_TYPES)})")
        out["type"] = qtype
        scored = bool(q.get("scoring"))
        if qtype in ("choice", "multi"):
            self.extras_not_allowed(where, q, qtype, ("choices",))
            if "choices" not in q:
                self.err(where, f"type '{qtype}' needs choices")
            else:
                out["choices"] = self.choices(where, q["choices"], scored=scored)
        elif qtype == "number":
            self.extras_not_allowed(where, q, qtype, ("min", "max", "unit"))
            self.number_bounds(where, q, out)
        elif qtype == "text":
            self.extras_not_allowed(where, q, qtype, ("max_length",))
            self.max_length(where, q, out)
        elif qtype == "repeat":
            self.extras_not_allowed(where, q, qtype, ("item_kind", "max_items", "fields"))
            kind = q.get("item_kind", "generic")
            if kind not in ITEM_KINDS:
                self.err(where, f"unknown item_kind {_show(kind)} (known: {', '.join(ITEM_KINDS)})")
                kind = "generic"
            out["item_kind"] = kind
            if "max_items" in q:
                if not _is_int(q["max_items"]) or not 1 <= q["max_items"] <= 500:
                    self.err(where, f"max_items must be a whole number from 1 to 500, found {_show(q['max_items'])}")
                else:
                    out["max_items"] = q["max_items"]
            out["fields"] = self.fields(where, q.get("fields"), kind)
        elif qtype in QUESTION_TYPES:
            self.extras_not_allowed(where, q, qtype, ())
        out["required"] = self.flag(where, q.get("required"), "required")
        out["evidence"] = self.flag(where, q.get("evidence"), "evidence")
        if "condition" in q:
            out["condition"] = self.condition(f"{where}, condition", q["condition"], own_key=key, earlier_only=True)
        if "checks" in q:  # plausibility checks, see questionnaires/checks.py
            from riskassess.questionnaires import checks

            for problem in checks.problems(q["checks"], out):
                self.err(f"{where}, checks", problem)
            out["checks"] = q["checks"]
        if scored:
            out["scoring"] = self.question_scoring(f"{where}, scoring", q["scoring"], out)
        elif "scoring" in q and q["scoring"] not in (None, {}):
            self.err(where, "scoring must be a mapping")
        if key:
            self.questions[key] = out
        return out

    def fields(self, where: str, value: Any, kind: str) -> list[dict[str, Any]]:
        if not isinstance(value, list) or not value:
            self.err(where, "a repeat question needs fields (a non-empty list)")
            return []
        out = []
        seen: set[str] = set()
        for i, raw in enumerate(value, 1):
            fkey = raw.get("key") if isinstance(raw, Mapping) else None
            fwhere = f"{where}, field {fkey}" if isinstance(fkey, str) and fkey else f"{where}, field {i}"
            f = self.mapping(fwhere, raw, FIELD_KEYS, required=("key", "label", "type"))
            if not f:
                continue
            if "key" in f:
                if not isinstance(fkey, str) or not _FIELD_KEY_RE.match(fkey):
                    self.err(fwhere, f"key must be lower-case letters, digits and '_', found {_show(fkey)}")
                elif fkey in seen:
                    self.err(fwhere, "this field key is used twice")
                seen.add(fkey if isinstance(fkey, str) else "")
            ftype = f.get("type")
            if "type" in f and ftype not in FIELD_TYPES:
                self.err(fwhere, f"unknown type {_show(ftype)} (field types: {', '.join(FIELD_TYPES)})")
            nf: dict[str, Any] = {
                "key": fkey if isinstance(fkey, str) else "",
                "label": self.text(fwhere, f.get("label"), "label", required="label" in f, max_length=200),
                "type": ftype,
                "required": self.flag(fwhere, f.get("required"), "required"),
            }
            if ftype == "choice":
                self.extras_not_allowed(fwhere, f, ftype, ("choices",))
                if "choices" not in f:
                    self.err(fwhere, "type 'choice' needs choices")
                else:
                    nf["choices"] = self.choices(fwhere, f["choices"], scored=False)
            elif ftype == "number":
                self.extras_not_allowed(fwhere, f, ftype, ("min", "max", "unit"))
                self.number_bounds(fwhere, f, nf)
            elif ftype == "text":
                self.extras_not_allowed(fwhere, f, ftype, ("max_length",))
                self.max_length(fwhere, f, nf)
            elif ftype in FIELD_TYPES:
                self.extras_not_allowed(fwhere, f, ftype, ())
            nf["help"] = self.text(fwhere, f.get("help"), "help", required=False)
            if "checks" in f:
                nf["checks"] = f["checks"]
            out.append(nf)
        by_key = {f["key"]: f for f in out}
        if any("checks" in f for f in out):  # plausibility checks, see questionnaires/checks.py
            from riskassess.questionnaires import checks

            types = {f["key"]: f["type"] for f in out}
            for f in out:
                for problem in checks.problems(f.get("checks", []), f, field_keys=types):
                    self.err(f"{where}, field {f['key']}, checks", problem)
        for fkey, allowed_types in ITEM_KIND_FIELDS[kind].items():
            if fkey not in by_key:
                self.err(where, f"item_kind '{kind}' needs a field '{fkey}'")
            elif by_key[fkey]["type"] not in allowed_types:
                self.err(f"{where}, field {fkey}", f"type must be {' or '.join(allowed_types)} for item_kind '{kind}'")
        return out

    # -- conditions --------------------------------------------------------------------------

    def _allowed_values(self, q: dict[str, Any]) -> tuple[str, ...] | None:
        if q.get("type") in YES_NO_VALUES:
            return YES_NO_VALUES[q["type"]]
        if q.get("type") in ("choice", "multi"):
            values = tuple(c["value"] for c in q.get("choices") or [])
            return (*values, UNKNOWN) if q.get("scoring") else values
        return None

    def condition(
        self, where: str, value: Any, *, own_key: str | None, earlier_only: bool, evidence_ok: bool = False
    ) -> dict[str, Any]:
        if not isinstance(value, Mapping) or not value:
            self.err(where, 'a condition must be a mapping such as {question: A3, equals: "yes"}')
            return {}
        keys = set(value)
        unknown = keys - set(CONDITION_KEYS)
        if unknown:
            self.err(
                where, f"unknown operator {', '.join(sorted(map(str, unknown)))} (known: {', '.join(CONDITION_KEYS)})"
            )
            return dict(value)
        if keys & {"all", "any"}:
            if len(keys) != 1:
                self.err(where, "'all' or 'any' must stand alone")
                return dict(value)
            op = next(iter(keys))
            items = value[op]
            if not isinstance(items, list) or not items:
                self.err(where, f"'{op}' needs a non-empty list of conditions")
                return dict(value)
            return {
                op: [
                    self.condition(
                        f"{where}, {op} {i}", c, own_key=own_key, earlier_only=earlier_only, evidence_ok=evidence_ok
                    )
                    for i, c in enumerate(items, 1)
                ]
            }
        if "not" in keys:
            if len(keys) != 1:
                self.err(where, "'not' must stand alone")
                return dict(value)
            return {
                "not": self.condition(
                    f"{where}, not", value["not"], own_key=own_key, earlier_only=earlier_only, evidence_ok=evidence_ok
                )
            }
        if "fact" in keys:
            if len(keys) != 1:
                self.err(where, "'fact' must stand alone")
            elif not isinstance(value["fact"], str) or not _FACT_RE.match(value["fact"]):
                self.err(
                    where,
                    f"fact must be a name such as supplier_named_in_2023_communication, found {_show(value['fact'])}",
                )
            return dict(value)
        if "no_valid_evidence" in keys:
            if not evidence_ok:
                self.err(where, "'no_valid_evidence' can only be used in triggers and flags")
                return dict(value)
            if len(keys) != 1:
                self.err(where, "'no_valid_evidence' must stand alone")
                return dict(value)
            return {"no_valid_evidence": self.no_valid_evidence(where, value["no_valid_evidence"])}
        if "question" not in keys:
            self.err(where, "a condition needs 'question' (or all / any / not / fact)")
            return dict(value)
        ops = [k for k in CONDITION_OPERATORS if k in keys]
        if len(ops) != 1:
            self.err(
                where, f"a condition needs exactly one operator ({', '.join(CONDITION_OPERATORS)}), found {len(ops)}"
            )
            return dict(value)
        op = ops[0]
        ref = value["question"]
        target = self.questions.get(ref) if isinstance(ref, str) else None
        if earlier_only and ref == own_key:
            self.err(where, f"the question {ref} cannot depend on itself")
        elif target is None:
            if earlier_only:
                self.err(where, f"refers to {_show(ref)}, which is not a question earlier in the template")
            else:
                self.err(where, f"refers to {_show(ref)}, which is not a question of the template")
        operand = value[op]
        out = {"question": ref, op: operand}
        if target is None:
            return out
        allowed = self._allowed_values(target)
        ttype = target.get("type")
        if op in ("equals", "not_equals"):
            if allowed is not None and ttype != "multi" and operand not in allowed:
                self.err(where, f"{_show(operand)} is not an answer of {ref} (answers: {', '.join(allowed)})")
        elif op == "in":
            if not isinstance(operand, list) or not operand:
                self.err(where, "'in' needs a non-empty list of answers")
            elif allowed is not None:
                for v in operand:
                    if v not in allowed:
                        self.err(where, f"{_show(v)} is not an answer of {ref} (answers: {', '.join(allowed)})")
        elif op == "contains":
            if ttype not in ("multi", "countries"):
                self.err(where, f"'contains' needs a multi or countries question, but {ref} is '{ttype}'")
            elif ttype == "multi" and allowed is not None and operand not in allowed:
                self.err(where, f"{_show(operand)} is not a choice of {ref}")
        elif op == "not_empty":
            if not isinstance(operand, bool):
                self.err(where, "'not_empty' must be true or false")
        elif op in ("greater_than", "less_than"):
            if not is_number(operand):
                self.err(where, f"'{op}' needs a number")
            elif ttype not in ("number", "percent"):
                self.err(where, f"'{op}' needs a number or percent question, but {ref} is '{ttype}'")
        elif op == "any_item":
            spec = self.mapping(f"{where}, any_item", operand, ("field", "equals"), required=("field", "equals"))
            if ttype != "repeat":
                self.err(where, f"'any_item' needs a repeat question, but {ref} is '{ttype}'")
            elif spec and spec.get("field") not in {f["key"] for f in target.get("fields", [])}:
                self.err(where, f"{ref} has no field {_show(spec.get('field'))}")
            out[op] = {k: spec[k] for k in ("field", "equals") if k in spec}
        return out

    def no_valid_evidence(self, where: str, value: Any) -> dict[str, Any]:
        spec = self.mapping(f"{where}, no_valid_evidence", value, NO_VALID_EVIDENCE_KEYS, required=("asset_classes",))
        for k, kind in (("certificates", "certificate"), ("tests", "test_report")):
            if k in spec:
                q = self.questions.get(spec[k]) if isinstance(spec[k], str) else None
                if q is None or q.get("type") != "repeat" or q.get("item_kind") != kind:
                    self.err(where, f"{k} must name a repeat question with item_kind '{kind}', found {_show(spec[k])}")
        if "certificates" not in spec and "tests" not in spec:
            self.err(where, "no_valid_evidence needs 'certificates' or 'tests'")
        classes = spec.get("asset_classes")
        if "asset_classes" in spec and (
            not isinstance(classes, list)
            or not classes
            or not all(isinstance(c, str) and _CODE_RE.match(c) for c in classes)
        ):
            self.err(where, "asset_classes must be a non-empty list of asset class codes")
        return {k: spec[k] for k in NO_VALID_EVIDENCE_KEYS if k in spec}

    # -- scoring -----------------------------------------------------------------------------

    def thresholds(self, where: str, value: Any, name: str) -> list[dict[str, Any]]:
        if not isinstance(value, list) or not value:
            self.err(where, f"{name} must be a non-empty list such as [{{max: 14, points: 0}}, {{points: 100}}]")
            return []
        out = []
        last_max = last_min = None
        for i, raw in enumerate(value, 1):
            t = self.mapping(f"{where}, {name} {i}", raw, THRESHOLD_KEYS, required=("points",))
            if not t:
                continue
            if "min" in t and "max" in t:
                self.err(where, f"{name} {i}: use either min or max, not both")
            for k in ("min", "max"):
                if k in t and not is_number(t[k]):
                    self.err(where, f"{name} {i}: {k} must be a number, found {_show(t[k])}")
            self.points(where, t.get("points"), f"{name} {i}: points")
            catch_all = "min" not in t and "max" not in t
            if catch_all and i != len(value):
                self.err(where, f"{name} {i} has neither min nor max, so the ones after it never apply; put it last")
            if is_number(t.get("max")):
                if last_max is not None and t["max"] <= last_max:
                    self.err(where, f"{name} must rise: max {t['max']} comes after max {last_max}")
                last_max = t["max"]
            if is_number(t.get("min")):
                if last_min is not None and t["min"] >= last_min:
                    self.err(where, f"{name} must fall: min {t['min']} comes after min {last_min}")
                last_min = t["min"]
            out.append({k: t[k] for k in THRESHOLD_KEYS if k in t})
        if out and ("min" in out[-1] or "max" in out[-1]):
            self.err(where, f"the last of {name} must be a catch-all without min or max, e.g. {{points: 100}}")
        return out

    def point_map(self, where: str, value: Any, name: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, Mapping) or not value:
            self.err(where, f"{name} must be a mapping of answer to points")
            return {}
        out = {}
        for k, v in value.items():
            if isinstance(k, bool):
                self.err(where, f"{name}: the answer {k!r} is read as true/false by YAML; put it in quotes")
                continue
            if k not in allowed:
                self.err(where, f"{name}: {_show(k)} is not an answer of this question (answers: {', '.join(allowed)})")
            out[k] = self.points(where, v, f"{name} of '{k}'")
        return out

    def question_scoring(self, where: str, value: Any, q: dict[str, Any]) -> dict[str, Any]:
        s = self.mapping(where, value, QUESTION_SCORING_KEYS + QUESTION_SCORING_NOTE_KEYS, required=("weight",))
        if not s:
            return {}
        out: dict[str, Any] = {k: s[k] for k in QUESTION_SCORING_NOTE_KEYS if k in s}
        w = s.get("weight")
        if "weight" in s and (not _is_int(w) or not 1 <= w <= 5):
            self.err(where, f"weight must be a whole number from 1 to 5, found {_show(w)}")
        out["weight"] = w
        qtype = q.get("type")
        rule_keys_by_type: dict[str | None, tuple[str, ...]] = {
            "ynu": ("points",),
            "yn": ("points",),
            "choice": ("points",),
            "multi": ("absent_points", "present_points"),
            "number": ("thresholds",),
            "percent": ("thresholds",),
            "date": ("age_months",),
        }
        rule_keys = rule_keys_by_type.get(qtype)
        if qtype == "repeat":
            rule_keys_by_kind: dict[str | None, tuple[str, ...]] = {
                "certificate": ("certificates",),
                "test_report": ("tests",),
            }
            rule_keys = rule_keys_by_kind.get(q.get("item_kind"))
        if rule_keys is None:
            self.err(
                where,
                f"questions of type '{qtype}'"
                + (f" with item_kind '{q.get('item_kind')}'" if qtype == "repeat" else "")
                + " cannot be scored",
            )
            return {**out, **{k: s[k] for k in QUESTION_SCORING_KEYS[1:] + QUESTION_SCORING_NOTE_KEYS if k in s}}
        for k in QUESTION_SCORING_KEYS[1:-1]:
            if k in s and k not in rule_keys:
                self.err(where, f"'{k}' does not apply to type '{qtype}' (use {' or '.join(rule_keys)})")
        if not any(k in s for k in rule_keys):
            self.err(where, f"type '{qtype}' needs {' and/or '.join(rule_keys)}")
        if qtype in ("ynu", "yn", "choice") and "points" in s:
            values = self._allowed_values(q) or ()
            out["points"] = self.point_map(where, s["points"], "points", values)
            missing = [v for v in values if v != UNKNOWN and v not in out["points"]]
            if missing:
                self.err(where, f"points are missing for {', '.join(missing)}")
        elif qtype == "multi":
            values = tuple(c["value"] for c in q.get("choices") or [])
            for k in ("absent_points", "present_points"):
                if k in s:
                    out[k] = self.point_map(where, s[k], k, values)
        elif qtype in ("number", "percent") and "thresholds" in s:
            out["thresholds"] = self.thresholds(where, s["thresholds"], "thresholds")
        elif qtype == "date" and "age_months" in s:
            out["age_months"] = self.thresholds(where, s["age_months"], "age_months")
        elif qtype == "repeat" and "certificates" in s:
            c = self.mapping(
                f"{where}, certificates", s["certificates"], CERTIFICATES_RULE_KEYS, required=CERTIFICATES_RULE_KEYS
            )
            for k in CERTIFICATES_RULE_KEYS:
                if k in c:
                    self.points(f"{where}, certificates", c[k], k)
            out["certificates"] = {k: c[k] for k in CERTIFICATES_RULE_KEYS if k in c}
        elif qtype == "repeat" and "tests" in s:
            t = self.mapping(f"{where}, tests", s["tests"], TESTS_RULE_KEYS, required=TESTS_RULE_KEYS)
            for k in TESTS_RULE_KEYS:
                if k in t:
                    self.points(f"{where}, tests", t[k], k)
            out["tests"] = {k: t[k] for k in TESTS_RULE_KEYS if k in t}
        if "unknown_points" in s:
            out["unknown_points"] = self.points(where, s["unknown_points"], "unknown_points")
        return out

    def scoring(self, value: Any) -> dict[str, Any]:
        where = "scoring"
        s = self.mapping(where, value, SCORING_KEYS, required=("bands",))
        out: dict[str, Any] = {"bands": [], "trigger_bands": [], "evidence_rules": {}, "triggers": [], "flags": []}
        band_keys: list[Any] = []  # keys as written (an invalid one is reported where it is read)
        bands = s.get("bands")
        if "bands" in s and (not isinstance(bands, list) or not bands):
            self.err(where, "bands must be a non-empty list of {key, label, min}")
        elif isinstance(bands, list):
            last = None
            for i, raw in enumerate(bands, 1):
                b = self.mapping(f"scoring, band {i}", raw, BAND_KEYS, required=BAND_KEYS)
                if not b:
                    continue
                key = b.get("key")
                if not isinstance(key, str) or not _CODE_RE.match(key):
                    self.err(f"scoring, band {i}", f"key must be a code such as 'low', found {_show(key)}")
                elif key in band_keys:
                    self.err(f"scoring, band {key}", "this band key is used twice")
                band_keys.append(key)
                m = b.get("min")
                if not is_number(m) or not 0 <= m <= 100:
                    self.err(f"scoring, band {key}", f"min must be a number from 0 to 100, found {_show(m)}")
                else:
                    if i == 1 and m != 0:
                        self.err(f"scoring, band {key}", "the first band must start at min 0")
                    if last is not None and m <= last:
                        self.err(f"scoring, band {key}", f"bands must rise: min {m} comes after min {last}")
                    last = m
                out["bands"].append(
                    {
                        "key": key,
                        "label": self.text(f"scoring, band {key}", b.get("label"), "label", max_length=80),
                        "min": m,
                    }
                )
        tbands = s.get("trigger_bands", [])
        if not isinstance(tbands, list):
            self.err(where, "trigger_bands must be a list of {key, label}")
            tbands = []
        for i, raw in enumerate(tbands, 1):
            b = self.mapping(f"scoring, trigger band {i}", raw, BAND_KEYS[:2], required=BAND_KEYS[:2])
            if not b:
                continue
            key = b.get("key")
            if not isinstance(key, str) or not _CODE_RE.match(key):
                self.err(f"scoring, trigger band {i}", f"key must be a code such as 'critical', found {_show(key)}")
            elif key in band_keys:
                self.err(f"scoring, trigger band {key}", "this band key is used twice")
            band_keys.append(key)
            out["trigger_bands"].append(
                {"key": key, "label": self.text(f"scoring, trigger band {key}", b.get("label"), "label", max_length=80)}
            )
        out["evidence_rules"] = self.evidence_rules(s.get("evidence_rules", {}))
        out["triggers"] = self.rules("trigger", s.get("triggers", []), TRIGGER_KEYS, band_keys)
        out["flags"] = self.rules("flag", s.get("flags", []), FLAG_KEYS, None)
        # The dimensions model's parts are checked as a whole once the questions are known.
        out.update({k: s[k] for k in DIMENSIONS_MODEL_KEYS if k in s})
        return out

    def evidence_rules(self, value: Any) -> dict[str, Any]:
        where = "scoring, evidence_rules"
        e = self.mapping(where, value if value is not None else {}, EVIDENCE_RULE_KEYS)
        out = {k: e.get(k, EVIDENCE_RULE_DEFAULTS[k]) for k in EVIDENCE_RULE_KEYS}
        for k in ("expiry_warning_days", "test_max_age_months"):
            if not _is_int(out[k]) or out[k] < 0:
                self.err(where, f"{k} must be a whole number of 0 or more, found {_show(out[k])}")
        mv = out["max_validity_years"]
        if not isinstance(mv, Mapping) or not all(isinstance(k, str) and is_number(v) and v > 0 for k, v in mv.items()):
            self.err(where, "max_validity_years must map a scheme code to a number of years, e.g. {eucc: 5}")
        else:
            out["max_validity_years"] = dict(mv)
        return out

    def rules(self, kind: str, value: Any, keys: tuple[str, ...], band_keys: list[str] | None) -> list[dict[str, Any]]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.err("scoring", f"{kind}s must be a list")
            return []
        out = []
        seen: set[str] = set()
        for i, raw in enumerate(value, 1):
            rid = raw.get("id") if isinstance(raw, Mapping) else None
            where = f"scoring, {kind} {rid}" if isinstance(rid, str) and rid else f"scoring, {kind} {i}"
            extra = TRIGGER_NOTE_KEYS if band_keys is not None else ()
            r = self.mapping(where, raw, keys + extra, required=keys)
            if not r:
                continue
            if not isinstance(rid, str) or not _ID_RE.match(rid):
                self.err(where, f"id must look like T1 or FL2, found {_show(rid)}")
            elif rid in seen:
                self.err(where, f"the id {rid} is used twice")
            seen.add(rid if isinstance(rid, str) else "")
            rule: dict[str, Any] = {
                "id": rid,
                "label": self.text(where, r.get("label"), "label", required="label" in r, max_length=200),
                "when": self.condition(
                    f"{where}, when", r.get("when"), own_key=None, earlier_only=False, evidence_ok=True
                )
                if "when" in r
                else {},
            }
            if band_keys is not None:
                mb = r.get("min_band")
                if "min_band" in r and mb not in band_keys:
                    self.err(where, f"min_band {_show(mb)} is not a band (bands: {', '.join(map(str, band_keys))})")
                rule["min_band"] = mb
            rule.update({k: r[k] for k in extra if k in r})
            out.append(rule)
        return out


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without anchors and aliases: a template never needs them, and an alias can make a loop
    (`a: &a [*a]`, a RecursionError when checked) or an exponential expansion ("billion laughs")."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not accepted in a template file", event.start_mark
            )
        return super().compose_node(parent, index)


def parse_definition(text: str) -> dict[str, Any]:
    """Parse and validate a template file; the normalised definition (every default filled in).

    Raises TemplateError listing every problem, each naming where it is. Control characters (NUL...)
    and YAML aliases are refused: the database and the checker would fail on them.
    """
    from riskassess.core.text import first_control_character

    bad = first_control_character(text)
    if bad is not None:
        line = text.count("\n", 0, bad) + 1
        raise TemplateError([f"line {line}: the file contains control characters (such as NUL); remove them"])
    try:
        doc = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506  (a SafeLoader without aliases)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(e, "problem", None) or str(e)
        raise TemplateError([f"{where}: the file is not valid YAML ({problem})"]) from None
    checker = _Checker()
    definition = checker.top(doc)
    if checker.errors:
        raise TemplateError(checker.errors)
    return _ordered(definition)


# ---------------------------------------------------------------------------------------------
# Canonical YAML
# ---------------------------------------------------------------------------------------------


class _Flow(dict):
    """A mapping written on one line ({value: yes, label: Yes})."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # a shared list is written out at each place, never as an &anchor


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


def _represent_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _represent_dict(dumper: yaml.SafeDumper, data: dict) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(dict, _represent_dict)


def _pick(d: Mapping[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """Known keys in canonical order, then any others sorted."""
    out = {k: d[k] for k in order if k in d}
    out.update({k: d[k] for k in sorted(d, key=str) if k not in out})
    return out


def _condition_ordered(c: Any) -> Any:
    if not isinstance(c, Mapping):
        return c
    out = _pick(c, CONDITION_KEYS)
    for k in ("all", "any"):
        if k in out and isinstance(out[k], list):
            out[k] = [_condition_ordered(x) for x in out[k]]
    if "not" in out:
        out["not"] = _condition_ordered(out["not"])
    if isinstance(out.get("any_item"), Mapping):
        out["any_item"] = _pick(out["any_item"], ("field", "equals"))
    if isinstance(out.get("no_valid_evidence"), Mapping):
        out["no_valid_evidence"] = _pick(out["no_valid_evidence"], NO_VALID_EVIDENCE_KEYS)
    return out


def _ordered(definition: Mapping[str, Any], *, flow: bool = False) -> dict[str, Any]:
    """The definition with every mapping in canonical key order (as plain dicts, or with the
    small leaf mappings marked for one-line output when `flow`)."""
    F = _Flow if flow else dict  # noqa: N806

    def choice(c):
        return F(_pick(c, CHOICE_KEYS))

    def condition(c):
        c = _condition_ordered(c)
        return F(c) if flow and _is_simple(c) else _deep(c, F)

    def check(c):
        # Canonical order inside a check (a database's JSON may have reordered the keys).
        order = ("field", "min", "max")
        return F(
            {
                kind: (
                    {k: arg[k] for k in sorted(arg, key=lambda k: (order.index(k) if k in order else 99, k))}
                    if isinstance(arg, Mapping)
                    else arg
                )
                for kind, arg in c.items()
            }
        )

    def checks(items):
        return [check(c) if isinstance(c, Mapping) else c for c in items] if isinstance(items, list) else items

    def field(f):
        out = _pick(f, FIELD_KEYS)
        if "choices" in out:
            out["choices"] = [choice(c) for c in out["choices"]]
        if "checks" in out:
            out["checks"] = checks(out["checks"])
        return out

    def question(q):
        out = _pick(q, QUESTION_KEYS)
        if "choices" in out:
            out["choices"] = [choice(c) for c in out["choices"]]
        if "fields" in out:
            out["fields"] = [field(f) for f in out["fields"]]
        if "condition" in out:
            out["condition"] = condition(out["condition"])
        if "checks" in out:
            out["checks"] = checks(out["checks"])
        if isinstance(out.get("scoring"), Mapping):
            s = _pick(out["scoring"], QUESTION_SCORING_KEYS + QUESTION_SCORING_NOTE_KEYS)
            # Maps follow the order of the answers (JSON stores such as PostgreSQL's do not keep it).
            answers = (*YES_NO_VALUES.get(out.get("type"), ()), *(c["value"] for c in out.get("choices", [])), UNKNOWN)
            for k in ("points", "absent_points", "present_points"):
                if isinstance(s.get(k), Mapping):
                    s[k] = F(_pick(s[k], tuple(dict.fromkeys(answers))))
            for k in ("thresholds", "age_months"):
                if isinstance(s.get(k), list):
                    s[k] = [F(_pick(t, THRESHOLD_KEYS)) for t in s[k]]
            if isinstance(s.get("certificates"), Mapping):
                s["certificates"] = F(_pick(s["certificates"], CERTIFICATES_RULE_KEYS))
            if isinstance(s.get("tests"), Mapping):
                s["tests"] = F(_pick(s["tests"], TESTS_RULE_KEYS))
            out["scoring"] = s
        return out

    def section(s):
        out = _pick(s, SECTION_KEYS)
        out["questions"] = [question(q) for q in out.get("questions", [])]
        return out

    out = _pick(definition, TOP_KEYS)
    out["sections"] = [section(s) for s in out.get("sections", [])]
    if isinstance(out.get("confidentiality"), Mapping):
        c = _pick(out["confidentiality"], CONFIDENTIALITY_KEYS)
        if isinstance(c.get("confidential_when"), Mapping):
            c["confidential_when"] = F(_pick(c["confidential_when"], CONFIDENTIAL_WHEN_KEYS))
        if isinstance(c.get("register"), Mapping):
            c["register"] = _pick(c["register"], REGISTER_KEYS)
        out["confidentiality"] = c
    if isinstance(out.get("scoring"), Mapping):
        sc = _pick(out["scoring"], SCORING_KEYS)
        sc["bands"] = [F(_pick(b, BAND_KEYS)) for b in sc.get("bands", [])]
        sc["trigger_bands"] = [F(_pick(b, BAND_KEYS)) for b in sc.get("trigger_bands", [])]
        if isinstance(sc.get("dimensions"), list):
            sc["dimensions"] = [_pick(x, DIMENSION_KEYS) for x in sc["dimensions"]]
        if isinstance(sc.get("legal_status"), Mapping):
            ls = _pick(sc["legal_status"], LEGAL_STATUS_KEYS)
            ls["values"] = [F(_pick(v, LEGAL_STATUS_VALUE_KEYS)) for v in ls.get("values", [])]
            sc["legal_status"] = ls
        if isinstance(sc.get("supply"), Mapping):
            sc["supply"] = _pick(sc["supply"], SUPPLY_KEYS)
        if isinstance(sc.get("overall_rule"), Mapping):
            sc["overall_rule"] = _pick(sc["overall_rule"], OVERALL_RULE_KEYS)
        if isinstance(sc.get("evidence_rules"), Mapping):
            er = _pick(sc["evidence_rules"], EVIDENCE_RULE_KEYS)
            if isinstance(er.get("max_validity_years"), Mapping):
                er["max_validity_years"] = F(dict(sorted(er["max_validity_years"].items())))
            sc["evidence_rules"] = er
        sc["triggers"] = [
            {**_pick(t, TRIGGER_KEYS + TRIGGER_NOTE_KEYS), "when": condition(t.get("when", {}))}
            if "when" in t
            else _pick(t, TRIGGER_KEYS + TRIGGER_NOTE_KEYS)
            for t in sc.get("triggers", [])
        ]
        sc["flags"] = [
            {**_pick(f, FLAG_KEYS), "when": condition(f.get("when", {}))} if "when" in f else _pick(f, FLAG_KEYS)
            for f in sc.get("flags", [])
        ]
        out["scoring"] = sc
    return out


def _is_simple(c: Mapping[str, Any]) -> bool:
    """A condition without nested all/any/not: short enough for one line."""
    return not any(k in c for k in ("all", "any", "not"))


def _deep(c: Any, F) -> Any:  # noqa: N803
    """Nested conditions: the outer levels as blocks, the leaves on one line."""
    if isinstance(c, Mapping):
        if _is_simple(c):
            return F(c)
        return {k: _deep(v, F) for k, v in c.items()}
    if isinstance(c, list):
        return [_deep(x, F) for x in c]
    return c


def dump_definition(definition: Mapping[str, Any]) -> str:
    """The canonical YAML text of a definition: parse_definition(dump_definition(d)) == d, and
    dumping what it parses gives the same bytes."""
    return yaml.dump(
        _ordered(definition, flow=True),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
        indent=2,
    )
