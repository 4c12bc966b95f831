"""A submission whose transaction rolls back leaves nothing queued, no run and no score; the same
submission committed queues exactly one message."""

import pytest
from django.db import transaction

from riskassess.questionnaires.models import Revision
from riskassess.scoring.models import Score, ScoringRun

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]


class Abort(Exception):
    pass


def test_it_queues_one_message_on_commit(broker, make_draft, submit):
    revision = submit(make_draft(1))

    assert broker.client().llen("default") == 1
    assert ScoringRun.objects.filter(revision=revision).count() == 1


def test_it_queues_nothing_when_the_transaction_rolls_back(broker, make_draft, submit):
    assessment = make_draft(1)
    with pytest.raises(Abort), transaction.atomic():
        submit(assessment)
        raise Abort

    assert broker.client().llen("default") == 0
    assert not Revision.objects.filter(assessment=assessment).exists()
    assert not ScoringRun.objects.exists()
    assert not Score.objects.exists()
