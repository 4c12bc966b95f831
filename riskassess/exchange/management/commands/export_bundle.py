"""manage.py export_bundle CAMPAIGN [-o FILE]: the signed exchange bundle of a campaign (slug or id)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from riskassess.exchange.services import bundle_export
from riskassess.questionnaires.models import Campaign


class Command(BaseCommand):
    help = "Write the signed exchange bundle of a campaign (EU aggregates, the records of states that opted in)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("campaign", help="campaign slug or id")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")

    def handle(self, *args: Any, campaign: str, output: Path | None, **options: Any) -> None:
        found = Campaign.objects.filter(slug=campaign).first()
        if found is None and campaign.isdigit():
            found = Campaign.objects.filter(pk=int(campaign)).first()
        if found is None:
            raise CommandError(f"no campaign {campaign!r}")
        text = json.dumps(bundle_export(campaign=found), indent=2) + "\n"
        if output:
            output.write_text(text)
            self.stderr.write(f"bundle of {found.name} written to {output}")
        else:
            self.stdout.write(text, ending="")
