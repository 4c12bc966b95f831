"""The database away while reports are being made (longer than the worker's SQLite busy timeout,
so every query fails): the render task retries, and every report still ends done or failed.

On SQLite the outage is another process holding the database's exclusive lock; PostgreSQL cannot
be stopped here without stopping it for everyone, so the test runs on SQLite only."""

import sqlite3
import time

import pytest
from django.db import connection

from riskassess.reports.models import Report
from riskassess.reports.services import report_request
from tests.factories import SupplierFactory
from tests.reports.builders import submit_and_score
from tests.reports.reliability.conftest import wait_until_ended

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

OUTAGE_SECONDS = 25  # above the 20 s busy timeout of settings.py: the worker's queries fail


def test_every_report_ends_after_a_database_outage(broker, worker_factory, campaign, fr_regulator):
    if connection.vendor != "sqlite":
        pytest.skip("the outage is simulated with SQLite's exclusive lock")
    from riskassess.questionnaires.services import assessment_create

    reports = []
    for n in range(3):
        assessment = assessment_create(
            campaign=campaign,
            member_state=fr_regulator.member_state,
            supplier=SupplierFactory(name=f"Outage supplier {n}"),
            user=fr_regulator,
        )
        submit_and_score(assessment, user=fr_regulator)
        reports.append(report_request(kind="assessment", user=fr_regulator, assessment=assessment))
    connection.close()

    outage = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
    outage.execute("BEGIN EXCLUSIVE")
    worker = worker_factory()  # starts while the database is locked
    time.sleep(OUTAGE_SECONDS)
    outage.rollback()
    outage.close()

    ended = wait_until_ended(reports, timeout=180)
    assert [r.status for r in ended] == [Report.Status.DONE] * 3, [r.error for r in ended]
    assert "database is locked" in worker.log()  # the outage was felt, and retried
