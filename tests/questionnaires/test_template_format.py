"""The template format is declared once (template_format/schema.py): the checker refuses keys it
does not declare, the dumper writes them in its canonical order, and the reference in
docs/questionnaire-format.md is the one generated from it."""

import copy
from pathlib import Path

import pytest
import yaml

from riskassess.questionnaires import definition
from riskassess.questionnaires.definition import TemplateError, dump_definition, parse_definition
from riskassess.questionnaires.template_format import schema
from riskassess.questionnaires.template_format.reference import DOCS, docs_with_reference

TEMPLATES = Path(__file__).resolve().parents[2] / "riskassess/questionnaires/templates_yaml"


def test_the_docs_reference_is_generated_from_the_format():
    text = DOCS.read_text(encoding="utf-8")

    assert docs_with_reference(text) == text, "run python -m riskassess.questionnaires.template_format.reference"
    assert "| `applies_to` |" in text


def test_the_checker_and_the_dumper_read_the_one_declaration():
    assert definition.QUESTION_KEYS == schema.QUESTION.names()
    assert definition.SCORING_KEYS == schema.SCORING.names()
    assert definition.EVIDENCE_RULE_DEFAULTS == {
        "expiry_warning_days": 90,
        "max_validity_years": {},
        "test_max_age_months": 36,
    }
    assert definition.QUESTION_SCORING_KEYS[0] == "weight" and definition.QUESTION_SCORING_KEYS[-1] == "unknown_points"


@pytest.mark.parametrize("name", ["eu-5g-supplier-2026.1.yaml", "eu-5g-supplier-2027.1.yaml"])
def test_the_shipped_files_use_declared_keys_in_canonical_order(name):
    loaded = yaml.safe_load((TEMPLATES / name).read_text(encoding="utf-8"))

    def in_order(keys, mapping):
        order = mapping.names()
        assert set(keys) <= set(order), set(keys) - set(order)
        assert list(keys) == [k for k in order if k in keys]

    in_order(loaded, schema.TEMPLATE)
    in_order(loaded["scoring"], schema.SCORING)
    for section in loaded["sections"]:
        in_order(section, schema.SECTION)
        for q in section["questions"]:
            in_order(q, schema.QUESTION)
            if "scoring" in q:
                in_order(q["scoring"], schema.QUESTION_SCORING)
            for f in q.get("fields", []):
                in_order(f, schema.FIELD)
    for t in loaded["scoring"]["triggers"]:
        in_order(t, schema.TRIGGER)


def test_an_undeclared_key_is_refused():
    d = parse_definition((TEMPLATES / "eu-5g-supplier-2027.1.yaml").read_text(encoding="utf-8"))
    bad = copy.deepcopy(d)
    bad["sections"][0]["questions"][0]["colour"] = "blue"

    with pytest.raises(TemplateError) as e:
        parse_definition(dump_definition(bad))

    assert any("unknown key 'colour'" in m for m in e.value.errors)
