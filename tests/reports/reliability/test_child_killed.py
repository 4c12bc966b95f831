"""The PDF child killed three times: the report ends failed with its reason (not running forever),
and asking again makes a new report that is made."""

import os
import signal

import pytest

from riskassess.reports.models import Report
from riskassess.reports.services import MAX_ATTEMPTS, report_request
from tests.reports.builders import submit_and_score
from tests.reports.reliability.conftest import pids, wait_until_ended
from tests.scoring.reliability.conftest import wait_for

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]


def test_a_report_whose_child_is_killed_three_times_ends_failed_and_can_be_asked_again(
    broker, worker_factory, fr_assessment, fr_regulator, tmp_path
):
    slow = tmp_path / "slow"
    slow.touch()
    worker = worker_factory(RISKASSESS_TEST_SLOW_FILE=str(slow))
    submit_and_score(fr_assessment, user=fr_regulator)
    report = report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)

    for attempt in range(1, MAX_ATTEMPTS + 1):
        pid = wait_for(lambda n=attempt: len(pids(worker_factory.pid_file)) >= n, what=f"attempt {attempt} rendering")
        pid = pids(worker_factory.pid_file)[attempt - 1]
        assert Report.objects.get(pk=report.pk).status == Report.Status.RUNNING
        os.kill(pid, signal.SIGKILL)

    (failed,) = wait_until_ended([report], timeout=60)
    assert failed.status == Report.Status.FAILED, failed.error
    assert failed.attempts == MAX_ATTEMPTS and "stopped 3 times" in failed.error
    assert worker.proc.poll() is None  # the main worker process survived its children

    slow.unlink()
    again = report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)
    assert again.pk != report.pk
    (done,) = wait_until_ended([again], timeout=60)
    assert done.status == Report.Status.DONE, done.error
