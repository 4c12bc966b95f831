"""The template format (`riskassess-template/1`), declared once: every mapping of a template file,
its keys in canonical order, what each holds, whether it is required and its default.

The checks (structure.py and the modules of each part), the canonical dumper (dump.py) and the
rules hash (rules.py) take their key lists, canonical orders and defaults from here, and the reference tables of
docs/questionnaire-format.md are generated from it (`reference.py`), so the format is written in
one place. To add a key: add it here (in its canonical place), teach the checker what a valid
value is, regenerate the docs (`python -m riskassess.questionnaires.template_format.reference`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT = "riskassess-template/1"

QUESTION_TYPES = (
    "ynu",
    "yn",
    "choice",
    "multi",
    "number",
    "percent",
    "date",
    "country",
    "countries",
    "text",
    "url",
    "repeat",
)
FIELD_TYPES = ("text", "choice", "number", "percent", "date", "country", "url", "yn", "ynu")
ITEM_KINDS = ("certificate", "test_report", "decision", "generic")
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
# The answers of the yes/no types, looked up with a question's type as written (None when missing).
YES_NO_VALUES: dict[str | None, tuple[str, ...]] = {"ynu": ("yes", "no", "unknown"), "yn": ("yes", "no")}
UNKNOWN = "unknown"  # offered on every scored question
# The condition language (`condition`, `when`): combinators, a fact, or one question and one operator.
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
CONDITION_KEYS = ("all", "any", "not", "fact", "question", *CONDITION_OPERATORS, "no_valid_evidence")

NO_DEFAULT: Any = object()


@dataclass(frozen=True)
class Key:
    name: str
    holds: str  # what the value is, in words (shown in the reference)
    required: bool = False
    default: Any = NO_DEFAULT
    meaning: str = ""
    # "rule": changes the points (in the rules hash); "note": rationale or source; "dimensions": that model only
    group: str = ""


@dataclass(frozen=True)
class Mapping:
    """One kind of mapping of the format, with its keys in canonical order."""

    name: str
    where: str  # where it appears in a file
    keys: tuple[Key, ...]
    description: str = ""
    defaults: dict[str, Any] = field(default_factory=dict, init=False, compare=False)

    def __post_init__(self) -> None:
        self.defaults.update({k.name: k.default for k in self.keys if k.default is not NO_DEFAULT})

    def names(self, *groups: str) -> tuple[str, ...]:
        """The key names in canonical order (only those of `groups`, when given)."""
        return tuple(k.name for k in self.keys if not groups or k.group in groups)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys if k.required)


TEMPLATE = Mapping(
    "template",
    "the top level",
    (
        Key("format", f"'{FORMAT}'", True),
        Key("key", "slug", True, meaning="the questionnaire template it is a version of"),
        Key("name", "text", True),
        Key("version", "text in quotes", True, meaning="unique per key, e.g. '2027.1'"),
        Key("description", "text", default=""),
        Key("sections", "list of sections", True),
        Key(
            "confidentiality",
            "confidentiality block",
            meaning="which section and questions carry designation data (docs/confidentiality.md)",
        ),
        Key("scoring", "scoring block", default={}),
        # Translations are not a key of the template: each language has a file of its own beside it
        # (translations.py, `riskassess-translation/1`), wording only and outside the rules hash.
    ),
)
CONFIDENTIALITY = Mapping(
    "confidentiality",
    "confidentiality",
    (
        Key("designation_section", "section key", True, meaning="withheld outside the member state"),
        Key(
            "confidential_when", "{question, equals}", True, meaning="the answer that marks a designation confidential"
        ),
        Key("register", "mapping of register field to question key", True),
    ),
)
CONFIDENTIAL_WHEN = Mapping(
    "confidential when",
    "confidentiality.confidential_when",
    (Key("question", "question key", True), Key("equals", "an answer of that question", True)),
)
REGISTER = Mapping(
    "register",
    "confidentiality.register",
    (
        Key("status", "question key", True),
        Key("legal_instrument", "question key", True),
        Key("decided_on", "question key", True),
        Key("asset_classes", "question key", True),
        Key("phase_out", "question key", True),
    ),
)
SECTION = Mapping(
    "section",
    "sections[]",
    (
        Key("key", "one capital letter", True),
        Key("title", "text", True),
        Key("description", "text", default=""),
        Key(
            "weight",
            "number >= 0",
            True,
            meaning="share of the overall score (legacy model); 0 in the dimensions model",
        ),
        Key("dimension", "dimension key", meaning="dimensions model: where the section's scored questions belong"),
        Key("questions", "list of questions", True),
    ),
)
QUESTION = Mapping(
    "question",
    "sections[].questions[]",
    (
        Key("key", "e.g. A4, B4a", True, group="rule"),
        Key("text", "text", True),
        Key("help", "text", default=""),
        Key("source", "text", default="", meaning="where the question comes from"),
        Key("type", " / ".join(QUESTION_TYPES), True, group="rule"),
        Key("choices", "list of choices", meaning="choice and multi", group="rule"),
        Key("min", "number", meaning="number and percent", group="rule"),
        Key("max", "number", meaning="number and percent", group="rule"),
        Key("unit", "text", meaning="number"),
        Key("max_length", "whole number", meaning="text"),
        Key("item_kind", " / ".join(ITEM_KINDS), meaning="repeat", group="rule"),
        Key("max_items", "whole number", meaning="repeat"),
        Key("fields", "list of fields", meaning="repeat", group="rule"),
        Key("required", "true / false", default=False, group="rule"),
        Key(
            "evidence",
            "true / false",
            default=False,
            meaning="evidence is wanted (lowers the confidence when missing)",
            group="rule",
        ),
        Key("condition", "condition", meaning="shown only when it holds", group="rule"),
        Key(
            "checks",
            "list of plausibility checks",
            meaning="not_future, {after: field}, {exclusive: choice}, {sum_max: {field, max}}, {range: {min, max}}",
        ),
        Key("scoring", "question scoring", meaning="how the answer scores; absent: not scored", group="rule"),
    ),
)
FIELD = Mapping(
    "field",
    "questions[].fields[] (repeat)",
    (
        Key("key", "snake_case", True),
        Key("label", "text", True),
        Key("type", " / ".join(FIELD_TYPES), True),
        Key("required", "true / false", default=False),
        Key("choices", "list of choices", meaning="choice"),
        Key("min", "number"),
        Key("max", "number"),
        Key("unit", "text"),
        Key("max_length", "whole number"),
        Key("help", "text", default=""),
        Key("checks", "list of plausibility checks", meaning="as for questions"),
    ),
)
CHOICE = Mapping("choice", "choices[]", (Key("value", "code", True, group="rule"), Key("label", "text", True)))
QUESTION_SCORING = Mapping(
    "question scoring",
    "questions[].scoring",
    (
        Key("weight", "whole number 1-5", True, group="rule"),
        Key("points", "{answer: 0-100}", group="rule", meaning="ynu, yn, choice"),
        Key("absent_points", "{choice: points}", group="rule", meaning="multi: good practices absent"),
        Key("present_points", "{choice: points}", group="rule", meaning="multi: bad things present"),
        Key("thresholds", "list of thresholds", group="rule", meaning="number, percent"),
        Key("age_months", "list of thresholds", group="rule", meaning="date: age at the assessment date"),
        Key("certificates", "certificates rule", group="rule", meaning="repeat of certificates"),
        Key("tests", "tests rule", group="rule", meaning="repeat of test reports"),
        Key("unknown_points", "0-100", group="rule", meaning="points of 'unknown' (legacy default 100)"),
        Key("dimension", "dimension key", group="note", meaning="dimensions model: overrides the section's"),
        Key("rationale", "text", group="note", meaning="required in the dimensions model"),
        Key("source", "text", group="note", meaning="required in the dimensions model"),
    ),
)
THRESHOLD = Mapping(
    "threshold",
    "thresholds[], age_months[]",
    (Key("min", "number"), Key("max", "number"), Key("points", "0-100", True)),
)
CERTIFICATES_RULE = Mapping(
    "certificates rule",
    "scoring.certificates",
    (Key("valid_points", "0-100", True), Key("missing_points", "0-100", True)),
)
TESTS_RULE = Mapping(
    "tests rule",
    "scoring.tests",
    (Key("recent_points", "0-100", True), Key("old_points", "0-100", True), Key("missing_points", "0-100", True)),
)
SCORING = Mapping(
    "scoring block",
    "scoring",
    (
        Key("model", "'dimensions'", group="dimensions", meaning="absent: the legacy single score"),
        Key("overall_rule", "overall rule", group="dimensions"),
        Key("dimensions", "list of dimensions", group="dimensions"),
        Key("supply", "supply", group="dimensions"),
        Key("legal_status", "legal status", group="dimensions"),
        Key("bands", "list of bands", True, meaning="legacy: bands of the overall score; dimensions: the levels"),
        Key("trigger_bands", "list of {key, label}", default=[], meaning="legacy only"),
        Key("evidence_rules", "evidence rules", default={}),
        Key("triggers", "list of triggers", default=[]),
        Key("flags", "list of flags", default=[]),
    ),
)
BAND = Mapping(
    "band", "scoring.bands[]", (Key("key", "code", True), Key("label", "text", True), Key("min", "0-100", True))
)
TRIGGER = Mapping(
    "trigger",
    "scoring.triggers[]",
    (
        Key("id", "e.g. T2", True),
        Key("label", "text", True),
        Key("when", "condition", True),
        Key("min_band", "band key", True),
        Key("dimension", "dimension key or 'overall'", group="note", default="overall"),
        Key("applies_to", "asset classes or 'key_assets'", group="note", meaning="fires only where supplied"),
        Key("basis", "text", group="note", meaning="legal or Toolbox basis; required in the dimensions model"),
        Key("rationale", "text", group="note"),
        Key("source", "text", group="note"),
    ),
)
FLAG = Mapping(
    "flag", "scoring.flags[]", (Key("id", "e.g. FL1", True), Key("label", "text", True), Key("when", "condition", True))
)
EVIDENCE_RULES = Mapping(
    "evidence rules",
    "scoring.evidence_rules",
    (
        Key("expiry_warning_days", "whole number", default=90),
        Key("max_validity_years", "{scheme: years}", default={}),
        Key("test_max_age_months", "whole number", default=36),
    ),
)
NO_VALID_EVIDENCE = Mapping(
    "no valid evidence",
    "when.no_valid_evidence",
    (Key("certificates", "question key"), Key("tests", "question key"), Key("asset_classes", "list of codes")),
)
OVERALL_RULE = Mapping(
    "overall rule",
    "scoring.overall_rule",
    (
        Key("id", "e.g. OR1", True),
        Key("version", "text", True),
        Key("text", "text", True),
        Key("rationale", "text", True),
        Key("source", "text"),
    ),
)
DIMENSION = Mapping(
    "dimension",
    "scoring.dimensions[]",
    (
        Key("key", "code", True),
        Key("label", "text", True),
        Key("role", "supplier / context", True, meaning="context: shown beside the overall level, never inside"),
        Key("rationale", "text", True),
        Key("source", "text", True),
    ),
)
SUPPLY = Mapping(
    "supply",
    "scoring.supply",
    (
        Key("question", "key of a multi question", True),
        Key("ran_key_question", "key of a yes/no question"),
        Key("key_assets", "list of asset classes"),
        Key("ran_classes", "list of asset classes", meaning="key assets where ran_key_question is yes"),
        Key("rationale", "text"),
        Key("source", "text"),
    ),
)
LEGAL_STATUS = Mapping(
    "legal status",
    "scoring.legal_status",
    (
        Key("question", "key of a choice question that does not score", True),
        Key("generations_question", "key of a multi question"),
        Key("values", "list of {answer, key, label}", True),
        Key("rationale", "text"),
    ),
)
LEGAL_STATUS_VALUE = Mapping(
    "legal status value",
    "scoring.legal_status.values[]",
    (
        Key("answer", "an answer of the question", True),
        Key("key", "designated / restricted / under_assessment / eu_designated / none", True),
        Key("label", "text", True),
    ),
)

MAPPINGS: tuple[Mapping, ...] = (
    TEMPLATE,
    CONFIDENTIALITY,
    CONFIDENTIAL_WHEN,
    REGISTER,
    SECTION,
    QUESTION,
    FIELD,
    CHOICE,
    QUESTION_SCORING,
    THRESHOLD,
    CERTIFICATES_RULE,
    TESTS_RULE,
    SCORING,
    BAND,
    TRIGGER,
    FLAG,
    EVIDENCE_RULES,
    NO_VALID_EVIDENCE,
    OVERALL_RULE,
    DIMENSION,
    SUPPLY,
    LEGAL_STATUS,
    LEGAL_STATUS_VALUE,
)
