"""manage.py seal_reports: seal every done report that has no sealed copy yet (reports made before
the archive existed, or whose sealing failed, e.g. while the seal key was missing)."""

from typing import Any

from django.core.management.base import BaseCommand

from riskassess.archive.models import SealedReport
from riskassess.archive.services import report_seal
from riskassess.reports.models import Report


class Command(BaseCommand):
    help = "Seal the done reports that have no sealed copy yet."

    def handle(self, *args: Any, **options: Any) -> None:
        sealed = SealedReport.objects.filter(status=SealedReport.Status.DONE).values("report_id")
        pending = list(
            Report.objects.filter(status=Report.Status.DONE).exclude(pk__in=sealed).values_list("pk", flat=True)
        )
        failed = 0
        for report_id in pending:
            try:
                report_seal(report_id=report_id)
            except Exception as exc:  # noqa: BLE001 - go on with the others, say which failed
                failed += 1
                self.stderr.write(f"report #{report_id}: {exc}")
        self.stdout.write(f"sealed {len(pending) - failed} of {len(pending)} reports without a sealed copy")
