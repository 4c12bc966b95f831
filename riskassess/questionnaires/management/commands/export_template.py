"""Write a template version back as its canonical YAML file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from riskassess.questionnaires.models import TemplateVersion
from riskassess.questionnaires.template_versions import template_version_export


class Command(BaseCommand):
    help = "Export a questionnaire template version as YAML (to standard output or a file)."

    def add_arguments(self, parser):
        parser.add_argument("key", help="template key, e.g. eu-5g-supplier")
        parser.add_argument("version", help='version, e.g. "2026.1"')
        parser.add_argument("-o", "--output", help="write to this file instead of standard output")

    def handle(self, *args, **options):
        version = (
            TemplateVersion.objects.select_related("template")
            .filter(template__key=options["key"], version=options["version"])
            .first()
        )
        if version is None:
            raise CommandError(f"No version {options['version']} of the template '{options['key']}'.")
        text = template_version_export(template_version=version)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {options['output']}.")
        else:
            self.stdout.write(text, ending="")
