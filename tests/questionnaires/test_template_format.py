"""The template format is declared once (template_format/schema.py): the checker refuses keys it
does not declare, the dumper writes them in its canonical order, and the reference in
docs/questionnaire-format.md is the one generated from it."""

import copy
from pathlib import Path

import pytest
import yaml

from riskassess.questionnaires.models import TemplateVersion
from riskassess.questionnaires.template_format import schema, scoring_rules
from riskassess.questionnaires.template_format.checker import TemplateError
from riskassess.questionnaires.template_format.dump import dump_definition
from riskassess.questionnaires.template_format.parser import parse_definition
from riskassess.questionnaires.template_format.reference import DOCS, docs_with_reference
from riskassess.questionnaires.template_format.rules import rules_hash
from riskassess.questionnaires.template_versions import template_version_export, template_version_import

TEMPLATES = Path(__file__).resolve().parents[2] / "riskassess/questionnaires/templates_yaml"


def test_the_docs_reference_is_generated_from_the_format():
    text = DOCS.read_text(encoding="utf-8")

    assert docs_with_reference(text) == text, "run python -m riskassess.questionnaires.template_format.reference"
    assert "| `applies_to` |" in text


def test_the_checker_and_the_dumper_read_the_one_declaration():
    assert scoring_rules.RULE_KEYS + scoring_rules.NOTE_KEYS == schema.QUESTION_SCORING.names()
    assert scoring_rules.RULE_KEYS[0] == "weight" and scoring_rules.RULE_KEYS[-1] == "unknown_points"
    assert schema.EVIDENCE_RULES.defaults == {
        "expiry_warning_days": 90,
        "max_validity_years": {},
        "test_max_age_months": 36,
    }
    # The rules hash covers exactly the keys the format marks as changing the points.
    assert set(schema.QUESTION.names("rule")) == {
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
    }


# The rule-set version of each shipped file: a change of the format's code that changes one of them
# changes the version of every stored assessment's rules (and re-scores nothing by itself).
SHIPPED_RULES_HASHES = {
    "eu-5g-supplier-2026.1.yaml": "045d092e92fc6e787e9523e43d3d2aa1b390d4ec4bed38b67960d06ce426a0ca",
    "eu-5g-supplier-2027.1.yaml": "6cf16ea9afe85c547a45a8d3022dd0adaae3d081dacfe0b8cf7d4896a6bea657",
}


def test_every_shipped_template_is_pinned():
    assert sorted(p.name for p in TEMPLATES.glob("*.yaml")) == sorted(SHIPPED_RULES_HASHES)


@pytest.mark.parametrize("name", sorted(SHIPPED_RULES_HASHES))
def test_a_shipped_template_dumps_to_its_own_bytes_and_keeps_its_rules_hash(name):
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    d = parse_definition(text)

    assert dump_definition(d) == text
    assert rules_hash(d) == SHIPPED_RULES_HASHES[name]
    assert parse_definition(dump_definition(d)) == d


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SHIPPED_RULES_HASHES))
def test_a_stored_shipped_template_exports_its_own_bytes(name):
    """Read back from the database (PostgreSQL's JSONB reorders keys), the canonical form holds."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    template_version_import(text=text)

    stored = TemplateVersion.objects.get(
        template__key="eu-5g-supplier", version=name.removeprefix("eu-5g-supplier-")[:-5]
    )

    assert stored.rules_hash == SHIPPED_RULES_HASHES[name]
    assert rules_hash(stored.definition) == SHIPPED_RULES_HASHES[name]
    assert template_version_export(template_version=stored) == text


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
