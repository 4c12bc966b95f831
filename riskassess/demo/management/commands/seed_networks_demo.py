"""python manage.py seed_networks_demo: demo operators, inventory and Toolbox statuses (after seed_demo)."""

from typing import Any

from django.core.management.base import BaseCommand

from riskassess.demo.networks import networks_demo_seed


class Command(BaseCommand):
    help = "Load the networks demo data: operators, an imported inventory, Toolbox statuses (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        networks_demo_seed(log=self.stdout.write)
