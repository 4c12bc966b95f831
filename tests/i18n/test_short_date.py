"""`|short_date` writes a date exactly as `|date:"SHORT_DATE_FORMAT"` does, in each language,
although it formats each (date, language) once per process."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

DAYS = [dt.date(2029, 2, 4), dt.date(2030, 12, 31)]


@pytest.mark.parametrize("language", ["en", "de", "fr", "fi", "bg", "mt", "ga", "hu", "lt"])
def test_it_writes_dates_as_the_date_filter(language):
    ours = Template("{% load days %}{% for d in days %}{{ d|short_date }};{% endfor %}{{ none|short_date }}")
    django = Template('{% for d in days %}{{ d|date:"SHORT_DATE_FORMAT" }};{% endfor %}{{ none|default:"—" }}')
    with translation.override(language):
        for _ in range(2):  # the second time from the memo
            assert ours.render(Context({"days": DAYS, "none": None})) == django.render(
                Context({"days": DAYS, "none": None})
            )


def test_the_same_date_differs_between_languages():
    template = Template("{% load days %}{{ d|short_date }}")
    written = set()
    for language in ("en", "de", "hu"):
        with translation.override(language):
            written.add(template.render(Context({"d": DAYS[0]})))
    assert len(written) == 3
