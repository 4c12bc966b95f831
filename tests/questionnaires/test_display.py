"""Answers as a reader sees them: dates as users write them, units in the singular for one."""

from riskassess.questionnaires.display import display_items, display_value


def test_a_date_answer_reads_as_people_write_it():
    assert display_value({"type": "date"}, "2026-11-01") == "1 November 2026"
    assert display_value({"type": "date"}, "not a date") == "not a date"


def test_a_count_of_one_takes_the_singular_unit():
    q = {"type": "number", "unit": "findings"}
    assert display_value(q, 1) == "1 finding"
    assert display_value(q, 2) == "2 findings"
    assert display_value(q, 0) == "0 findings"
    assert display_value({"type": "number", "unit": "days"}, 1) == "1 day"


def test_the_dates_of_repeated_items_read_as_people_write_them():
    q = {"type": "repeat", "fields": [{"key": "issued", "label": "Issue date", "type": "date"}]}
    assert display_items(q, [{"issued": "2025-01-02"}]) == [[("Issue date", "2 January 2025")]]
