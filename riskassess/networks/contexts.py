"""The data of the "Toolbox implementation" PDF (a report kind of riskassess.reports, rendered by the
pdf worker from templates/networks/pdf/toolbox.html): the states x measures matrix, the counts per
measure, and the share of high-risk suppliers in radio access and core per state with the same SVG
charts as the pages. EU audience only: the confidentiality rules of the selectors apply.

`eu_phaseout_context` is the EU phase-out view's data with its charts, shared by the page, its
exports and this PDF."""

import datetime as dt
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _g

from riskassess.networks import charts, selectors
from riskassess.networks import parts as netparts
from riskassess.networks.models import ReviewState, ToolboxMeasureStatus, ToolboxStatus
from riskassess.networks.selectors import EU_PARTS, MIN_STATES, toolbox_matrix
from riskassess.networks.toolbox import GROUPS, MEASURES


def eu_phaseout_context(*, on: dt.date) -> dict[str, Any]:
    """The EU phase-out view's data and charts (the page and the exports)."""
    data = selectors.eu_phaseout(on=on)
    ran, core = selectors.EU_PARTS
    bars = [(r["eu_code"], r["parts"][ran]["latest"], r["parts"][core]["latest"]) for r in data["rows"]]
    labels = (str(netparts.MAIN_PARTS[ran]), str(netparts.MAIN_PARTS[core]))
    data["bars_svg"] = mark_safe(  # noqa: S308 - our own escaped SVG
        charts.share_bars(
            bars, labels=labels, title=_g("Share of high-risk suppliers in radio access and core, latest")
        )
    )
    eu_series = {
        labels[0]: [(d, v) for d, v, _n in data["eu"][ran]],
        labels[1]: [(d, v) for d, v, _n in data["eu"][core]],
    }
    data["trend_svg"] = mark_safe(  # noqa: S308 - our own escaped SVG
        charts.phaseout_chart(eu_series, deadline=None, title=_g("EU mean share of high-risk suppliers over time"))
    )
    data["labels"] = labels
    return data


def toolbox_context(report: Any) -> dict[str, Any]:
    matrix = toolbox_matrix()
    labels = dict(ToolboxStatus.choices)
    counts = [
        {
            "code": code,
            "title": MEASURES[code],
            "counts": [matrix["counts"][code].get(value, 0) for value in ToolboxStatus.values],
        }
        for code in matrix["measures"]
    ]
    cutoff = ToolboxMeasureStatus.objects.filter(review=ReviewState.APPROVED).aggregate(at=Max("reviewed_at"))["at"]
    phaseout = eu_phaseout_context(on=timezone.localdate())
    return {
        "title": _g("EU 5G Toolbox implementation"),
        "subtitle": _g(
            "Member states' implementation of the Toolbox measures, and high-risk suppliers in their networks"
        ),
        "matrix": matrix,
        "measure_heads": [(code, MEASURES[code]) for code in matrix["measures"]],
        "groups": GROUPS,
        "status_labels": [labels[v] for v in ToolboxStatus.values],
        "counts": counts,
        "phaseout": phaseout,
        "ran": EU_PARTS[0],
        "core": EU_PARTS[1],
        "min_states": MIN_STATES,
        "data_cutoff": cutoff,
        "rules_version": _g("not applicable"),
        "questionnaire_version": _g("not applicable"),
    }
