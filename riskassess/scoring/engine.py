"""The scoring engine: answers in, an explained score out (docs/questionnaire-format.md, "Scoring").

Pure: no ORM, no clock, no I/O. Everything the rules need comes in as arguments: the template
definition, the frozen answers, the assessment date, the number of evidence rows per question (and
per repeat item, keyed "<question>/<item id>") and facts about the supplier.

A definition is compiled once into a plan (a few closures per question) and cached by the identity
of the definition dict, so scoring thousands of assessments of one template costs only the
arithmetic. Definitions are treated as immutable, like the published template versions they come
from.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from riskassess.questionnaires import conditions
from riskassess.questionnaires.template_format.dump import ordered
from riskassess.questionnaires.template_format.rules import rules_hash as definition_rules_hash
from riskassess.questionnaires.values import format_number as _fmt
from riskassess.questionnaires.values import is_number

# 2.0: the dimensions model (docs/scoring.md) beside the legacy single score, which is unchanged.
ENGINE_VERSION = "2.0"
MODEL_LEGACY = "legacy"
MODEL_DIMENSIONS = "dimensions"
OVERALL = "overall"

UNKNOWN = "unknown"
DEFAULT_UNKNOWN_POINTS = 100
DEFAULT_EVIDENCE_RULES = {"expiry_warning_days": 90, "max_validity_years": {}, "test_max_age_months": 36}
CERTIFICATE_STATUS_VALID = "valid"
TEST_RESULTS_PASSING = ("pass", "pass_with_findings")


# ---------------------------------------------------------------------------------------------
# Result
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """An explained score. `overall` is exact; round it (`overall_display`) only to show it."""

    overall: float
    score_band: str  # band from the overall score alone
    band: str  # band after the triggers
    band_label: str
    triggers: list[dict[str, Any]]  # [{id, label, min_band}] in rule order
    confidence: float  # 0..1
    sections: dict[str, dict[str, Any]]  # {key: {title, score, weight, confidence}}
    contributions: list[dict[str, Any]]  # largest first
    flags: list[dict[str, Any]]  # [{id, label}]
    warnings: list[dict[str, Any]]  # [{question, item_id, message}]
    rules_hash: str
    engine_version: str = ENGINE_VERSION
    # The dimensions model (empty for the legacy model): {key: {label, role, score, level,
    # level_label, score_level, confidence}} in template order; the level from the evidence alone
    # (the legal status never enters it); the legal status, kept apart; what is to be clarified;
    # the asset classes supplied in the member state; the published overall rule.
    model: str = MODEL_LEGACY
    dimensions: dict[str, dict[str, Any]] = field(default_factory=dict)
    evidence_level: str = ""
    legal_status: dict[str, Any] = field(default_factory=dict)
    to_clarify: list[dict[str, Any]] = field(default_factory=list)
    supplied_asset_classes: list[str] | None = None
    overall_rule: dict[str, Any] = field(default_factory=dict)

    @property
    def overall_display(self) -> float:
        return round(self.overall, 1)


# ---------------------------------------------------------------------------------------------
# Small pure functions
# ---------------------------------------------------------------------------------------------


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from `earlier` to `later` (negative when `earlier` is after `later`)."""
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    if months > 0 and later.day < earlier.day:
        months -= 1
    elif months < 0 and later.day > earlier.day:
        months += 1
    return months


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def evidence_counts_from_snapshot(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Count evidence rows (as frozen in `Revision.evidence`) per question key and per repeat item
    ("<question>/<item id>"). The question count includes the rows attached to its items."""
    counts: dict[str, int] = {}
    for row in rows:
        key = row.get("question_key")
        if not key:
            continue
        counts[key] = counts.get(key, 0) + 1
        item = row.get("item_id")
        if item:
            item_key = f"{key}/{item}"
            counts[item_key] = counts.get(item_key, 0) + 1
    return counts


# ---------------------------------------------------------------------------------------------
# The compiled plan
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    """What the rules read besides the answer itself, for one assessment."""

    assessment_date: dt.date
    evidence_counts: Mapping[str, int]
    rules: Mapping[str, Any]
    warnings: list[dict[str, Any]]

    def warn(self, question: str, message: str, item_id: str = "") -> None:
        self.warnings.append({"question": question, "item_id": item_id, "message": message})


# A scorer takes (value, context) and returns (points, rules fired).
Scorer = Callable[[Any, _Context], tuple[float, tuple[str, ...]]]


@dataclass(frozen=True, slots=True)
class _Question:
    key: str
    section: str
    condition: Mapping[str, Any] | None
    scored: bool
    weight: float = 0
    wants_evidence: bool = False
    repeat_kind: str = ""  # certificate / test_report / generic for repeat questions
    unknown_points: float = DEFAULT_UNKNOWN_POINTS
    unknown_rules: tuple[str, ...] = ()
    unanswered_rules: tuple[str, ...] = ()
    scorer: Scorer | None = None
    dimension: str = ""
    worst_points: float = 100.0
    text: str = ""


@dataclass(frozen=True, slots=True)
class _Section:
    key: str
    title: str
    weight: float
    index: int


@dataclass(frozen=True, slots=True)
class _Rule:
    id: str
    label: str
    when: Mapping[str, Any]
    min_band: str = ""
    dimension: str = OVERALL  # the dimension the trigger raises (dimensions model)
    applies_to: tuple[str, ...] = ()  # asset classes; () = whatever the supplier supplies
    basis: str = ""


@dataclass(frozen=True, slots=True)
class _Dimension:
    key: str
    label: str
    role: str  # "supplier": enters the overall level; "context": shown beside it, never inside


@dataclass(frozen=True, slots=True)
class _Supply:
    """Where the rules read which asset classes the supplier supplies in the member state, and
    which of them are key assets there."""

    question: str
    key_assets: frozenset[str]
    ran_classes: frozenset[str]
    ran_key_question: str


@dataclass(frozen=True, slots=True)
class _LegalStatus:
    question: str
    values: Mapping[str, tuple[str, str]]  # answer -> (status key, label)
    generations_question: str


@dataclass(frozen=True, slots=True)
class Plan:
    """A definition compiled for scoring. Build with `compile_definition`."""

    questions: tuple[_Question, ...]
    sections: tuple[_Section, ...]
    bands: tuple[tuple[str, str, float], ...]  # (key, label, min) rising
    band_order: Mapping[str, int]
    band_labels: Mapping[str, str]
    triggers: tuple[_Rule, ...]
    flags: tuple[_Rule, ...]
    evidence_rules: Mapping[str, Any]
    questions_by_key: Mapping[str, _Question] = field(default_factory=dict)
    rules_hash: str = ""
    model: str = MODEL_LEGACY
    dimensions: tuple[_Dimension, ...] = ()
    supply: _Supply | None = None
    legal_status: _LegalStatus | None = None
    overall_rule: Mapping[str, Any] = field(default_factory=dict)


def _declared_unknown_points(scoring: Mapping[str, Any]) -> float | None:
    points = scoring.get("points")
    if isinstance(points, Mapping) and UNKNOWN in points:
        return points[UNKNOWN]
    return scoring.get("unknown_points")


def _unknown_points(scoring: Mapping[str, Any]) -> float:
    points = scoring.get("points")
    if isinstance(points, Mapping) and UNKNOWN in points:
        return points[UNKNOWN]
    return scoring.get("unknown_points", DEFAULT_UNKNOWN_POINTS)


def real_points_range(q: Mapping[str, Any], scoring: Mapping[str, Any]) -> tuple[float, float]:
    """(best, worst): the fewest and the most points a real (known) answer of `q` can score under
    `scoring`. "unknown" is not a real answer. The template check and the engine use it to keep an
    unknown within the question's real answers."""
    qtype = q.get("type")
    if qtype == "repeat":
        rule = scoring.get("certificates") or scoring.get("tests") or {}
        values = [float(v) for k, v in rule.items() if k.endswith("_points")]
    elif "thresholds" in scoring or "age_months" in scoring:
        values = [float(t["points"]) for t in scoring.get("thresholds") or scoring.get("age_months") or []]
    elif "absent_points" in scoring or "present_points" in scoring:
        absent = scoring.get("absent_points") or {}
        present = scoring.get("present_points") or {}
        values = [
            0.0,
            min(100.0, sum(max(float(absent.get(v, 0)), float(present.get(v, 0))) for v in {*absent, *present})),
        ]
    elif "points" in scoring:
        values = [float(v) for k, v in (scoring.get("points") or {}).items() if k != UNKNOWN]
    else:
        values = []
    if not values:
        return 0.0, 0.0
    return min(values), max(values)


def _choice_scorer(q: Mapping[str, Any], scoring: Mapping[str, Any], unknown_points: float) -> Scorer:
    table = {
        str(value): (float(points), (f"answer '{value}': {_fmt(points)} points",))
        for value, points in (scoring.get("points") or {}).items()
    }

    def score(value: Any, ctx: _Context) -> tuple[float, tuple[str, ...]]:
        hit = table.get(value) if isinstance(value, str) else None
        if hit is not None:
            return hit
        return unknown_points, (f"answer {value!r} has no points in the rules: scored as unknown",)

    return score


def _multi_scorer(q: Mapping[str, Any], scoring: Mapping[str, Any], unknown_points: float) -> Scorer:
    labels = {c["value"]: c.get("label") or c["value"] for c in q.get("choices") or []}
    absent = tuple(
        (v, float(p), f"{labels.get(v, v)} absent: +{_fmt(p)}") for v, p in (scoring.get("absent_points") or {}).items()
    )
    present = tuple(
        (v, float(p), f"{labels.get(v, v)} present: +{_fmt(p)}")
        for v, p in (scoring.get("present_points") or {}).items()
    )

    def score(value: Any, ctx: _Context) -> tuple[float, tuple[str, ...]]:
        if not isinstance(value, list | tuple):
            return unknown_points, (f"answer {value!r} is not a list: scored as unknown",)
        chosen = set(value)
        total = 0.0
        fired = []
        for v, p, text in absent:
            if v not in chosen and p:
                total += p
                fired.append(text)
        for v, p, text in present:
            if v in chosen and p:
                total += p
                fired.append(text)
        if total > 100:
            total = 100.0
            fired.append("capped at 100 points")
        if not fired:
            fired.append("no risk points")
        return total, tuple(fired)

    return score


def _threshold_table(thresholds: Iterable[Mapping[str, Any]], unit: str) -> tuple[tuple[Any, Any, float, str], ...]:
    out = []
    suffix = f" {unit}" if unit else ""
    for t in thresholds:
        lo, hi, points = t.get("min"), t.get("max"), float(t["points"])
        if hi is not None and lo is not None:
            text = f"between {_fmt(lo)} and {_fmt(hi)}{suffix}: {_fmt(points)} points"
        elif hi is not None:
            text = f"at most {_fmt(hi)}{suffix}: {_fmt(points)} points"
        elif lo is not None:
            text = f"at least {_fmt(lo)}{suffix}: {_fmt(points)} points"
        else:
            text = f"otherwise: {_fmt(points)} points"
        out.append((lo, hi, points, text))
    return tuple(out)


def _match_threshold(table, number: float, unknown_points: float) -> tuple[float, tuple[str, ...]]:
    for lo, hi, points, text in table:
        if (hi is None or number <= hi) and (lo is None or number >= lo):
            return points, (text,)
    return unknown_points, (f"{_fmt(number)} matches no threshold: scored as unknown",)


def _number_scorer(q: Mapping[str, Any], scoring: Mapping[str, Any], unknown_points: float) -> Scorer:
    table = _threshold_table(scoring.get("thresholds") or [], "%" if q.get("type") == "percent" else q.get("unit", ""))

    def score(value: Any, ctx: _Context) -> tuple[float, tuple[str, ...]]:
        if not is_number(value):
            return unknown_points, (f"answer {value!r} is not a number: scored as unknown",)
        return _match_threshold(table, value, unknown_points)

    return score


def _date_scorer(q: Mapping[str, Any], scoring: Mapping[str, Any], unknown_points: float) -> Scorer:
    table = _threshold_table(scoring.get("age_months") or [], "months old")

    def score(value: Any, ctx: _Context) -> tuple[float, tuple[str, ...]]:
        day = _parse_date(value)
        if day is None:
            return unknown_points, (f"answer {value!r} is not a date: scored as unknown",)
        age = max(0, months_between(day, ctx.assessment_date))
        points, fired = _match_threshold(table, age, unknown_points)
        return points, (f"{age} months old at the assessment date", *fired)

    return score


def _item_label(item: Mapping[str, Any], *keys: str) -> str:
    for k in keys:
        v = item.get(k)
        if v:
            return str(v)
    return str(item.get("id") or "?")


def certificate_status(item: Mapping[str, Any], assessment_date: dt.date) -> tuple[bool, str]:
    """(counts, reason): a certificate counts only if its status is valid, its expiry date is on or
    after the assessment date and it covers the deployed version."""
    if not isinstance(item, Mapping):
        return False, "not a certificate"
    status = item.get("status")
    if status != CERTIFICATE_STATUS_VALID:
        return False, f"status {status or 'not given'}"
    expiry = _parse_date(item.get("expiry_date"))
    if expiry is None and str(item.get("scheme") or "").startswith("nesas"):
        # NESAS audit and evaluation reports carry a release and a date, and no expiry date.
        evaluated = _parse_date(item.get("evaluation_date"))
        if evaluated is None:
            return False, "no evaluation date"
        if item.get("covers_deployed") != "yes":
            return False, "coverage of the deployed version not confirmed"
        release = item.get("nesas_release")
        return True, f"NESAS report of {evaluated.isoformat()}" + (f", release {release}" if release else "")
    if expiry is None:
        return False, "no expiry date"
    if expiry < assessment_date:
        return False, f"expired on {expiry.isoformat()}"
    covers = item.get("covers_deployed")
    if covers != "yes":
        return False, (
            "does not cover the deployed version" if covers == "no" else "coverage of the deployed version unknown"
        )
    return True, f"valid until {expiry.isoformat()}"


def report_state(item: Mapping[str, Any], assessment_date: dt.date, max_age_months: int) -> str:
    """'recent', 'old' or the reason it does not count (a failed or undated test)."""
    if not isinstance(item, Mapping):
        return "not a test report"
    result = item.get("result")
    if result not in TEST_RESULTS_PASSING:
        return f"result {result or 'not given'}"
    day = _parse_date(item.get("test_date"))
    if day is None:
        return "no test date"
    return "recent" if months_between(day, assessment_date) <= max_age_months else "old"


def _certificate_scorer(q: Mapping[str, Any], scoring: Mapping[str, Any], unknown_points: float) -> Scorer:
    rule = scoring.get("certificates") or {}
    valid_points = float(rule.get("valid_points", 0))
    missing_points = float(rule.get("missing_points", 100))
    key = q["key"]
    wants_evidence = bool(q.get("evidence"))

    def score(value: Any, ctx: _Context) -> tuple[float, tuple[str, ...]]:
        if not isinstance(value, list | tuple):
            return unknown_points, (f"answer {value!r} is not a list of certificates: scored as unknown",)
        ad = ctx.assessment_date
        rules = ctx.rules
        warn_days = rules.get("expiry_warning_days", 90)
        max_years = {str(k).lower(): v for k, v in (rules.get("max_validity_years") or {}).items()}
        fired = []
        counting = 0
        for item in value:
            ok, reason = certificate_status(item, ad)
            if not isinstance(item, Mapping):
                continue
            item_id = str(item.get("id") or "")
            label = _item_label(item, "certificate_id", "product")
            if ok:
                counting += 1
                fired.append(f"certificate {label} counts ({reason})")
                expiry = _parse_date(item.get("expiry_date"))
                if expiry is not None and (expiry - ad).days <= warn_days:
                    ctx.warn(
                        key,
                        f"Certificate {label} expires on {expiry.isoformat()}, within {warn_days} days "
                        "(full credit until then).",
                        item_id,
                    )
            else:
                fired.append(f"certificate {label} does not count ({reason})")
                ctx.warn(key, f"Certificate {label} does not count ({reason}): scored as missing.", item_id)
            scheme = str(item.get("scheme") or "").lower()
            years = max_years.get(scheme)
            if years:
                issued, expiry = _parse_date(item.get("issue_date")), _parse_date(item.get("expiry_date"))
                if issued and expiry and expiry > _add_years(issued, years) and not item.get("ncca_approval_note"):
                    ctx.warn(
                        key,
                        f"Certificate {label}: {scheme.upper()} validity over {years} years without an "
                        "NCCA approval note (data quality).",
                        item_id,
                    )
            if wants_evidence and item_id and not ctx.evidence_counts.get(f"{key}/{item_id}"):
                ctx.warn(key, f"Certificate {label}: no evidence attached.", item_id)
        if counting:
            return valid_points, (*fired, f"at least one certificate counts: {_fmt(valid_points)} points")
        ctx.warn(key, "No certificate counts: scored as missing.")
        return missing_points, (*fired, f"no certificate counts: {_fmt(missing_points)} points")

    return score


def _test_scorer(q: Mapping[str, Any], scoring: Mapping[str, Any], unknown_points: float) -> Scorer:
    rule = scoring.get("tests") or {}
    recent_points = float(rule.get("recent_points", 0))
    old_points = float(rule.get("old_points", 50))
    missing_points = float(rule.get("missing_points", 100))
    key = q["key"]
    wants_evidence = bool(q.get("evidence"))

    def score(value: Any, ctx: _Context) -> tuple[float, tuple[str, ...]]:
        if not isinstance(value, list | tuple):
            return unknown_points, (f"answer {value!r} is not a list of test reports: scored as unknown",)
        max_age = ctx.rules.get("test_max_age_months", 36)
        fired = []
        recent = old = 0
        for item in value:
            if not isinstance(item, Mapping):
                continue
            state = report_state(item, ctx.assessment_date, max_age)
            item_id = str(item.get("id") or "")
            label = _item_label(item, "report_id", "product", "specification")
            if state == "recent":
                recent += 1
                fired.append(f"test report {label} is recent")
            elif state == "old":
                old += 1
                fired.append(f"test report {label} is older than {max_age} months")
                ctx.warn(key, f"Test report {label} is older than {max_age} months: half credit.", item_id)
            else:
                fired.append(f"test report {label} does not count ({state})")
                ctx.warn(key, f"Test report {label} does not count ({state}).", item_id)
            if wants_evidence and item_id and not ctx.evidence_counts.get(f"{key}/{item_id}"):
                ctx.warn(key, f"Test report {label}: no evidence attached.", item_id)
        if recent:
            return recent_points, (*fired, f"recent test evidence: {_fmt(recent_points)} points")
        if old:
            return old_points, (*fired, f"only test evidence older than {max_age} months: {_fmt(old_points)} points")
        ctx.warn(key, "No test report counts: scored as missing.")
        return missing_points, (*fired, f"no test evidence: {_fmt(missing_points)} points")

    return score


def _no_rule_scorer(q: Mapping[str, Any], scoring: Mapping[str, Any], unknown_points: float) -> Scorer:
    def score(value: Any, ctx: _Context) -> tuple[float, tuple[str, ...]]:
        return 0.0, ("no scoring rule for this answer: 0 points",)

    return score


def _scorer_for(q: Mapping[str, Any], scoring: Mapping[str, Any], unknown_points: float) -> Scorer:
    qtype = q.get("type")
    if qtype == "repeat":
        kind = q.get("item_kind")
        if kind == "certificate" and "certificates" in scoring:
            return _certificate_scorer(q, scoring, unknown_points)
        if kind == "test_report" and "tests" in scoring:
            return _test_scorer(q, scoring, unknown_points)
        return _no_rule_scorer(q, scoring, unknown_points)
    if "thresholds" in scoring:
        return _number_scorer(q, scoring, unknown_points)
    if "age_months" in scoring:
        return _date_scorer(q, scoring, unknown_points)
    if "absent_points" in scoring or "present_points" in scoring:
        return _multi_scorer(q, scoring, unknown_points)
    if "points" in scoring:
        return _choice_scorer(q, scoring, unknown_points)
    return _no_rule_scorer(q, scoring, unknown_points)


def compile_definition(definition: Mapping[str, Any], *, rules_hash: str | None = None) -> Plan:
    """Compile a template definition for scoring. Raises ValueError on rules the engine cannot apply."""
    rules = definition.get("scoring") or {}
    dimensional = rules.get("model") == MODEL_DIMENSIONS
    sections = []
    questions = []
    for index, s in enumerate(definition["sections"]):
        sections.append(_Section(s["key"], s.get("title", s["key"]), float(s.get("weight", 0) or 0), index))
        for q in s["questions"]:
            scoring = q.get("scoring")
            if not scoring:
                questions.append(_Question(q["key"], s["key"], q.get("condition"), False))
                continue
            best, worst = real_points_range(q, scoring)
            if dimensional:
                # Proportionate: an unknown is never scored above the worst real answer; by default
                # it sits halfway between the best and the worst (docs/scoring.md, "Unknowns").
                declared = _declared_unknown_points(scoring)
                unknown_points = min(worst, float(declared)) if declared is not None else (best + worst) / 2
            else:
                unknown_points = float(_unknown_points(scoring))
            questions.append(
                _Question(
                    dimension=(scoring.get("dimension") or s.get("dimension") or "") if dimensional else "",
                    worst_points=worst,
                    text=str(q.get("text") or ""),
                    key=q["key"],
                    section=s["key"],
                    condition=q.get("condition"),
                    scored=True,
                    weight=float(scoring.get("weight", 1)),
                    wants_evidence=bool(q.get("evidence")),
                    repeat_kind=(q.get("item_kind") or "generic") if q.get("type") == "repeat" else "",
                    unknown_points=unknown_points,
                    unknown_rules=(f"answer 'unknown': {_fmt(unknown_points)} points",),
                    unanswered_rules=(f"not answered: scored as unknown, {_fmt(unknown_points)} points",),
                    scorer=_scorer_for(q, scoring, unknown_points),
                )
            )
    bands = tuple(
        (b["key"], b.get("label", b["key"]), float(b.get("min", 0)))
        for b in sorted(rules.get("bands") or [], key=lambda b: b.get("min", 0))
    )
    if not bands:
        raise ValueError("the scoring rules define no bands")
    order_keys = [b[0] for b in bands] + [b["key"] for b in rules.get("trigger_bands") or []]
    band_order = {key: i for i, key in enumerate(order_keys)}
    band_labels = {b[0]: b[1] for b in bands} | {
        b["key"]: b.get("label", b["key"]) for b in rules.get("trigger_bands") or []
    }
    dimensions = tuple(
        _Dimension(d["key"], d.get("label", d["key"]), d.get("role", "supplier")) for d in rules.get("dimensions") or []
    )
    dimension_keys = {d.key for d in dimensions}
    if dimensional:
        if not any(d.role == "supplier" for d in dimensions):
            raise ValueError("the dimensions model needs at least one supplier dimension")
        for q in questions:
            if q.scored and q.dimension not in dimension_keys:
                raise ValueError(f"question {q.key}: no dimension (section or scoring 'dimension')")
    triggers = []
    for t in rules.get("triggers") or []:
        if t.get("min_band") not in band_order:
            raise ValueError(f"trigger {t.get('id')}: unknown band {t.get('min_band')!r}")
        target = t.get("dimension", OVERALL)
        if dimensional and target != OVERALL and target not in dimension_keys:
            raise ValueError(f"trigger {t.get('id')}: unknown dimension {target!r}")
        applies = t.get("applies_to") or ()
        triggers.append(
            _Rule(
                t["id"],
                t.get("label", t["id"]),
                t["when"],
                t["min_band"],
                dimension=target,
                applies_to=(applies,) if isinstance(applies, str) else tuple(applies),
                basis=str(t.get("basis") or ""),
            )
        )
    supply_rule = rules.get("supply") if dimensional else None
    supply = (
        _Supply(
            question=supply_rule["question"],
            key_assets=frozenset(supply_rule.get("key_assets") or ()),
            ran_classes=frozenset(supply_rule.get("ran_classes") or ()),
            ran_key_question=supply_rule.get("ran_key_question") or "",
        )
        if supply_rule
        else None
    )
    legal_rule = rules.get("legal_status") if dimensional else None
    legal_status = (
        _LegalStatus(
            question=legal_rule["question"],
            values={
                str(v["answer"]): (str(v["key"]), str(v.get("label") or v["key"]))
                for v in legal_rule.get("values") or []
            },
            generations_question=legal_rule.get("generations_question") or "",
        )
        if legal_rule
        else None
    )
    flags = tuple(_Rule(f["id"], f.get("label", f["id"]), f["when"]) for f in rules.get("flags") or [])
    evidence_rules = {**DEFAULT_EVIDENCE_RULES, **(rules.get("evidence_rules") or {})}
    return Plan(
        questions=tuple(questions),
        sections=tuple(sections),
        bands=bands,
        band_order=band_order,
        band_labels=band_labels,
        triggers=tuple(triggers),
        flags=flags,
        evidence_rules=evidence_rules,
        questions_by_key={q.key: q for q in questions},
        rules_hash=rules_hash if rules_hash is not None else definition_rules_hash(definition),
        model=MODEL_DIMENSIONS if dimensional else MODEL_LEGACY,
        dimensions=dimensions,
        supply=supply,
        legal_status=legal_status,
        overall_rule=dict(rules.get("overall_rule") or {}),
    )


# The one cache of a template's scoring: compiled plans by rule set (the rules hash says
# everything that changes a score, so two versions with the same hash share a plan).
_PLANS: OrderedDict[str, Plan] = OrderedDict()
_PLANS_SIZE = 32


def plan_for(definition: Mapping[str, Any], *, rules_hash: str | None = None) -> Plan:
    """The compiled plan of `definition`, cached by its rules hash (pass it when it is known, as
    TemplateVersion.rules_hash: computing it costs more than a score)."""
    key = rules_hash or definition_rules_hash(definition)
    plan = _PLANS.get(key)
    if plan is not None:
        _PLANS.move_to_end(key)
        return plan
    # Compiled from the canonical order of the format, not the order the definition arrived in: a definition
    # read back from PostgreSQL's JSONB has its keys sorted by length, and the plan (the order of rules,
    # points and unknowns in an explanation) must not depend on the database.
    plan = _PLANS[key] = compile_definition(ordered(definition), rules_hash=key)
    while len(_PLANS) > _PLANS_SIZE:
        _PLANS.popitem(last=False)
    return plan


# ---------------------------------------------------------------------------------------------
# Triggers and flags
# ---------------------------------------------------------------------------------------------


def _no_valid_evidence(spec: Mapping[str, Any], visible: Mapping[str, Any], ctx: _Context) -> bool:
    """True when no certificate counts and no passing test report exists for the asset classes."""
    classes = set(spec.get("asset_classes") or [])
    certs = visible.get(spec["certificates"]) if spec.get("certificates") else None
    if isinstance(certs, list):
        for item in certs:
            if isinstance(item, Mapping) and (not classes or item.get("asset_class") in classes):
                if certificate_status(item, ctx.assessment_date)[0]:
                    return False
    tests = visible.get(spec["tests"]) if spec.get("tests") else None
    if isinstance(tests, list):
        for item in tests:
            if isinstance(item, Mapping) and (not classes or item.get("asset_class") in classes):
                if report_state(item, ctx.assessment_date, 10**6) == "recent":
                    return False
    return True


def _holds(cond: Mapping[str, Any], visible: Mapping[str, Any], facts: Mapping[str, Any], ctx: _Context) -> bool:
    if "no_valid_evidence" in cond:
        return _no_valid_evidence(cond["no_valid_evidence"], visible, ctx)
    if "all" in cond:
        return all(_holds(c, visible, facts, ctx) for c in cond["all"])
    if "any" in cond:
        return any(_holds(c, visible, facts, ctx) for c in cond["any"])
    if "not" in cond:
        return not _holds(cond["not"], visible, facts, ctx)
    return conditions.evaluate(cond, visible, facts)


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------


def _answer_for_display(q: _Question, value: Any) -> Any:
    if q.repeat_kind and isinstance(value, list | tuple):
        n = len(value)
        noun = {"certificate": "certificate", "test_report": "test report"}.get(q.repeat_kind, "item")
        return f"{n} {noun}{'' if n == 1 else 's'}"
    return value


def score(
    definition: Mapping[str, Any],
    answers: Mapping[str, Any],
    *,
    assessment_date: dt.date,
    evidence_counts: Mapping[str, int] | None = None,
    facts: Mapping[str, Any] | None = None,
    rules_hash: str | None = None,
) -> ScoreResult:
    """Score `answers` ({question key: value}) against the rules of `definition` (whose rules hash
    is `rules_hash`, computed when not given)."""
    plan = plan_for(definition, rules_hash=rules_hash)
    facts = facts or {}
    ctx = _Context(assessment_date, evidence_counts or {}, plan.evidence_rules, [])
    evaluate = conditions.evaluate

    visible: dict[str, Any] = {}
    # Per section: [Σw, Σw·r, Σ confidence weight]
    sums: dict[str, list[float]] = {s.key: [0.0, 0.0, 0.0] for s in plan.sections}
    # (question, value, points, rules, confidence weight) of the visible scored questions, in template order
    scored: list[tuple[_Question, Any, float, tuple[str, ...], float]] = []
    total_w = 0.0
    total_conf = 0.0
    for q in plan.questions:
        if q.condition is not None and not evaluate(q.condition, visible, facts):
            continue
        value = answers.get(q.key)
        if value is not None:
            visible[q.key] = value
        if not q.scored:
            continue
        w = q.weight
        if value is None or value == "":
            points, rules = q.unknown_points, q.unanswered_rules
            conf = 0.0
        elif value == UNKNOWN:
            points, rules = q.unknown_points, q.unknown_rules
            conf = 0.0
        else:
            assert q.scorer is not None  # every scored question has one (compile_definition)
            points, rules = q.scorer(value, ctx)
            if q.wants_evidence and not ctx.evidence_counts.get(q.key):
                conf = 0.5 * w
                if not q.repeat_kind:
                    ctx.warn(q.key, "Evidence is wanted for this answer but none is attached.")
            else:
                conf = w
        acc = sums[q.section]
        acc[0] += w
        acc[1] += w * points
        acc[2] += conf
        total_w += w
        total_conf += conf
        scored.append((q, value, points, rules, conf))

    if plan.model == MODEL_DIMENSIONS:
        return _score_dimensions(plan, visible, scored, sums, facts, ctx)

    # Sections and overall
    section_out: dict[str, dict[str, Any]] = {}
    weight_of_scored_sections = 0.0
    # Titles are not rules: this definition's own, whatever version the shared plan was built from.
    titles = {s["key"]: s.get("title", s["key"]) for s in definition["sections"]}
    for s in plan.sections:
        sw, swr, sconf = sums[s.key]
        title = titles.get(s.key, s.title)
        if sw > 0:
            weight_of_scored_sections += s.weight
            section_out[s.key] = {"title": title, "score": swr / sw, "weight": s.weight, "confidence": sconf / sw}
        else:
            section_out[s.key] = {"title": title, "score": None, "weight": s.weight, "confidence": None}

    section_weight = {s.key: s.weight for s in plan.sections}
    contributions = []
    overall = 0.0
    for q, value, points, rules, _conf in scored:
        sw = sums[q.section][0]
        if weight_of_scored_sections > 0:
            share = section_weight[q.section] / weight_of_scored_sections
            contribution = share * (q.weight * points / sw)
        else:
            contribution = 0.0
        overall += contribution
        contributions.append(
            {
                "question": q.key,
                "section": q.section,
                "answer": _answer_for_display(q, value),
                "points": points,
                "weight": q.weight,
                "contribution": contribution,
                "rules": list(rules),
            }
        )
    contributions.sort(key=lambda c: -c["contribution"])
    overall = min(100.0, max(0.0, overall))

    # Bands, triggers, flags
    score_band = plan.bands[0][0]
    banding_value = round(overall, 9)  # float noise must not move a score across a band limit
    for key, _label, minimum in plan.bands:
        if banding_value >= minimum:
            score_band = key
    band = score_band
    order = plan.band_order
    fired = []
    for t in plan.triggers:
        if _holds(t.when, visible, facts, ctx):
            fired.append({"id": t.id, "label": t.label, "min_band": t.min_band})
            if order[t.min_band] > order[band]:
                band = t.min_band
    flags = [{"id": f.id, "label": f.label} for f in plan.flags if _holds(f.when, visible, facts, ctx)]

    return ScoreResult(
        overall=overall,
        score_band=score_band,
        band=band,
        band_label=plan.band_labels[band],
        triggers=fired,
        confidence=(total_conf / total_w) if total_w > 0 else 0.0,
        sections=section_out,
        contributions=contributions,
        flags=flags,
        warnings=ctx.warnings,
        rules_hash=plan.rules_hash,
    )


# ---------------------------------------------------------------------------------------------
# The dimensions model (docs/scoring.md)
# ---------------------------------------------------------------------------------------------


def _level_of(plan: Plan, value: float) -> str:
    level = plan.bands[0][0]
    banding_value = round(value, 9)  # float noise must not move a score across a level limit
    for key, _label, minimum in plan.bands:
        if banding_value >= minimum:
            level = key
    return level


def _supplied(plan: Plan, visible: Mapping[str, Any]) -> tuple[frozenset[str] | None, frozenset[str]]:
    """(asset classes the supplier supplies in the member state, or None when not stated; the key
    assets of the member state: the template's key assets, and RAN where the state defines it so)."""
    supply = plan.supply
    if supply is None:
        return None, frozenset()
    value = visible.get(supply.question)
    supplied = frozenset(v for v in value if isinstance(v, str)) if isinstance(value, list | tuple) else None
    key_assets = supply.key_assets
    if supply.ran_key_question and visible.get(supply.ran_key_question) == "yes":
        key_assets = key_assets | supply.ran_classes
    return supplied, key_assets


def _score_dimensions(
    plan: Plan,
    visible: Mapping[str, Any],
    scored: list[tuple[_Question, Any, float, tuple[str, ...], float]],
    sums: Mapping[str, list[float]],
    facts: Mapping[str, Any],
    ctx: _Context,
) -> ScoreResult:
    """Three dimensions side by side; the overall level by the published rule: the highest level of
    the supplier dimensions (each raised by its triggers), raised by the overall triggers. Good
    technical answers can never lower the risk profile's level, and the exposure stays beside it."""
    order = plan.band_order
    labels = plan.band_labels
    acc: dict[str, list[float]] = {d.key: [0.0, 0.0, 0.0] for d in plan.dimensions}
    to_clarify: list[dict[str, Any]] = []
    for q, value, points, _rules, conf in scored:
        a = acc[q.dimension]
        a[0] += q.weight
        a[1] += q.weight * points
        a[2] += conf
        if value is None or value == "" or value == UNKNOWN:
            to_clarify.append(
                {
                    "kind": "answer",
                    "question": q.key,
                    "text": q.text,
                    "dimension": q.dimension,
                    "reason": "not answered" if value is None or value == "" else "unknown",
                }
            )

    contributions = []
    for q, value, points, rules, _conf in scored:
        dw = acc[q.dimension][0]
        contributions.append(
            {
                "question": q.key,
                "section": q.section,
                "dimension": q.dimension,
                "answer": _answer_for_display(q, value),
                "points": points,
                "weight": q.weight,
                "contribution": (q.weight * points / dw) if dw > 0 else 0.0,
                "rules": list(rules),
            }
        )
    contributions.sort(key=lambda c: -c["contribution"])

    dims: dict[str, dict[str, Any]] = {}
    for d in plan.dimensions:
        w, wr, conf = acc[d.key]
        value = (wr / w) if w > 0 else 0.0
        level = _level_of(plan, value)
        dims[d.key] = {
            "label": d.label,
            "role": d.role,
            "score": value if w > 0 else None,
            "score_level": level,
            "level": level,
            "level_label": labels[level],
            "confidence": (conf / w) if w > 0 else 0.0,
        }

    supplied, key_assets = _supplied(plan, visible)
    fired: list[dict[str, Any]] = []
    raise_overall = plan.bands[0][0]
    for t in plan.triggers:
        if not _holds(t.when, visible, facts, ctx):
            continue
        scope: frozenset[str] = frozenset()
        if t.applies_to:
            scope = frozenset(c for a in t.applies_to for c in (key_assets if a == "key_assets" else (a,)))
            if supplied is None:
                to_clarify.append(
                    {
                        "kind": "trigger",
                        "trigger": t.id,
                        "text": t.label,
                        "dimension": t.dimension,
                        "reason": "the asset classes the supplier supplies are not stated",
                    }
                )
                continue
            if not scope & supplied:
                continue
        fired.append(
            {
                "id": t.id,
                "label": t.label,
                "min_band": t.min_band,
                "dimension": t.dimension,
                "basis": t.basis,
                "asset_classes": sorted(scope & supplied) if scope and supplied is not None else [],
            }
        )
        if t.dimension == OVERALL:
            if order[t.min_band] > order[raise_overall]:
                raise_overall = t.min_band
        else:
            dim = dims[t.dimension]
            if order[t.min_band] > order[dim["level"]]:
                dim["level"] = t.min_band
                dim["level_label"] = labels[t.min_band]

    supplier_dims = [dims[d.key] for d in plan.dimensions if d.role == "supplier"]
    score_level = max((x["score_level"] for x in supplier_dims), key=order.__getitem__)
    level = max((x["level"] for x in supplier_dims), key=order.__getitem__)
    if order[raise_overall] > order[level]:
        level = raise_overall
    overall = max((x["score"] or 0.0 for x in supplier_dims), default=0.0)

    legal: dict[str, Any] = {}
    if plan.legal_status is not None:
        answer = visible.get(plan.legal_status.question)
        key, label = plan.legal_status.values.get(answer, ("none", "")) if isinstance(answer, str) else ("none", "")
        generations = (
            visible.get(plan.legal_status.generations_question) if plan.legal_status.generations_question else None
        )
        legal = {
            "key": key,
            "label": label,
            "answer": answer if isinstance(answer, str) else None,
            "generations": list(generations) if isinstance(generations, list | tuple) and key != "none" else [],
        }
    flags = [{"id": f.id, "label": f.label} for f in plan.flags if _holds(f.when, visible, facts, ctx)]
    total_w = sum(a[0] for a in acc.values())
    total_conf = sum(a[2] for a in acc.values())
    section_out: dict[str, dict[str, Any]] = {}
    for s in plan.sections:
        sw, swr, sconf = sums[s.key]
        section_out[s.key] = {
            "title": s.title,
            "score": (swr / sw) if sw > 0 else None,
            "weight": s.weight,
            "confidence": (sconf / sw) if sw > 0 else None,
        }
    return ScoreResult(
        overall=overall,
        score_band=score_level,
        band=level,
        band_label=labels[level],
        triggers=fired,
        confidence=(total_conf / total_w) if total_w > 0 else 0.0,
        sections=section_out,
        contributions=contributions,
        flags=flags,
        warnings=ctx.warnings,
        rules_hash=plan.rules_hash,
        model=MODEL_DIMENSIONS,
        dimensions=dims,
        evidence_level=level,
        legal_status=legal,
        to_clarify=to_clarify,
        supplied_asset_classes=sorted(supplied) if supplied is not None else None,
        overall_rule=dict(plan.overall_rule),
    )
