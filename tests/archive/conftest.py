import pytest

from riskassess.celery import app as celery_app
from riskassess.reports import services as report_services
from tests.reports.builders import submit_and_score


@pytest.fixture(scope="session")
def seal_dir(tmp_path_factory):
    """One test authority for the session (generated at first use, as `make run` does)."""
    return tmp_path_factory.mktemp("seal") / "authority"


@pytest.fixture(autouse=True)
def archive_settings(settings, tmp_path, seal_dir):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.REPORT_SEAL_DIR = str(seal_dir)
    settings.REPORT_SEAL_TSA_URL = ""
    return settings


@pytest.fixture
def eager_celery():
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield celery_app
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


@pytest.fixture
def fr_score(fr_assessment, fr_regulator):
    return submit_and_score(fr_assessment, user=fr_regulator)


@pytest.fixture
def sealed_report(fr_regulator, fr_assessment, fr_score, eager_celery, django_capture_on_commit_callbacks):
    """France's assessment report, made and sealed through the real render path (eager tasks)."""
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)
    report.refresh_from_db()
    assert report.status == "done", report.error
    return report.sealed
