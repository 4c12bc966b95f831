"""python manage.py generate_eu_dataset --suppliers 200 --campaigns 4 [--prefix bench]

27 member states x N suppliers x C campaigns of answered, frozen and scored assessments (see
riskassess/bench/dataset.py). Idempotent: run it again and nothing changes.
"""

from django.core.management.base import BaseCommand, CommandError

from riskassess.bench.dataset import eu_dataset_generate


class Command(BaseCommand):
    help = "Generate the EU-scale data set (27 member states x N suppliers x C campaigns), idempotently."

    def add_arguments(self, parser):
        parser.add_argument("--suppliers", type=int, default=200, help="suppliers per member state and campaign")
        parser.add_argument("--campaigns", type=int, default=4, help="campaigns (the last one open)")
        parser.add_argument("--prefix", default="bench", help="names the campaigns, suppliers and users made")
        parser.add_argument("--seed", type=int, default=2026, help="seed of the pseudo-random answers")

    def handle(self, *args, suppliers, campaigns, prefix, seed, **options):
        if suppliers < 1 or campaigns < 1:
            raise CommandError("--suppliers and --campaigns must be at least 1.")
        if not prefix.replace("-", "").isalnum():
            raise CommandError("--prefix: letters, digits and hyphens only.")
        result = eu_dataset_generate(
            suppliers=suppliers, campaigns=campaigns, prefix=prefix, seed=seed, log=self.stdout.write
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.member_states} member states x {result.suppliers} suppliers x {len(result.campaigns)} "
                f"campaigns: created {result.assessments_created} assessments, {result.answers_created} answers, "
                f"{result.revisions_created} revisions, {result.designations_created} designations; "
                f"scored {result.scored}; {result.seconds:.1f} s"
            )
        )
