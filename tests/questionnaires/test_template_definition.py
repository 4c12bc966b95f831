import copy
from pathlib import Path

import pytest
import yaml

from riskassess.questionnaires.definition import iter_questions, questions_by_key
from riskassess.questionnaires.template_format.checker import TemplateError
from riskassess.questionnaires.template_format.dump import dump_definition
from riskassess.questionnaires.template_format.parser import parse_definition
from riskassess.questionnaires.template_format.rules import rules_hash
from tests.factories import SMALL_DEFINITION

SHIPPED = Path(__file__).resolve().parents[2] / "riskassess/questionnaires/templates_yaml/eu-5g-supplier-2026.1.yaml"


def small() -> dict:
    return copy.deepcopy(SMALL_DEFINITION)


def errors_of(definition: dict) -> list[str]:
    with pytest.raises(TemplateError) as exc:
        parse_definition(yaml.safe_dump(definition, sort_keys=False))
    return exc.value.errors


def question(definition: dict, key: str) -> dict:
    for section in definition["sections"]:
        for q in section["questions"]:
            if q["key"] == key:
                return q
    raise KeyError(key)


def test_it_parses_the_shipped_template():
    definition = parse_definition(SHIPPED.read_text(encoding="utf-8"))
    keys = [q["key"] for q in iter_questions(definition)]
    assert [s["key"] for s in definition["sections"]] == ["A", "B", "C", "D", "E", "F"]
    assert {"A1", "A10", "B1", "B6a", "B7", "C1", "C8", "D1", "D8", "E1", "E8", "F1", "F9"} <= set(keys)
    assert 50 <= len(keys) <= 80
    by_key = questions_by_key(definition)
    assert by_key["A4"]["scoring"] == {"weight": 5, "points": {"yes": 100, "unknown": 70, "no": 0}}
    assert by_key["A6"]["scoring"] == {"weight": 2, "points": {"no": 60, "yes": 0}}
    assert by_key["F3"]["scoring"]["thresholds"] == [
        {"max": 14, "points": 0},
        {"max": 30, "points": 30},
        {"max": 90, "points": 60},
        {"points": 100},
    ]
    assert {s["key"]: s["weight"] for s in definition["sections"]} == {
        "A": 30,
        "B": 15,
        "C": 15,
        "D": 0,
        "E": 20,
        "F": 20,
    }
    assert [t["id"] for t in definition["scoring"]["triggers"]] == ["T1", "T2", "T3", "T4", "T5"]
    schemes = [c["value"] for f in by_key["B1"]["fields"] if f["key"] == "scheme" for c in f["choices"]]
    assert schemes == ["eucc", "cc", "nesas_audit", "nesas_evaluation", "nesas_ccs_gi", "bsz", "national"]
    assert by_key["B6a"]["condition"] == {"question": "B6", "equals": "yes"}
    assert by_key["D5"]["item_kind"] == "decision"
    assert by_key["C1"]["item_kind"] == "test_report"


def test_it_ships_the_template_in_canonical_form():
    text = SHIPPED.read_text(encoding="utf-8")
    assert dump_definition(parse_definition(text)) == text


def test_it_round_trips_a_definition():
    definition = parse_definition(dump_definition(small()))
    text = dump_definition(definition)
    assert parse_definition(text) == definition
    assert dump_definition(parse_definition(text)) == text
    assert rules_hash(definition) == rules_hash(SMALL_DEFINITION)


def test_it_fills_in_defaults():
    d = small()
    q = question(d, "A6")
    for k in ("help", "source", "required", "evidence"):
        del q[k]
    del d["scoring"]["flags"]
    parsed = parse_definition(dump_definition(d))
    q = question(parsed, "A6")
    assert (q["help"], q["source"], q["required"], q["evidence"]) == ("", "", False, False)
    assert parsed["scoring"]["flags"] == []


def test_it_keeps_the_hash_when_only_wording_changes():
    d = small()
    question(d, "A4")["text"] = "Reworded"
    assert rules_hash(d) == rules_hash(SMALL_DEFINITION)
    question(d, "A4")["scoring"]["weight"] = 4
    assert rules_hash(d) != rules_hash(SMALL_DEFINITION)


def test_it_rejects_invalid_yaml():
    with pytest.raises(TemplateError) as exc:
        parse_definition("format: [unclosed\n")
    assert "not valid YAML" in exc.value.errors[0]
    with pytest.raises(TemplateError):
        parse_definition("just text")


def test_it_rejects_a_wrong_format_line_and_unquoted_version():
    d = small()
    d["format"] = "riskassess-template/2"
    d["version"] = 2026.1
    errors = errors_of(d)
    assert any("format must be 'riskassess-template/1'" in e for e in errors)
    assert any("version must be text in quotes" in e for e in errors)


def test_it_rejects_unknown_keys():
    d = small()
    question(d, "A4")["wieght"] = 3
    assert any(e.startswith("question A4: unknown key 'wieght'") for e in errors_of(d))


def test_it_rejects_bad_section_keys():
    d = small()
    d["sections"][1]["key"] = "A"
    d["sections"][2]["key"] = "dd"
    errors = errors_of(d)
    assert "section A: this section key is used twice" in errors
    assert any(e.startswith("section dd: key must be one capital letter") for e in errors)


def test_it_rejects_duplicate_and_malformed_question_keys():
    d = small()
    question(d, "A6")["key"] = "A4"
    question(d, "B6")["key"] = "B-6"
    errors = errors_of(d)
    assert "question A4: this question key is used twice" in errors
    assert any(e.startswith("question B-6: key must look like") for e in errors)


def test_it_rejects_unknown_types_in_questions_and_fields():
    d = small()
    question(d, "A6")["type"] = "boolean"
    question(d, "B1")["fields"][2]["type"] = "dat"
    errors = errors_of(d)
    assert any(e.startswith("question A6: unknown type 'boolean'") for e in errors)
    assert any(e.startswith("question B1, field expiry_date: unknown type 'dat'") for e in errors)


def test_it_rejects_missing_and_duplicate_choices():
    d = small()
    del question(d, "D1")["choices"]
    assert "question D1: type 'choice' needs choices" in errors_of(d)
    d = small()
    question(d, "D1")["choices"].append({"value": "no", "label": "No again"})
    assert "question D1: choice value 'no' is listed twice" in errors_of(d)


def test_it_rejects_an_unknown_item_kind_and_missing_certificate_fields():
    d = small()
    question(d, "B1")["item_kind"] = "certificat"
    assert any(e.startswith("question B1: unknown item_kind 'certificat'") for e in errors_of(d))
    d = small()
    question(d, "B1")["fields"] = [f for f in question(d, "B1")["fields"] if f["key"] != "status"]
    assert "question B1: item_kind 'certificate' needs a field 'status'" in errors_of(d)


def test_it_rejects_conditions_on_later_or_unknown_questions_and_unknown_operators():
    d = small()
    question(d, "A4a")["condition"] = {"question": "B6", "greater_than": 3}
    assert "question A4a, condition: refers to 'B6', which is not a question earlier in the template" in errors_of(d)
    d = small()
    question(d, "A4a")["condition"] = {"question": "A4", "is": "yes"}
    assert any(e.startswith("question A4a, condition: unknown operator is") for e in errors_of(d))
    d = small()
    question(d, "A4a")["condition"] = {"question": "A4", "equals": "maybe"}
    assert any(e.startswith("question A4a, condition: 'maybe' is not an answer of A4") for e in errors_of(d))


def test_it_rejects_bad_question_scoring():
    d = small()
    question(d, "A4")["scoring"]["weight"] = 7
    question(d, "A6")["scoring"]["points"] = {"yes": 0}
    question(d, "B6")["scoring"]["thresholds"] = [{"max": 30, "points": 0}, {"max": 14, "points": 30}]
    question(d, "A4a")["scoring"] = {"weight": 1, "points": {"x": 1}}
    errors = errors_of(d)
    assert "question A4, scoring: weight must be a whole number from 1 to 5, found 7" in errors
    assert "question A6, scoring: points are missing for no" in errors
    assert "question B6, scoring: thresholds must rise: max 14 comes after max 30" in errors
    assert any(e.startswith("question B6, scoring: the last of thresholds must be a catch-all") for e in errors)
    assert "question A4a, scoring: questions of type 'text' cannot be scored" in errors


def test_it_rejects_points_out_of_range():
    d = small()
    question(d, "A4")["scoring"]["points"]["yes"] = 150
    assert any(
        e.startswith("question A4, scoring: points of 'yes' must be a number of points from 0 to 100")
        for e in errors_of(d)
    )


def test_it_rejects_section_weights_that_add_up_to_zero():
    d = small()
    for s in d["sections"]:
        s["weight"] = 0
    assert "template: the section weights add up to 0; at least one section needs a weight above 0" in errors_of(d)
    d = small()
    d["sections"][0]["weight"] = -5
    assert any(e.startswith("section A: weight must be a number of 0 or more") for e in errors_of(d))


def test_it_rejects_bad_bands_and_triggers():
    d = small()
    d["scoring"]["bands"][0]["min"] = 5
    d["scoring"]["bands"][2]["min"] = 20
    d["scoring"]["triggers"][0]["min_band"] = "severe"
    d["scoring"]["triggers"].append({"id": "T1", "label": "Again", "when": {"question": "Z9", "equals": "yes"}})
    errors = errors_of(d)
    assert "scoring, band low: the first band must start at min 0" in errors
    assert "scoring, band elevated: bands must rise: min 20 comes after min 25" in errors
    assert any(e.startswith("scoring, trigger T1: min_band 'severe' is not a band") for e in errors)
    assert "scoring, trigger T1: the id T1 is used twice" in errors
    assert "scoring, trigger T1: 'min_band' is missing" in errors
    assert "scoring, trigger T1, when: refers to 'Z9', which is not a question of the template" in errors


def test_it_rejects_no_valid_evidence_that_names_the_wrong_question():
    d = small()
    d["scoring"]["triggers"].append(
        {
            "id": "T5",
            "label": "No evidence",
            "when": {"no_valid_evidence": {"certificates": "A4", "asset_classes": ["core_nf"]}},
            "min_band": "elevated",
        }
    )
    assert any(
        e.startswith("scoring, trigger T5, when: certificates must name a repeat question with item_kind 'certificate'")
        for e in errors_of(d)
    )


def test_it_collects_every_error_at_once():
    d = small()
    question(d, "A6")["type"] = "boolean"
    question(d, "B6")["scoring"]["weight"] = 0
    d["scoring"]["bands"][0]["min"] = 5
    assert len(errors_of(d)) >= 3


def _shuffled(value, rng):
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng) for k, v in items}
    if isinstance(value, list):
        return [_shuffled(v, rng) for v in value]
    return value


def test_it_dumps_the_same_bytes_whatever_the_key_order():
    # JSON columns (PostgreSQL jsonb) do not keep the key order of the stored definition.
    import random

    text = SHIPPED.read_text(encoding="utf-8")
    definition = parse_definition(text)
    for seed in range(3):
        assert dump_definition(_shuffled(definition, random.Random(seed))) == text  # noqa: S311
