"""python manage.py bench_networks [--quick] [--no-4x]

The networks figures alone (riskassess.bench.networks): makes the inventory of the EU-scale data set
where missing (2.1 M rows), then measures the phase-out pages, their queries at 1x and 4x, and the
import of a 50,000-row file. It writes to the configured database, so it runs only on a database
whose name contains "bench", e.g.:

    DATABASE_URL=sqlite:///var/bench.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:///var/bench.sqlite3 python manage.py bench_networks
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from riskassess.bench.networks import TARGETS, bench_networks


class Command(BaseCommand):
    help = "Measure the networks figures (phase-out pages, inventory import) on a bench database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run, not a measure)")
        parser.add_argument("--no-4x", action="store_true", help="skip the 4x query count (8.3 M rows)")

    def handle(self, *args: Any, **options: Any) -> None:
        name = str(connection.settings_dict.get("NAME") or "")
        if "bench" not in name:
            raise CommandError("bench_networks writes benchmark data: point DATABASE_URL at a database named *bench*.")
        figures = bench_networks(quick=options["quick"], with_4x=not options["no_4x"], log=self.stdout.write)
        figures_all: dict[str, Any] = {"database": connection.vendor, **figures}
        for key, value in figures_all.items():
            target = TARGETS.get(key)
            text = ""
            if target:
                op, goal = target
                goal_value = figures_all.get(goal) if isinstance(goal, str) else goal
                ok = {"<=": value <= goal_value, ">=": value >= goal_value, "==": value == goal_value}[op]
                text = f"   target {op} {goal}: {'ok' if ok else 'MISSED'}"
            self.stdout.write(f"{key:36} {value}{text}")
        self.stdout.write(json.dumps(figures_all))
