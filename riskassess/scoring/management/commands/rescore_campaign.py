"""Re-score the latest revision of every assessment of a campaign, now, in bulk."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from riskassess.questionnaires.models import Campaign
from riskassess.scoring.services import campaign_rescore


class Command(BaseCommand):
    help = "Re-score every assessment of the campaign SLUG (with its own rules, or those of --rules FILE)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--rules", help="a template YAML file whose scoring rules to apply instead")

    def handle(self, *args, slug, rules=None, **options):
        try:
            campaign = Campaign.objects.select_related("template_version").get(slug=slug)
        except Campaign.DoesNotExist as exc:
            raise CommandError(f"No campaign with the slug {slug!r}.") from exc
        definition = None
        if rules:
            from riskassess.questionnaires.template_format.checker import TemplateError
            from riskassess.questionnaires.template_format.parser import parse_definition

            try:
                definition = parse_definition(Path(rules).read_text(encoding="utf-8"))
            except (OSError, TemplateError) as exc:
                raise CommandError(f"{rules}: {exc}") from exc
        count = campaign_rescore(campaign=campaign, rules_definition=definition)
        noun = "assessment" if count == 1 else "assessments"
        self.stdout.write(self.style.SUCCESS(f"Re-scored {count} {noun} of {campaign}."))
