"""Load the member states, suppliers and asset classes (idempotent)."""

from django.core.management.base import BaseCommand

from riskassess.suppliers.services import reference_data_load


class Command(BaseCommand):
    help = "Create or update the 27 member states, the main 5G suppliers and the network asset classes."

    def handle(self, *args, **options):
        counts = reference_data_load()
        self.stdout.write(
            f"Reference data: {counts['member_states']} member states, {counts['suppliers']} suppliers, "
            f"{counts['asset_classes']} asset classes ({counts['created']} created)."
        )
