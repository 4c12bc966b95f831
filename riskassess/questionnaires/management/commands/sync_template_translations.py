"""Keep the translation files of the shipped templates in step with their English
(docs/translations.md): every path of a template's wording added as missing where a file lacks it
(and a file written for a language that has none), paths no longer in the template removed, and the
entries whose English changed reported as stale (a translator checks them and records the new English)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from riskassess.questionnaires.template_format import translations
from riskassess.questionnaires.template_format.checker import TemplateError
from riskassess.questionnaires.template_format.parser import parse_definition
from riskassess.questionnaires.template_translations import TEMPLATES_DIR


class Command(BaseCommand):
    help = "Bring the translation files of the shipped templates in step with their English."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(TEMPLATES_DIR), help="the folder of the template files")
        parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")

    def handle(self, *args, **options):
        base = Path(options["dir"])
        languages = [code for code, _name in settings.LANGUAGES if code != "en"]
        stale = 0
        for template_file in sorted(base.glob("*.yaml")):
            try:
                definition = parse_definition(template_file.read_text(encoding="utf-8"))
            except TemplateError as e:
                raise CommandError(f"{template_file.name}: {'; '.join(e.errors)}") from None
            folder = template_file.with_suffix("")
            for language in languages:
                path = folder / f"{language}.yaml"
                if path.exists():
                    doc = translations.load(path.read_text(encoding="utf-8"))
                    synced, report = translations.sync(doc if isinstance(doc, dict) else {}, definition)
                else:
                    synced = translations.document(definition, language, {})
                    report = translations.SyncReport(added=list(synced["texts"]))
                name = f"{folder.name}/{language}.yaml"
                for p in report.stale:
                    self.stdout.write(f"{name}: {p}: stale (the English changed): check the translation")
                stale += len(report.stale)
                if report.added or report.removed:
                    self.stdout.write(f"{name}: {len(report.added)} added as missing, {len(report.removed)} removed")
                    if not options["dry_run"]:
                        folder.mkdir(exist_ok=True)
                        path.write_text(translations.dump(synced), encoding="utf-8")
        self.stdout.write(f"{stale} stale entr{'y' if stale == 1 else 'ies'}.")
