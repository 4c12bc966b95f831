"""The data of the "Toolbox implementation" PDF (a report kind of riskassess.reports, rendered by the
pdf worker from templates/networks/pdf/toolbox.html): the states x measures matrix, the counts per
measure, and the share of high-risk suppliers in radio access and core per state with the same SVG
charts as the pages. EU audience only: the confidentiality rules of the selectors apply."""

from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _g

from riskassess.networks.models import ReviewState, ToolboxMeasureStatus, ToolboxStatus
from riskassess.networks.selectors import EU_PARTS, MIN_STATES, toolbox_matrix
from riskassess.networks.toolbox import GROUPS, MEASURES
from riskassess.networks.views import eu_phaseout_context


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
