"""The data of the "record of the procedure" PDF (a report kind of riskassess.reports, rendered by
the pdf worker from templates/hearings/pdf/record.html): who opened the hearing, when, on which
grounds, what was disclosed and withheld, every answer and extension, and the reasoned decision
with the answers it cites. Made for the hearing authority only."""

from typing import Any

from django.utils.translation import gettext as _g

from riskassess.hearings.models import Hearing
from riskassess.hearings.selectors import procedure_steps


def record_context(report: Any) -> dict[str, Any]:
    hearing = Hearing.objects.select_related("supplier", "member_state", "opened_by", "decided_by").get(
        pk=report.hearing_id
    )
    answers = list(hearing.answers.select_related("author"))
    extensions = list(hearing.extensions.select_related("granted_by"))
    cited = set(hearing.cited_answers.values_list("pk", flat=True))
    return {
        "title": _g("Record of the procedure: hearing of %(supplier)s") % {"supplier": hearing.supplier.name},
        "subtitle": hearing.subject,
        "hearing": hearing,
        "documents": list(hearing.documents.all()),
        "answers": [{"n": i, "a": a, "cited": a.pk in cited} for i, a in enumerate(answers, start=1)],
        "extensions": extensions,
        # The deadline as opened: before the first extension moved it.
        "first_deadline": extensions[0].previous_deadline if extensions else hearing.deadline,
        "steps": procedure_steps(hearing),
        "data_cutoff": hearing.updated_at,
        "rules_version": _g("not applicable"),
        "questionnaire_version": _g("not applicable"),
    }
