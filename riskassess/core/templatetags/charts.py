"""`{% load charts %}`: the SVG charts of riskassess.core.charts in templates.

The chart functions escape every text they are given, so their output is marked safe here (and only
here): `{% section_bars_svg sections %}`, `{% band_distribution_svg counts %}`, ...
"""

import base64
import re

from django import template
from django.utils.safestring import mark_safe

from riskassess.core import charts

register = template.Library()


@register.simple_tag
def band_distribution_svg(counts, bands=None, width=560, title=None, desc=None):
    return mark_safe(charts.band_distribution(counts or {}, bands=bands, width=width, title=title, desc=desc))  # noqa: S308 - escaped by charts


@register.simple_tag
def section_bars_svg(sections, width=560, title=None, desc=None):
    return mark_safe(charts.section_bars(list(sections or []), width=width, title=title, desc=desc))  # noqa: S308


@register.simple_tag
def heatmap_svg(rows, cols, cells, title=None, desc=None, cell_width=34, cell_height=16):
    return mark_safe(  # noqa: S308
        charts.heatmap(
            list(rows),
            list(cols),
            dict(cells),
            title=title,
            desc=desc,
            cell_width=cell_width,
            cell_height=cell_height,
        )
    )


@register.simple_tag
def trend_svg(series, width=560, height=240, title=None, desc=None):
    return mark_safe(charts.trend(dict(series or {}), width=width, height=height, title=title, desc=desc))  # noqa: S308


@register.simple_tag
def box_summary_svg(stats, width=560, title=None, desc=None):
    """`stats`: a mapping with min, q1, median, q3, max (missing keys: "no scores")."""
    stats = stats or {}
    return mark_safe(  # noqa: S308
        charts.box_summary(
            stats.get("min"),
            stats.get("q1"),
            stats.get("median"),
            stats.get("q3"),
            stats.get("max"),
            width=width,
            title=title,
            desc=desc,
        )
    )


@register.simple_tag
def band_legend_svg(bands=None):
    return mark_safe(charts.band_legend(bands))  # noqa: S308


@register.filter
def band_abbr(band_key) -> str:
    return charts.BAND_ABBREVIATIONS.get(str(band_key), "?")


@register.filter
def band_of(score) -> str:
    """Score band key of a number 0..100 (no triggers)."""
    try:
        return charts.band_for_score(None if score is None or score == "" else float(score))
    except (TypeError, ValueError):
        return "none"


_DESC = re.compile(r"<desc[^>]*>(.*?)</desc>", re.S)


@register.filter
def svg_img(svg) -> str:
    """A chart as `<img src="data:image/svg+xml;base64,…" alt="…">`. For the PDFs: WeasyPrint
    draws an SVG image without running the HTML cascade over each of its nodes, which matters for
    the EU heatmap's thousands of cells. The alt text is the chart's <desc> (already escaped)."""
    svg = str(svg)
    match = _DESC.search(svg)
    alt = match.group(1) if match else ""
    data = base64.b64encode(svg.encode()).decode()
    return mark_safe(f'<img class="chart-img" src="data:image/svg+xml;base64,{data}" alt="{alt}">')  # noqa: S308
