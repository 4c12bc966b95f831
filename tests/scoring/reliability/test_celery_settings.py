"""The settings the reliability rests on. Without acks_late and reject_on_worker_lost a killed
child loses its task; a time limit or retry delay above the visibility timeout gets a running task
delivered a second time."""

import json
import os
import subprocess
import sys

from django.conf import settings

from riskassess.celery import app
from riskassess.core.retry import DATABASE_RETRY_CAP


def _tasks():
    import riskassess.scoring.tasks  # noqa: F401 - registers the tasks

    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.startswith("riskassess.")}


def _redis_settings() -> dict:
    """The Celery settings as a process with REDIS_URL reads them."""
    code = (
        "import json, riskassess.settings as s; print(json.dumps({'vt': s.CELERY_VISIBILITY_TIMEOUT, "
        "'options': s.CELERY_BROKER_TRANSPORT_OPTIONS, 'broker': s.CELERY_BROKER_URL}))"
    )
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/0"}
    env.pop("CELERY_VISIBILITY_TIMEOUT", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_it_acks_late_and_requeues_when_the_worker_is_lost():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    tasks = _tasks()
    assert "riskassess.scoring.tasks.score_revision" in tasks
    for name, task in tasks.items():
        assert task.acks_late is True, name
        assert task.reject_on_worker_lost is True, name


def test_it_keeps_every_time_limit_and_backoff_below_the_visibility_timeout():
    redis = _redis_settings()
    vt = redis["vt"]
    assert redis["broker"].startswith("redis://")
    assert redis["options"]["visibility_timeout"] == vt
    assert redis["options"]["unacked_restore_interval"] < vt

    limits = {"soft": settings.CELERY_TASK_SOFT_TIME_LIMIT, "hard": settings.CELERY_TASK_TIME_LIMIT}
    assert limits["soft"] < limits["hard"] < vt
    for name, task in _tasks().items():
        hard = task.time_limit or limits["hard"]
        soft = task.soft_time_limit or limits["soft"]
        assert soft < hard < vt, name
        if getattr(task, "autoretry_for", ()):
            backoff = getattr(task, "retry_backoff", False)
            delay = getattr(task, "retry_backoff_max", 600) if backoff else task.default_retry_delay
            assert delay < vt, name
        assert task.default_retry_delay < vt, name  # the tasks that wait out the database (core.retry)
    assert DATABASE_RETRY_CAP < vt
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        expires = entry.get("options", {}).get("expires")
        assert expires is None or expires < vt
