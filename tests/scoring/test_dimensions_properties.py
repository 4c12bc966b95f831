"""Properties of the dimensions model (2027.1 questionnaire), on any answers hypothesis can think
of: monotonic in each answer's risk, technical answers never lower the risk profile's level, an
unknown never scores above the worst real answer, no trigger without its asset class, and the same
inputs give the same result in another process; also: a riskier number never lowers a score, no
scoped trigger fires while the supplied asset classes are not stated, and the legal status changes no
score or level."""

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskassess.questionnaires.definition import iter_questions
from riskassess.questionnaires.template_format.parser import parse_definition
from riskassess.scoring.engine import UNKNOWN, score
from tests.scoring import cases
from tests.scoring.builders import ASSESSMENT_DATE, SHIPPED_TEMPLATE, certificate, report_item

NEW_PATH = SHIPPED_TEMPLATE.with_name("eu-5g-supplier-2027.1.yaml")
NEW = parse_definition(NEW_PATH.read_text(encoding="utf-8"))
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUESTIONS = {q["key"]: q for q in iter_questions(NEW)}
SECTION_DIMENSION = {s["key"]: s.get("dimension") for s in NEW["sections"]}
ORDER = {b["key"]: i for i, b in enumerate(NEW["scoring"]["bands"])}
ASSET_CLASSES = [c["value"] for c in QUESTIONS["E0"]["choices"]]


def dimension_of(q):
    return q["scoring"].get("dimension") or SECTION_DIMENSION[q["section"]]


def points_of(q):
    """{answer: points} of a question scored by a points table (real answers only)."""
    return {a: p for a, p in (q["scoring"].get("points") or {}).items() if a != UNKNOWN}


TABLE_QUESTIONS = sorted(k for k, q in QUESTIONS.items() if q.get("scoring") and points_of(q))
TECHNICAL = sorted(k for k, q in QUESTIONS.items() if q.get("scoring") and dimension_of(q) == "assurance_gap")


@st.composite
def answers(draw):
    out = cases.eu_weak_practices("2027.1")
    for key in TABLE_QUESTIONS:
        choices = list(points_of(QUESTIONS[key]))
        if QUESTIONS[key]["type"] == "ynu":
            choices.append(UNKNOWN)
        out[key] = draw(st.sampled_from(choices))
    for key in ("A3a", "A7a", "B3"):
        out[key] = draw(st.integers(min_value=0, max_value=100))
    for key in ("C5", "C5a", "F6"):
        out[key] = draw(st.integers(min_value=0, max_value=30))
    for key in ("C6", "F3"):
        out[key] = draw(st.integers(min_value=0, max_value=400))
    out["F4"] = draw(st.integers(min_value=0, max_value=20))
    out["E0"] = draw(st.lists(st.sampled_from(ASSET_CLASSES), unique=True, max_size=4))
    out["E0a"] = draw(st.sampled_from(["yes", "no"]))
    classes = st.sampled_from(["core_nf", "nfv_mano_sdn", "ran_general"])
    out["B1"] = [certificate(id=f"c{i}", asset_class=c) for i, c in enumerate(draw(st.lists(classes, max_size=2)))]
    out["C1"] = [report_item(id=f"t{i}", asset_class=c) for i, c in enumerate(draw(st.lists(classes, max_size=2)))]
    return out


def run(a):
    return score(NEW, a, assessment_date=ASSESSMENT_DATE, evidence_counts={})


@PROPERTY_SETTINGS
@given(answers(), st.sampled_from(TABLE_QUESTIONS), st.data())
def test_a_riskier_answer_never_lowers_a_score_or_a_level(base, key, data):
    table = points_of(QUESTIONS[key])
    lower, higher = sorted(data.draw(st.lists(st.sampled_from(list(table)), min_size=2, max_size=2)), key=table.get)
    dim = dimension_of(QUESTIONS[key])

    a, b = run(base | {key: lower}), run(base | {key: higher})

    assert b.dimensions[dim]["score"] >= a.dimensions[dim]["score"] - 1e-9
    assert ORDER[b.dimensions[dim]["level"]] >= ORDER[a.dimensions[dim]["level"]]
    assert ORDER[b.band] >= ORDER[a.band]


@PROPERTY_SETTINGS
@given(answers(), st.data())
def test_technical_answers_never_lower_the_profile_level(base, data):
    changed = dict(base)
    for key in TECHNICAL:
        table = points_of(QUESTIONS[key])
        if table:
            changed[key] = data.draw(st.sampled_from(list(table)))

    a, b = run(base), run(changed)

    assert a.dimensions["risk_profile"] == b.dimensions["risk_profile"]
    for result in (a, b):
        assert ORDER[result.band] >= ORDER[result.dimensions["risk_profile"]["level"]]


@PROPERTY_SETTINGS
@given(answers(), st.sampled_from(sorted(k for k, q in QUESTIONS.items() if q.get("scoring"))))
def test_an_unknown_never_scores_above_the_worst_real_answer(base, key):
    q = QUESTIONS[key]
    result = run(base | {key: UNKNOWN})
    contribution = next(c for c in result.contributions if c["question"] == key)
    table = points_of(q)
    worst = max(table.values()) if table else None

    if worst is not None:
        assert contribution["points"] <= worst
        worst_result = run(base | {key: max(table, key=table.get)})
        assert result.dimensions[dimension_of(q)]["score"] <= worst_result.dimensions[dimension_of(q)]["score"] + 1e-9
    assert contribution["points"] <= 100
    assert any(c.get("question") == key for c in result.to_clarify)


@PROPERTY_SETTINGS
@given(answers())
def test_no_trigger_fires_without_its_asset_class(a):
    rules = {t["id"]: t for t in NEW["scoring"]["triggers"]}
    result = run(a)

    for fired in result.triggers:
        assert fired["asset_classes"], fired
        assert set(fired["asset_classes"]) <= set(a["E0"])
        scope = set(rules[fired["id"]].get("applies_to") or [])
        if "key_assets" not in scope:
            assert set(fired["asset_classes"]) <= scope


SUBPROCESS = """
import dataclasses, datetime as dt, json, sys
sys.path.insert(0, {root!r})
from riskassess.questionnaires.template_format.parser import parse_definition
from riskassess.scoring.engine import score
from pathlib import Path
definition = parse_definition(Path({path!r}).read_text(encoding="utf-8"))
out = []
for answers in json.load(sys.stdin):
    result = score(definition, answers, assessment_date=dt.date.fromisoformat({day!r}), evidence_counts={{}})
    out.append(dataclasses.asdict(result))
print(json.dumps(out, sort_keys=True))
"""


@settings(max_examples=1, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(answers(), min_size=20, max_size=20))
def test_the_same_inputs_give_the_same_result_in_another_process(batch):
    here = json.dumps([dataclasses.asdict(run(a)) for a in batch], sort_keys=True)
    code = SUBPROCESS.format(
        root=str(Path(__file__).resolve().parents[2]), path=str(NEW_PATH), day=ASSESSMENT_DATE.isoformat()
    )

    done = subprocess.run(  # noqa: S603 - our own interpreter on our own code
        [sys.executable, "-c", code],
        input=json.dumps(batch),
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "DJANGO_SETTINGS_MODULE": "riskassess.settings", "PATH": "/usr/bin:/bin"},
    )

    assert json.loads(done.stdout) == json.loads(here)


NUMBER_QUESTIONS = {
    "A3a": st.integers(min_value=0, max_value=100),
    "A7a": st.integers(min_value=0, max_value=100),
    "B3": st.integers(min_value=0, max_value=100),
    "C5": st.integers(min_value=0, max_value=30),
    "C5a": st.integers(min_value=0, max_value=30),
    "F6": st.integers(min_value=0, max_value=30),
    "C6": st.integers(min_value=0, max_value=400),
    "F3": st.integers(min_value=0, max_value=400),
    "F4": st.integers(min_value=0, max_value=20),
}


def points_in(result, key):
    return next(c["points"] for c in result.contributions if c["question"] == key)


@PROPERTY_SETTINGS
@given(answers(), st.sampled_from(sorted(NUMBER_QUESTIONS)), st.data())
def test_a_riskier_number_never_lowers_a_score_or_a_level(base, key, data):
    values = data.draw(st.lists(NUMBER_QUESTIONS[key], min_size=2, max_size=2))
    a, b = sorted((run(base | {key: v}) for v in values), key=lambda r: points_in(r, key))
    dim = dimension_of(QUESTIONS[key])

    assert b.dimensions[dim]["score"] >= a.dimensions[dim]["score"] - 1e-9
    assert ORDER[b.dimensions[dim]["level"]] >= ORDER[a.dimensions[dim]["level"]]
    assert ORDER[b.band] >= ORDER[a.band]


@PROPERTY_SETTINGS
@given(answers())
def test_without_the_supplied_asset_classes_no_scoped_trigger_fires_and_each_is_to_be_clarified(a):
    a = dict(a)
    a.pop("E0")
    with_classes = run(a | {"E0": ASSET_CLASSES})  # every class: each trigger whose condition holds fires

    result = run(a)

    assert result.supplied_asset_classes is None
    scoped = {t["id"] for t in NEW["scoring"]["triggers"] if t.get("applies_to")}
    assert not [t for t in result.triggers if t["id"] in scoped]
    clarified = {c["trigger"] for c in result.to_clarify if c["kind"] == "trigger"}
    assert clarified == {t["id"] for t in with_classes.triggers if t["id"] in scoped}


LEGAL_STATUS_ANSWERS = st.fixed_dictionaries(
    {
        "D1": st.sampled_from(["designated", "restricted", "under_assessment", "none"]),
        "D1c": st.sampled_from(["yes", "no"]),
        "D1d": st.lists(st.sampled_from([c["value"] for c in QUESTIONS["D1d"]["choices"]]), unique=True, max_size=3),
    }
)


@PROPERTY_SETTINGS
@given(answers(), LEGAL_STATUS_ANSWERS)
def test_the_legal_status_never_changes_a_score_or_a_level(base, legal):
    without, with_status = run(base), run(base | legal)

    assert with_status.dimensions == without.dimensions
    assert with_status.band == without.band and with_status.evidence_level == without.evidence_level
    assert with_status.legal_status["key"] == legal["D1"]
