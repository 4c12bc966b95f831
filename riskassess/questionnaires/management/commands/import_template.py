"""Import a questionnaire template file (docs/questionnaire-format.md) as a template version, with
the translation files beside it (`<file without .yaml>/<language>.yaml`, docs/translations.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires.template_translations import translation_files
from riskassess.questionnaires.template_versions import template_version_import


class Command(BaseCommand):
    help = "Validate a questionnaire template YAML file and store it as a template version."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the template file (YAML)")
        parser.add_argument("--publish", action="store_true", help="publish the version (it becomes immutable)")
        parser.add_argument(
            "--no-translations", action="store_true", help="do not import the translation files beside the file"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise CommandError(f"Cannot read {path}: {e}") from None
        files = [] if options["no_translations"] else translation_files(path)
        try:
            translations = [p.read_text(encoding="utf-8") for p in files]
        except (OSError, UnicodeDecodeError) as e:
            raise CommandError(f"Cannot read a translation file: {e}") from None
        try:
            version = template_version_import(text=text, publish=options["publish"], translations=translations or None)
        except ApplicationError as e:
            for message in e.errors.get("template", []) + e.errors.get("translation", []):
                self.stderr.write(f"  {message}")
            raise CommandError(e.message) from None
        state = "published" if version.is_published else "draft"
        self.stdout.write(
            f"Template {version.template.key} version {version.version} ({state}), rule set {version.rules_version}"
            f", {len(translations)} translation{'s' if len(translations) != 1 else ''}."
        )
