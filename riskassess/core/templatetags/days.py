"""`{% load days %}{{ day|short_date }}`: a date in the language's short format, as `|date:"SHORT_DATE_FORMAT"`.

Written once per (date, language) and process: a table of hundreds of rows shares a few dozen
dates (quarters, deadlines), and formatting each cell again was most of such a page's time."""

import datetime as dt
from functools import lru_cache

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.formats import date_format
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=8192)
def _short(day: dt.date, language: str) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@register.filter
def short_date(value, empty: str = "—") -> str:
    if value in (None, ""):
        return empty
    if isinstance(value, dt.datetime):  # a moment: its time zone matters, nothing to share
        return date_filter(value, "SHORT_DATE_FORMAT")
    return _short(value, get_language() or "")
