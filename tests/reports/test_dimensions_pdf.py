"""The assessment PDF of a score of the dimensions model shows the dimensions, the legal status
beside the level, the triggers with their basis, what is to be clarified and the approval record."""

import io

from pypdf import PdfReader

from riskassess.reports.models import Report
from riskassess.reports.services import report_render, report_request
from tests.factories import AssessmentFactory, CampaignFactory
from tests.reports.builders import submit_and_score
from tests.scoring import cases


def test_the_assessment_pdf_shows_the_dimensions_model(dimensions_template_version, france, supplier, fr_regulator):
    campaign = CampaignFactory(name="2027 annual", template_version=dimensions_template_version)
    assessment = AssessmentFactory(campaign=campaign, member_state=france, supplier=supplier)
    answers = cases.eu_with_unknowns("2027.1") | {
        "D1": "restricted",
        "D1a": "Law",
        "D1b": "2025-01-01",
        "D1c": "no",
        "D1d": ["g5"],
    }
    submit_and_score(assessment, answers=answers, user=fr_regulator)

    report = report_request(kind=Report.Kind.ASSESSMENT, user=fr_regulator, assessment=assessment)
    done = report_render(report_id=report.pk, task_id="t-dims")

    assert done.status == Report.Status.DONE, done.error
    with done.file.open("rb") as f:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(f.read())).pages)
    text = " ".join(text.split())
    for expected in (
        "Risk profile",
        "Technical assurance gap",
        "Exposure of the member state",
        "Significant concern",
        "Restricted without designation (5G)",
        "Overall rule OR1",
        "Toolbox TM09 and TM02",
        "To be clarified",
        "answered unknown",
        "Validated with the NIS Cooperation Group",
        # the rationale and source of the rules that contributed: a trigger, the overall rule, a question
        "Core and MANO functions without any independent evidence",
        "(source: Toolbox TM02, TM09)",
        "Advocate General's opinion in C-354/24",
        "Effect: Technical assurance gap at least Significant concern",
    ):
        assert expected in text, expected
