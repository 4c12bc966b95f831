"""Import a questionnaire template file (docs/questionnaire-format.md) as a template version."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires.template_versions import template_version_import


class Command(BaseCommand):
    help = "Validate a questionnaire template YAML file and store it as a template version."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the template file (YAML)")
        parser.add_argument("--publish", action="store_true", help="publish the version (it becomes immutable)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise CommandError(f"Cannot read {path}: {e}") from None
        try:
            version = template_version_import(text=text, publish=options["publish"])
        except ApplicationError as e:
            for message in e.errors.get("template", []):
                self.stderr.write(f"  {message}")
            raise CommandError(e.message) from None
        state = "published" if version.is_published else "draft"
        self.stdout.write(
            f"Template {version.template.key} version {version.version} ({state}), rule set {version.rules_version}."
        )
