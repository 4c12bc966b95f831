"""manage.py verify_report FILE: is this a sealed report of this instance, unchanged?"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from riskassess.archive.verification import verify_pdf


class Command(BaseCommand):
    help = "Check a sealed report PDF: seal, stored hash, embedded data. Exits 1 when a check fails."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        verdict = verify_pdf(content)
        for check in verdict.checks:
            mark = "ok  " if check.ok else "FAIL"
            self.stdout.write(f"{mark} {check.message}")
        if not verdict.ok:
            raise CommandError("the report does not verify: " + "; ".join(c.message for c in verdict.failures))
        self.stdout.write(self.style.SUCCESS("The report verifies."))
