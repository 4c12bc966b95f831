"""The rule itself (riskassess.confidentiality): the template's confidentiality block and its
default, what a score looks like without a confidential designation, and who sees per-state cells."""

import copy
from pathlib import Path

import pytest

from riskassess.confidentiality import (
    DEFAULT_CONFIDENTIALITY,
    EU_AUDIENCE,
    answers_say_confidential,
    confidentiality_spec,
    designation_keys,
    may_see_state_cells,
    shown_band_and_triggers,
    viewer_for_user,
    withheld_trigger_ids,
)
from riskassess.questionnaires.definition import TemplateError, dump_definition, parse_definition
from riskassess.register.section_d import section_d_changes
from tests.factories import SMALL_DEFINITION

TEMPLATE = Path(__file__).resolve().parents[2] / "riskassess/questionnaires/templates_yaml/eu-5g-supplier-2026.1.yaml"


@pytest.fixture(scope="module")
def shipped():
    return parse_definition(TEMPLATE.read_text(encoding="utf-8"))


def test_it_reads_the_block_of_the_shipped_template(shipped):
    assert shipped["confidentiality"]["confidential_when"] == {"question": "D1c", "equals": "yes"}
    assert confidentiality_spec(shipped)["register"]["legal_instrument"] == "D1a"
    assert {"D1", "D1a", "D1c", "D2", "D3"} <= designation_keys(shipped)
    assert not any(k.startswith("A") for k in designation_keys(shipped))
    assert parse_definition(dump_definition(shipped)) == shipped  # the block survives export and import


def test_it_gives_versions_stored_without_the_block_todays_behaviour():
    assert "confidentiality" not in SMALL_DEFINITION
    assert confidentiality_spec(SMALL_DEFINITION) == DEFAULT_CONFIDENTIALITY
    assert answers_say_confidential(SMALL_DEFINITION, {"D1": "yes", "D1c": "yes"})
    assert not answers_say_confidential(SMALL_DEFINITION, {"D1": "yes", "D1c": "no"})


def test_it_decides_by_key_not_by_wording(shipped):
    reworded = copy.deepcopy(shipped)
    for section in reworded["sections"]:
        for q in section["questions"]:
            if q["key"] == "D1c":
                q["text"] = "Is this decision published?"  # the old code read "public" as the opposite
    answers = {"D1": "yes", "D1a": "Decree 7", "D1b": "2025-01-01", "D1c": "yes", "D2": ["core_nf"]}
    details = section_d_changes(definition=reworded, answers=answers, current=None)
    assert details["confidential"] is True and details["instrument"] == "Decree 7"
    assert details["scopes"] == [{"asset_class": "core_nf", "technology": ""}]


def test_it_refuses_a_block_that_names_what_the_template_does_not_have():
    text = TEMPLATE.read_text(encoding="utf-8")
    for old, new, message in [
        ("designation_section: D\n", "designation_section: Z\n", "designation_section 'Z' is not a section"),
        ("{question: D1c, equals: 'yes'}", "{question: A4, equals: 'yes'}", "question 'A4' is not in section D"),
        ("{question: D1c, equals: 'yes'}", "{question: D1c, equals: 'secret'}", "'secret' is not an answer of D1c"),
        ("    legal_instrument: D1a\n", "    legal_instrument: D9\n", "legal_instrument: question 'D9'"),
    ]:
        assert old in text
        with pytest.raises(TemplateError) as e:
            parse_definition(text.replace(old, new, 1))
        assert any(message in err for err in e.value.errors), e.value.errors


def test_it_never_signals_a_hidden_trigger_through_the_band(shipped):
    """A score of 10 raised to "designated" by T1 and to "high" by a trigger on a designation
    question: without them it is Low with no trigger, not "High, 0 triggers fired"."""
    hidden = withheld_trigger_ids(shipped)
    assert "T1" in hidden
    on_designation = next(t for t in shipped["scoring"]["triggers"] if t["id"] in hidden and t["id"] != "T1")
    fired = [
        {"id": "T1", "label": "Designated", "min_band": "designated"},
        {"id": on_designation["id"], "label": on_designation["label"], "min_band": on_designation["min_band"]},
    ]
    band, triggers = shown_band_and_triggers(
        band="designated", overall=10.0, triggers=fired, definition=shipped, withheld=True
    )
    assert (band, triggers) == ("low", [])
    other = {"id": "T2", "label": "Controlled", "min_band": "high"}
    band, triggers = shown_band_and_triggers(
        band="designated", overall=10.0, triggers=[*fired, other], definition=shipped, withheld=True
    )
    assert (band, [t["id"] for t in triggers]) == ("high", ["T2"])
    assert shown_band_and_triggers(band="designated", overall=10.0, triggers=fired, definition=shipped, withheld=False)[
        0
    ] == ("designated")


def test_only_coordinators_see_per_state_cells(eu_coordinator, observer, fr_regulator):
    assert may_see_state_cells(viewer_for_user(eu_coordinator))
    assert not may_see_state_cells(viewer_for_user(observer))
    assert not may_see_state_cells(viewer_for_user(fr_regulator))
    assert not may_see_state_cells(EU_AUDIENCE)
    assert viewer_for_user(fr_regulator).member_state_id == fr_regulator.member_state_id
