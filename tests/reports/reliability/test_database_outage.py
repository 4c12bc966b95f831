"""The database away while reports are being made: the render task retries, and every report still
ends done or failed, on SQLite and on PostgreSQL alike.

- SQLite: another process holds the database's exclusive lock for longer than the worker's busy
  timeout (20 s, settings.py), so every query of the worker fails with "database is locked".
- PostgreSQL: the test database refuses connections (ALLOW_CONNECTIONS false) and every backend
  connected to it is terminated, as a restart of the server would do; the workers' persistent
  connections die under them and every new one is refused. Other databases of the server (other
  test runs) are not touched.
"""

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection

from riskassess.archive.models import SealedReport
from riskassess.reports.models import Report
from riskassess.reports.services import report_request
from tests.factories import SupplierFactory
from tests.reports.builders import submit_and_score
from tests.reports.reliability.conftest import wait_until_ended
from tests.scoring.reliability.conftest import wait_for

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

SQLITE_OUTAGE_SECONDS = 25  # above the 20 s busy timeout of settings.py: the worker's queries fail
# Refused at once, so a task's retries tick on: five retries with Celery's full jitter were all
# spent within 20 s, and the reports stayed queued (riskassess/core/retry.py).
POSTGRES_OUTAGE_SECONDS = 25


@contextmanager
def _sqlite_locked() -> Iterator[None]:
    outage = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
    outage.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        outage.rollback()
        outage.close()


def _postgres_admin():
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(
        host=s.get("HOST") or "127.0.0.1",
        port=s.get("PORT") or 5432,
        user=s.get("USER") or None,
        password=s.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )


def _postgres_backends(admin, name: str) -> int:
    return admin.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
    ).fetchone()[0]


@contextmanager
def _postgres_away() -> Iterator[None]:
    from psycopg import sql

    name = connection.settings_dict["NAME"]
    with _postgres_admin() as admin:
        admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(sql.Identifier(name)))
        try:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            yield
        finally:
            admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(sql.Identifier(name)))


def _outage():
    if connection.vendor == "sqlite":
        return _sqlite_locked(), SQLITE_OUTAGE_SECONDS, "database is locked"
    return _postgres_away(), POSTGRES_OUTAGE_SECONDS, "OperationalError"


def _reports(campaign, user, n: int) -> list[Report]:
    from riskassess.questionnaires.services import assessment_create

    reports = []
    for i in range(n):
        assessment = assessment_create(
            campaign=campaign,
            member_state=user.member_state,
            supplier=SupplierFactory(name=f"Outage supplier {i}"),
            user=user,
        )
        submit_and_score(assessment, user=user)
        reports.append(report_request(kind="assessment", user=user, assessment=assessment))
    return reports


def test_every_report_ends_after_a_database_outage(broker, worker_factory, campaign, fr_regulator):
    # A worker that has already used its connection (a persistent one: CONN_MAX_AGE), so that the
    # outage breaks a connection in use and not only new ones.
    worker = worker_factory()
    (before,) = wait_until_ended(_reports(campaign, fr_regulator, 1), timeout=90)
    assert before.status == Report.Status.DONE, before.error

    outage, seconds, felt = _outage()
    reports = _reports(campaign, fr_regulator, 3)  # queued: their messages are in the broker
    connection.close()
    with outage:
        time.sleep(seconds)

    ended = wait_until_ended(reports, timeout=120)
    assert [r.status for r in ended] == [Report.Status.DONE] * 3, [r.error for r in ended]
    assert felt in worker.log()  # the outage was felt, and retried

    # The sealed copy that follows each done report waits the outage out too.
    def sealed() -> bool:
        done = SealedReport.objects.filter(report__in=ended, status=SealedReport.Status.DONE)
        return done.count() == len(ended)

    wait_for(sealed, timeout=90, what="every done report sealed")
