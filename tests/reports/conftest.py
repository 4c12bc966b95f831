import pytest

from riskassess.celery import app as celery_app
from tests.reports.builders import submit_and_score


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def eager_celery():
    """Tasks run in-process for flow tests: set here, never globally."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield celery_app
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


@pytest.fixture
def fr_score(fr_assessment, fr_regulator):
    return submit_and_score(fr_assessment, user=fr_regulator)


@pytest.fixture
def de_score(de_assessment, de_regulator):
    return submit_and_score(de_assessment, user=de_regulator)


@pytest.fixture(autouse=True)
def no_sealing(settings):
    """The sealed copy is a separate step, tested in tests/archive; off here, so that these tests
    see the render path alone."""
    settings.REPORT_SEAL_ENABLED = False
