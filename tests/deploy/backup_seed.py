"""Run by `manage.py shell` in the backup-restore test: a scored assessment, its report made and
sealed (synchronously); prints the sealed file's path."""

from pathlib import Path

from django.conf import settings

from riskassess.archive.services import report_seal
from riskassess.reports.models import Report
from riskassess.reports.services import report_render
from tests.factories import AssessmentFactory, MemberStateFactory, UserFactory
from tests.reports.builders import submit_and_score

france = MemberStateFactory(iso_code="FR", eu_code="FR", name="France", authority_name="ANSSI")
assessment = AssessmentFactory(member_state=france)
score = submit_and_score(assessment, user=UserFactory(role="regulator", member_state=france))
report = Report.objects.create(
    kind="assessment",
    audience="FR",
    fingerprint="backup-restore",
    assessment=assessment,
    score=score,
    member_state=france,
    supplier=assessment.supplier,
    campaign=assessment.campaign,
)
report_render(report_id=report.pk, task_id="backup-restore")
sealed = report_seal(report_id=report.pk)
print(Path(settings.MEDIA_ROOT) / sealed.file.name)
