"""Check every translation file of the shipped templates against its template (docs/translations.md):
every path translated or marked missing, no unknown path, placeholders equal, nothing stale."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from riskassess.questionnaires.template_format.checker import TemplateError
from riskassess.questionnaires.template_format.parser import parse_definition
from riskassess.questionnaires.template_format.translations import parse_translation
from riskassess.questionnaires.template_translations import TEMPLATES_DIR, translation_files


class Command(BaseCommand):
    help = "Validate the translation files of the shipped templates."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(TEMPLATES_DIR), help="the folder of the template files")

    def handle(self, *args, **options):
        languages = [code for code, _name in settings.LANGUAGES]
        problems: list[str] = []
        checked = 0
        for template_file in sorted(Path(options["dir"]).glob("*.yaml")):
            definition = parse_definition(template_file.read_text(encoding="utf-8"))
            for path in translation_files(template_file):
                name = f"{path.parent.name}/{path.name}"
                try:
                    translation = parse_translation(path.read_text(encoding="utf-8"), definition, languages=languages)
                except TemplateError as e:
                    problems += [f"{name}: {message}" for message in e.errors]
                    continue
                checked += 1
                if translation.language != path.stem:
                    problems.append(f"{name}: the file is named after '{path.stem}' but is in '{translation.language}'")
                    continue
                self.stdout.write(
                    f"{name}: {len(translation.texts)} translated, {len(translation.missing)} missing, "
                    f"{translation.review_status}"
                )
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the translation files.")
        self.stdout.write(f"{checked} translation files valid.")
