"""python manage.py bench [--suppliers 200] [--campaigns 4] [--quick] [--output var/bench.json]

Measures the targets of the design (docs/bench.md) on the EU-scale data set, in a database of its
own so that benchmark data never mixes with the demo data: var/bench.sqlite3, or
BENCH_DATABASE_URL / --database-url. The command starts a private redis-server, migrates the bench
database, then runs itself again (--inner) with DATABASE_URL and REDIS_URL pointing at them.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from riskassess.bench import measures as bench
from tests.support.processes import RedisServer

APP_BENCHES = [
    ("riskassess.bench.reports", "run"),
    ("riskassess.bench.dashboard", "run"),
    ("riskassess.bench.dashboard", "run_4x"),
    ("riskassess.bench.api", "run"),
    ("riskassess.bench.networks", "run"),
    ("riskassess.bench.felt", "run"),
    ("riskassess.bench.load", "run"),
]
# --only: the groups of figures (the scoring figures, then the last part of each module's name).
GROUPS = ("scoring", "reports", "dashboard", "api", "networks", "felt", "load")


class Command(BaseCommand):
    help = "Benchmark riskassess at EU scale in a separate database and print the figures against their targets."

    def add_arguments(self, parser):
        parser.add_argument("--suppliers", type=int, default=200, help="suppliers per member state (default 200)")
        parser.add_argument("--campaigns", type=int, default=4, help="campaigns of that size (default 4)")
        parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run, not a measure)")
        parser.add_argument("--output", default=str(settings.VAR_DIR / "bench.json"), help="the JSON file written")
        parser.add_argument(
            "--database-url",
            default=os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{settings.VAR_DIR / 'bench.sqlite3'}",
            help="the bench database (default BENCH_DATABASE_URL or var/bench.sqlite3)",
        )
        parser.add_argument(
            "--skip-apps", action="store_true", help="only the scoring figures (not reports, dashboard, API)"
        )
        parser.add_argument(
            "--only",
            default="",
            help=f"only these groups of figures, comma-separated: {', '.join(GROUPS)} (default: all)",
        )
        parser.add_argument("--inner", action="store_true", help="(internal) already in the bench database")

    # -----------------------------------------------------------------------------------------
    # Outer: a private Redis, the bench database migrated, then this command again inside them.
    # -----------------------------------------------------------------------------------------

    def handle(self, *args, **options):
        if options["suppliers"] < 1 or options["campaigns"] < 1:
            raise CommandError("--suppliers and --campaigns must be at least 1.")
        only = [g.strip() for g in options["only"].split(",") if g.strip()]
        unknown = sorted(set(only) - set(GROUPS))
        if unknown:
            raise CommandError(f"--only: unknown group {', '.join(unknown)}; the groups are {', '.join(GROUPS)}.")
        if options["inner"]:
            return self.inner(**options)
        if shutil.which("redis-server") is None:
            raise CommandError(
                "The benchmark starts its own redis-server: install it (Debian: apt-get install redis-server)."
            )
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="riskassess-bench-") as tmp:
            redis = RedisServer(Path(tmp) / "redis").start()
            try:
                env = {
                    **os.environ,
                    "DATABASE_URL": options["database_url"],
                    "REDIS_URL": redis.url,
                    "BENCH_LOG_DIR": tmp,
                    # The table is the output; library progress logs would bury it.
                    "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
                }
                manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
                self.stdout.write(f"bench database: {_safe_url(options['database_url'])}; migrating")
                subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)  # noqa: S603
                cmd = [*manage, "bench", "--inner", "--suppliers", str(options["suppliers"])]
                cmd += ["--campaigns", str(options["campaigns"]), "--output", options["output"]]
                cmd += [f"--{flag.replace('_', '-')}" for flag in ("quick", "skip_apps") if options[flag]]
                if options["only"]:
                    cmd += ["--only", options["only"]]
                done = subprocess.run(cmd, env=env, check=False)  # noqa: S603
                if done.returncode:
                    raise CommandError(f"the benchmark failed (exit {done.returncode})")
            finally:
                redis.stop()

    # -----------------------------------------------------------------------------------------
    # Inner: data set, figures, table, JSON
    # -----------------------------------------------------------------------------------------

    def inner(self, *, suppliers, campaigns, quick, output, skip_apps, only="", **options):
        from django.db import connection

        from riskassess.accounts.models import MemberState, Role
        from riskassess.bench.dataset import dataset_user, eu_dataset_generate

        logdir = Path(os.environ.get("BENCH_LOG_DIR") or tempfile.mkdtemp(prefix="riskassess-bench-"))
        figures: dict = {
            "database": connection.vendor,
            "suppliers": suppliers,
            "campaigns": campaigns,
            "quick": quick,
        }
        t = time.perf_counter()
        main = eu_dataset_generate(suppliers=suppliers, campaigns=campaigns, log=self.stdout.write)
        figures["dataset_generate_s"] = round(time.perf_counter() - t, 1)
        figures["dataset_assessments_created"] = main.assessments_created
        t = time.perf_counter()
        big = eu_dataset_generate(
            suppliers=4 * suppliers, campaigns=1, campaign_prefix="bench-4x", log=self.stdout.write
        )
        figures["dataset_4x_generate_s"] = round(time.perf_counter() - t, 1)
        campaign, campaign_4x = main.campaigns[-1], big.campaigns[-1]
        self.stdout.write(f"data set ready: {campaign} and {campaign_4x}")

        groups = {g.strip() for g in only.split(",") if g.strip()} or set(GROUPS)
        if skip_apps:
            groups &= {"scoring"}

        def step(name, fn):
            self.stdout.write(f"measuring {name} ...")
            try:
                result = fn() or {}
                figures.update(result)
            except Exception as exc:  # noqa: BLE001 - one failing figure must not stop the others
                self.stderr.write(f"{name} failed: {type(exc).__name__}: {exc}")
                self.stderr.write(traceback.format_exc(limit=6))
                figures[f"{name}_error"] = f"{type(exc).__name__}: {exc}"[:300]

        if "scoring" in groups:
            step(
                "scoring_engine",
                lambda: bench.measure_scoring_engine(main.campaigns[0], min_seconds=0.5 if quick else 3.0),
            )
            step("campaign_rescore", lambda: bench.measure_campaign_rescore(main.campaigns[0]))
            step(
                "submit_to_score",
                lambda: bench.measure_submit_to_score(submissions=5 if quick else 20, logdir=logdir),
            )

        def user_for(iso: str, role: str):
            member_state = MemberState.objects.get(iso_code=iso.upper()) if iso else None
            return dataset_user(member_state=member_state, role=role)

        ctx = {
            "campaign": campaign,
            "campaign_4x": campaign_4x,
            "user_for": user_for,
            "coordinator": dataset_user(member_state=None, role=Role.COORDINATOR),
            "quick": quick,
            "logdir": logdir,
        }
        for module_name, function in APP_BENCHES:
            if module_name.rsplit(".", 1)[1] not in groups:
                continue
            fn = getattr(import_module(module_name), function)
            step(f"{module_name}.{function}", lambda fn=fn: fn(ctx))

        self.report(figures, Path(output))

    def report(self, figures: dict, output: Path) -> None:
        rows = [("figure", "value", "target", "ok?")]
        for figure, value in figures.items():
            ok = bench.check(figure, value, figures)
            rows.append((figure, _fmt(value), bench.target_text(figure), {True: "ok", False: "MISSED", None: ""}[ok]))
        for figure in bench.TARGETS:
            if figure not in figures:
                rows.append((figure, "-", bench.target_text(figure), "not measured"))
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for i, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
            if i == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(figures, indent=2, sort_keys=True, default=str) + "\n")
        self.stdout.write(f"written: {output}")


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    return str(value)


def _safe_url(url: str) -> str:
    """The URL without its password, for printing."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}@{host}"
    return url
