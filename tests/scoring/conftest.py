"""Scoring fixtures: revisions made by hand (what assessment_submit freezes) and eager Celery."""

import copy

import pytest
from django.utils import timezone

from riskassess.questionnaires.models import Assessment, Revision
from tests.scoring.builders import ASSESSMENT_DATE, SMALL_ANSWERS


@pytest.fixture
def make_revision(db):
    """A frozen revision made by hand (what assessment_submit stores), numbered after the last."""

    def make(assessment, answers=None, *, evidence=(), assessment_date=ASSESSMENT_DATE, template_version=None):
        number = assessment.current_revision + 1
        revision = Revision.objects.create(
            assessment=assessment,
            number=number,
            template_version=template_version or assessment.campaign.template_version,
            answers=copy.deepcopy(SMALL_ANSWERS if answers is None else answers),
            evidence=list(evidence),
            assessment_date=assessment_date,
            submitted_at=timezone.now(),
        )
        Assessment.objects.filter(pk=assessment.pk).update(
            current_revision=number, status=Assessment.Status.SUBMITTED, submitted_at=timezone.now()
        )
        assessment.refresh_from_db()
        return revision

    return make


@pytest.fixture
def eager_celery():
    """Run tasks in-process for this test only (never globally)."""
    from riskassess.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved
