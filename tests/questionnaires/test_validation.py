import re

import pytest

from riskassess.questionnaires.validation import (
    AnswerError,
    missing_required,
    progress,
    validate_answer,
)
from tests.factories import SMALL_DEFINITION

YNU = {"key": "A4", "type": "ynu"}
YN = {"key": "A6", "type": "yn"}
YN_SCORED = {"key": "A6", "type": "yn", "scoring": {"weight": 2, "points": {"yes": 0, "no": 60}}}
CHOICE = {
    "key": "B7",
    "type": "choice",
    "choices": [
        {"value": "yes", "label": "Yes"},
        {"value": "partly", "label": "Partly"},
        {"value": "no", "label": "No"},
    ],
}
MULTI = {
    "key": "C8",
    "type": "multi",
    "choices": [
        {"value": "signed_updates", "label": "Signed updates"},
        {"value": "secure_boot", "label": "Secure boot"},
        {"value": "sbom", "label": "SBOM"},
    ],
}
NUMBER = {"key": "F3", "type": "number", "min": 0, "max": 3650, "unit": "days"}
PERCENT = {"key": "A7a", "type": "percent"}
DATE = {"key": "C4", "type": "date"}
COUNTRY = {"key": "A2", "type": "country"}
COUNTRIES = {"key": "A7", "type": "countries"}
TEXT = {"key": "A1", "type": "text", "max_length": 20}
URL = {"key": "B6a", "type": "url"}
REPEAT = {
    "key": "B1",
    "type": "repeat",
    "item_kind": "certificate",
    "max_items": 3,
    "fields": [
        {"key": "product", "label": "Product", "type": "text", "required": True},
        {"key": "expiry_date", "label": "Expiry date", "type": "date", "required": True},
        {"key": "covers_deployed", "label": "Covers deployed version", "type": "ynu", "required": False},
    ],
}


@pytest.mark.parametrize(
    ("question", "value", "expected"),
    [
        (YNU, "yes", "yes"),
        (YNU, " Unknown ", "unknown"),
        (YN, "No", "no"),
        (YN_SCORED, "unknown", "unknown"),
        (CHOICE, "partly", "partly"),
        (MULTI, ["sbom", "signed_updates", "sbom"], ["signed_updates", "sbom"]),
        (NUMBER, "14", 14),
        (NUMBER, 30.0, 30),
        (NUMBER, "12,5", 12.5),
        (PERCENT, "45%", 45),
        (PERCENT, 0, 0),
        (DATE, "2026-03-31", "2026-03-31"),
        (COUNTRY, "cn", "CN"),
        (COUNTRIES, ["CN", "vn", "CN"], ["CN", "VN"]),
        (TEXT, "  <b>Huawei</b>  ", "<b>Huawei</b>"),
        (URL, "https://psirt.example.com/policy", "https://psirt.example.com/policy"),
        (YNU, None, None),
        (TEXT, "   ", None),
        (MULTI, [], None),
        (REPEAT, [], None),
    ],
)
def test_it_normalises_valid_answers(question, value, expected):
    assert validate_answer(question, value) == expected


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        (YNU, "maybe", "Choose one of: Yes, No, Unknown."),
        (YN, "unknown", "Choose one of: Yes, No."),
        (CHOICE, "perhaps", "Choose one of: Yes, Partly, No."),
        (MULTI, ["sbom", "magic"], "Choose one of: Signed updates, Secure boot, SBOM."),
        (MULTI, "sbom", "Choose one or more options."),
        (NUMBER, True, "Enter a number."),
        (NUMBER, "twelve", "Enter a number, e.g. 12 or 12.5."),
        (NUMBER, -1, "Enter a number between 0 and 3650."),
        (NUMBER, "unknown", "Enter a number, e.g. 12 or 12.5."),
        (PERCENT, 101, "Enter a number between 0 and 100."),
        (PERCENT, float("nan"), "Enter a number."),
        (DATE, "March 2026", "Enter a date such as 31/12/2026 (day, month, year)."),
        (DATE, "2026-02-30", "2026-02-30 is not a date in the calendar. Enter a date such as 31/12/2026."),
        (DATE, "12/31/2026", "12/31/2026 is not a date in the calendar. Enter a date such as 31/12/2026."),
        (COUNTRY, "XX", "'XX' is not an ISO country code."),
        (COUNTRY, "EL", "'EL' is the EU code for Greece; the ISO country code is GR."),
        (COUNTRIES, ["FR", "ZZ"], "'ZZ' is not an ISO country code."),
        (TEXT, "x" * 21, "Enter at most 20 characters (you entered 21)."),
        (URL, "javascript:alert(1)", "Enter a web address starting with https:// or http://"),
        (URL, "ftp://example.com/x", "Enter a web address starting with https:// or http://"),
        (URL, "https://example.com/" + "a" * 500, "Enter a web address of at most 500 characters."),
    ],
)
def test_it_rejects_bad_answers_with_a_plain_message(question, value, message):
    with pytest.raises(AnswerError) as exc:
        validate_answer(question, value)
    assert exc.value.message.startswith(message)


def test_it_accepts_unknown_only_for_scored_questions():
    scored_number = {**NUMBER, "scoring": {"weight": 3, "thresholds": [{"points": 100}]}}
    assert validate_answer(scored_number, "unknown") == "unknown"
    with pytest.raises(AnswerError):
        validate_answer(NUMBER, "unknown")


def test_it_keeps_html_as_text():
    value = '<script>alert("x")</script>'
    assert validate_answer({"key": "A1", "type": "text"}, value) == value


def test_it_gives_repeat_items_a_stable_id():
    items = validate_answer(REPEAT, [{"product": "gNB 5900", "expiry_date": "2027-01-31"}])
    assert re.fullmatch(r"[0-9a-f]{32}", items[0]["id"])
    again = validate_answer(REPEAT, items)
    assert again == items
    assert validate_answer(REPEAT, [{"id": "abc123", "product": "AMF", "expiry_date": "2027-01-31"}])[0]["id"] == (
        "abc123"
    )


def test_it_drops_empty_rows_and_keeps_unknown_in_ynu_fields():
    items = validate_answer(
        REPEAT,
        [
            {"product": "", "expiry_date": ""},
            {"product": "UPF", "expiry_date": "2027-01-31", "covers_deployed": "unknown"},
        ],
    )
    assert len(items) == 1
    assert items[0]["covers_deployed"] == "unknown"


def test_it_names_the_item_and_field_in_repeat_errors():
    with pytest.raises(AnswerError) as exc:
        validate_answer(
            REPEAT,
            [{"product": "AMF", "expiry_date": "2027-01-31"}, {"product": "SMF", "expiry_date": "soon"}],
        )
    assert exc.value.message == "Certificate 2, Expiry date: Enter a date such as 31/12/2026 (day, month, year)."
    with pytest.raises(AnswerError) as exc:
        validate_answer(REPEAT, [{"expiry_date": "2027-01-31"}])
    assert exc.value.message == "Certificate 1, Product: this field is required."


def test_it_limits_the_number_of_items_and_duplicate_ids():
    row = {"product": "AMF", "expiry_date": "2027-01-31"}
    with pytest.raises(AnswerError) as exc:
        validate_answer(REPEAT, [dict(row) for _ in range(4)])
    assert exc.value.message == "Enter at most 3 items (you entered 4)."
    with pytest.raises(AnswerError) as exc:
        validate_answer(REPEAT, [{**row, "id": "a1"}, {**row, "id": "a1"}])
    assert "Certificate 2 repeats another certificate" in exc.value.message
    with pytest.raises(AnswerError):
        validate_answer(REPEAT, ["not an item"])


def test_it_lists_missing_required_visible_questions_in_order():
    assert missing_required(SMALL_DEFINITION, {}) == ["A4", "B6", "D1"]
    # A4a appears (and is required) once A4 = yes.
    assert missing_required(SMALL_DEFINITION, {"A4": "yes"}) == ["A4a", "B6", "D1"]
    assert missing_required(SMALL_DEFINITION, {"A4": "yes", "A4a": "Ministry", "B6": 10, "D1": "no"}) == []


def test_it_counts_progress_over_visible_required_questions():
    assert progress(SMALL_DEFINITION, {}) == (0, 3)
    assert progress(SMALL_DEFINITION, {"A4": "yes", "B6": 10}) == (2, 4)
    assert progress(SMALL_DEFINITION, {"A4": "no", "B6": 10, "D1": "no", "A6": "yes"}) == (3, 3)


@pytest.mark.parametrize("written", ["31/03/2026", "31.03.2026", "31-3-2026", "2026-03-31"])
def test_it_reads_dates_as_people_write_them_in_the_eu(written):
    assert validate_answer({"key": "C4", "type": "date"}, written) == "2026-03-31"
