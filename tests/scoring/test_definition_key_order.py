"""A score does not depend on the order of the keys in its definition: PostgreSQL's JSONB gives a
stored definition back with its keys sorted by length, SQLite and the YAML file in the order written.
Before the plan was compiled from the format's canonical order, the explanation (rules, points and
unknowns) of the same answers came out differently on the two databases."""

import dataclasses
import json

import pytest

from riskassess.questionnaires.template_format.parser import parse_definition
from riskassess.scoring import engine
from tests.scoring import cases
from tests.scoring.builders import ASSESSMENT_DATE, SHIPPED_TEMPLATE

NEW = parse_definition(SHIPPED_TEMPLATE.with_name("eu-5g-supplier-2027.1.yaml").read_text(encoding="utf-8"))


def as_jsonb(value):
    """Keys ordered as PostgreSQL's JSONB returns them: by length, then bytewise."""
    if isinstance(value, dict):
        return {k: as_jsonb(value[k]) for k in sorted(value, key=lambda k: (len(k.encode()), k.encode()))}
    if isinstance(value, list):
        return [as_jsonb(v) for v in value]
    return value


def _scored(definition, answers) -> str:
    engine._PLANS.clear()  # compile each time: the cache is keyed by the rules hash, equal for both
    result = engine.score(definition, answers, assessment_date=ASSESSMENT_DATE, evidence_counts={}, rules_hash="t")
    return json.dumps(dataclasses.asdict(result), sort_keys=True)


@pytest.mark.parametrize(
    "case", [cases.eu_weak_practices, cases.eu_with_unknowns, cases.third_country_perfect_certificates]
)
def test_the_same_answers_score_the_same_whatever_the_key_order_of_the_definition(case):
    answers = case("2027.1")
    assert as_jsonb(NEW) != NEW or list(as_jsonb(NEW)) != list(NEW)  # the reordering is real
    assert _scored(as_jsonb(NEW), answers) == _scored(NEW, answers)
