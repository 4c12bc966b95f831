"""manage.py import_bundle FILE: verify a bundle of another instance and store it whole, or refuse
it with the reason (and store nothing)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from riskassess.exchange.jws import BundleRefused
from riskassess.exchange.services import bundle_import


class Command(BaseCommand):
    help = "Import a signed exchange bundle (refused with its reason when tampered with or foreign-signed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            envelope = json.loads(file.read_text())
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {file}: {exc}") from exc
        try:
            bundle = bundle_import(envelope=envelope)
        except BundleRefused as exc:
            raise CommandError(f"bundle refused: {exc.reason}") from exc
        self.stdout.write(
            f"imported bundle {bundle.bundle_id} of {bundle.issuer}: {bundle.campaign_name}, "
            f"{bundle.records.count()} member-state records"
        )
