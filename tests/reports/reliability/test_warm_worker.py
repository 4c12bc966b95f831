"""The pdf worker loads WeasyPrint, the report fonts and templates when its child starts, before
any task; a scoring worker does not."""

import pytest

from tests.scoring.reliability.conftest import wait_for

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

WARM = "pdf worker warm in"


def test_the_pdf_worker_is_warm_before_its_first_task(broker, worker_factory):
    pdf = worker_factory(queues="pdf")
    scorer = worker_factory(queues="default")

    wait_for(lambda: WARM in pdf.log(), timeout=60, what="the pdf worker's warm-up")
    assert "warm-up failed" not in pdf.log()
    assert "ready." in scorer.log()
    assert WARM not in scorer.log()
