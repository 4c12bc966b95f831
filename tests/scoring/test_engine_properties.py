"""Properties of the scoring engine, on any answers hypothesis can think of, for the small
template, the extended small template and the shipped questionnaire."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskassess.questionnaires.conditions import referenced_questions
from riskassess.questionnaires.definition import iter_questions
from riskassess.scoring.engine import score
from tests.factories import SMALL_DEFINITION
from tests.scoring.builders import EXTENDED_DEFINITION, shipped_definition

SHIPPED = shipped_definition()
DEFINITIONS = [
    pytest.param(SMALL_DEFINITION, id="small"),
    pytest.param(EXTENDED_DEFINITION, id="extended"),
    pytest.param(SHIPPED, id="shipped", marks=pytest.mark.skipif(SHIPPED is None, reason="no shipped template")),
]
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ASSET_CLASSES = ["core_nf", "nfv_mano_sdn", "ran_general", "transport"]
dates = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2032, 12, 31)).map(dt.date.isoformat)
item_ids = st.text(alphabet="0123456789abcdef", min_size=8, max_size=8)


def _choices(spec):
    return [c["value"] for c in spec.get("choices") or []]


def _field_value(field):
    kind = field.get("type")
    if field.get("key") == "asset_class" and not _choices(field):
        return st.sampled_from(ASSET_CLASSES)
    if kind in ("choice",):
        return st.sampled_from(_choices(field) or ["x"])
    if kind == "yn":
        return st.sampled_from(["yes", "no"])
    if kind == "ynu":
        return st.sampled_from(["yes", "no", "unknown"])
    if kind in ("number", "percent"):
        return st.integers(0, 100)
    if kind == "date":
        return dates
    if kind == "country":
        return st.sampled_from(["FR", "DE", "CN", "US"])
    return st.text(max_size=12)


KIND_FIELDS = {
    "certificate": {
        "status": st.sampled_from(["valid", "expired", "suspended", "withdrawn"]),
        "expiry_date": dates,
        "issue_date": dates,
        "covers_deployed": st.sampled_from(["yes", "no", "unknown"]),
        "scheme": st.sampled_from(["eucc", "nesas", "other"]),
        "asset_class": st.sampled_from(ASSET_CLASSES),
        "ncca_approval_note": st.sampled_from(["", "approved"]),
    },
    "test_report": {
        "result": st.sampled_from(["pass", "pass_with_findings", "fail"]),
        "test_date": dates,
        "asset_class": st.sampled_from(ASSET_CLASSES),
    },
    "decision": {"decision": st.sampled_from(["prohibition", "refusal", "conditions", "authorisation"])},
}


def _item(question):
    fields = {f["key"]: _field_value(f) for f in question.get("fields") or []}
    fields.update(KIND_FIELDS.get(question.get("item_kind"), {}))
    return st.fixed_dictionaries({"id": item_ids, **fields})


def _value(question):
    kind = question["type"]
    scored = bool(question.get("scoring"))
    unknown = [st.just("unknown")] if scored else []
    if kind == "ynu":
        base = st.sampled_from(["yes", "no", "unknown"])
    elif kind == "yn":
        base = st.sampled_from(["yes", "no"])
    elif kind == "choice":
        base = st.sampled_from(_choices(question))
    elif kind == "multi":
        base = st.lists(st.sampled_from(_choices(question)), unique=True)
    elif kind == "number":
        base = st.integers(int(question.get("min", 0)), int(question.get("max", 1000))) | st.floats(0, 500)
    elif kind == "percent":
        base = st.floats(0, 100)
    elif kind == "date":
        base = dates
    elif kind == "country":
        base = st.sampled_from(["FR", "DE", "CN", "US", "FI"])
    elif kind == "countries":
        base = st.lists(st.sampled_from(["FR", "DE", "CN", "US", "FI"]), unique=True)
    elif kind == "repeat":
        base = st.lists(_item(question), max_size=4, unique_by=lambda i: i["id"])
    else:
        base = st.text(max_size=20)
    return st.one_of(base, *unknown)


def answers_for(definition):
    """Answers to a random subset of the questions (unanswered ones are left out)."""
    questions = list(iter_questions(definition))
    return st.fixed_dictionaries({}, optional={q["key"]: _value(q) for q in questions})


def evidence_for(definition):
    keys = [q["key"] for q in iter_questions(definition) if q.get("evidence")]
    return st.dictionaries(st.sampled_from(keys), st.integers(0, 3)) if keys else st.just({})


assessment_dates = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31))
facts = st.fixed_dictionaries({"supplier_named_in_2023_communication": st.booleans()})


def run(definition, answers, day, evidence=None, fact_values=None):
    return score(definition, answers, assessment_date=day, evidence_counts=evidence, facts=fact_values)


def band_order(definition):
    rules = definition["scoring"]
    keys = [b["key"] for b in sorted(rules["bands"], key=lambda b: b["min"])] + [
        b["key"] for b in rules["trigger_bands"]
    ]
    return {key: i for i, key in enumerate(keys)}


@pytest.mark.parametrize("definition", DEFINITIONS)
@PROPERTY_SETTINGS
@given(data=st.data(), day=assessment_dates, fact_values=facts)
def test_it_stays_in_bounds_and_adds_up(definition, data, day, fact_values):
    answers = data.draw(answers_for(definition))
    evidence = data.draw(evidence_for(definition))

    result = run(definition, answers, day, evidence, fact_values)

    assert 0 <= result.overall <= 100
    assert 0 <= result.confidence <= 1
    for section in result.sections.values():
        assert section["score"] is None or 0 <= section["score"] <= 100
        assert section["confidence"] is None or 0 <= section["confidence"] <= 1
    assert abs(sum(c["contribution"] for c in result.contributions) - result.overall) < 1e-6
    assert [c["contribution"] for c in result.contributions] == sorted(
        (c["contribution"] for c in result.contributions), reverse=True
    )
    assert result.band in band_order(definition)


@pytest.mark.parametrize("definition", DEFINITIONS)
@PROPERTY_SETTINGS
@given(data=st.data(), day=assessment_dates, fact_values=facts)
def test_it_is_deterministic_and_ignores_answer_order(definition, data, day, fact_values):
    answers = data.draw(answers_for(definition))
    evidence = data.draw(evidence_for(definition))

    first = run(definition, answers, day, evidence, fact_values)
    again = run(definition, answers, day, evidence, fact_values)
    reordered = run(
        definition, dict(reversed(list(answers.items()))), day, dict(reversed(evidence.items())), fact_values
    )

    assert first == again == reordered


@pytest.mark.parametrize("definition", DEFINITIONS)
@PROPERTY_SETTINGS
@given(data=st.data(), day=assessment_dates, fact_values=facts)
def test_it_sets_at_least_the_band_of_every_trigger_fired(definition, data, day, fact_values):
    answers = data.draw(answers_for(definition))
    order = band_order(definition)

    result = run(definition, answers, day, None, fact_values)

    for trigger in result.triggers:
        assert order[result.band] >= order[trigger["min_band"]]
    expected = max([result.score_band, *(t["min_band"] for t in result.triggers)], key=order.__getitem__)
    assert result.band == expected


def _independent_point_questions(definition):
    """Scored questions with a points table that no condition reads (changing them changes
    nothing but their own points)."""
    read = set()
    for q in iter_questions(definition):
        if q.get("condition"):
            read.update(referenced_questions(q["condition"]))
    return [
        q
        for q in iter_questions(definition)
        if (q.get("scoring") or {}).get("points") and q["key"] not in read and q["type"] in ("yn", "ynu", "choice")
    ]


@pytest.mark.parametrize("definition", DEFINITIONS)
@PROPERTY_SETTINGS
@given(data=st.data(), day=assessment_dates)
def test_it_never_lowers_the_overall_score_for_a_riskier_answer(definition, data, day):
    answers = data.draw(answers_for(definition))
    question = data.draw(st.sampled_from(_independent_point_questions(definition)))
    rules = question["scoring"]
    table = dict(rules["points"])
    table.setdefault("unknown", rules.get("unknown_points", 100))
    safer, riskier = sorted(data.draw(st.lists(st.sampled_from(sorted(table)), min_size=2, max_size=2)), key=table.get)

    low = run(definition, {**answers, question["key"]: safer}, day)
    high = run(definition, {**answers, question["key"]: riskier}, day)

    assert high.overall >= low.overall - 1e-9


def _certificate_questions(definition):
    return [q for q in iter_questions(definition) if q.get("item_kind") == "certificate" and q.get("scoring")]


@pytest.mark.parametrize("definition", DEFINITIONS)
@PROPERTY_SETTINGS
@given(data=st.data(), day=assessment_dates)
def test_it_scores_an_expired_certificate_exactly_as_a_missing_one(definition, data, day):
    answers = data.draw(answers_for(definition))
    question = _certificate_questions(definition)[0]
    others = data.draw(st.lists(_item(question), max_size=3, unique_by=lambda i: i["id"]))
    cert = data.draw(_item(question).filter(lambda i: i["id"] not in {o["id"] for o in others}))
    how = data.draw(st.sampled_from(["status", "date"]))
    if how == "status":
        expired = {**cert, "status": data.draw(st.sampled_from(["expired", "suspended", "withdrawn"]))}
    else:
        expired = {**cert, "expiry_date": (day - dt.timedelta(days=data.draw(st.integers(1, 2000)))).isoformat()}

    with_expired = run(definition, {**answers, question["key"]: [*others, expired]}, day)
    without = run(definition, {**answers, question["key"]: others}, day)

    assert with_expired.overall == without.overall
    assert with_expired.band == without.band
    assert with_expired.triggers == without.triggers
