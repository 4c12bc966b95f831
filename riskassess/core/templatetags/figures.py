"""`{% load figures %}{{ value|score }}`: a score written as everywhere else (core/figures.py)."""

from django import template

from riskassess.core.figures import score_text

register = template.Library()


@register.filter
def score(value, empty: str = "–") -> str:
    return score_text(value, empty)
