"""Loaded by the reliability tests' worker only (`celery worker --include ...`), never by the app.

With RISKASSESS_TEST_TASK_DELAY=N, the first scoring task to run writes its process id to
RISKASSESS_TEST_PID_FILE and sleeps N seconds right after claiming its run (the run is RUNNING with
this task id), so that a test can kill the worker mid-task. Later deliveries run at full speed.
"""

import os
import time
from pathlib import Path

from celery.signals import worker_process_init

DELAY = float(os.environ.get("RISKASSESS_TEST_TASK_DELAY") or 0)
PID_FILE = os.environ.get("RISKASSESS_TEST_PID_FILE", "")


def _slow_once(func):
    def wrapper(*args, **kwargs):
        if DELAY and PID_FILE and not Path(PID_FILE).exists():
            Path(PID_FILE).write_text(str(os.getpid()))
            time.sleep(DELAY)
        return func(*args, **kwargs)

    wrapper.__wrapped__ = func
    return wrapper


@worker_process_init.connect
def _install(**kwargs):
    """In each pool child: slow down the engine call the scoring service makes after its claim."""
    if not DELAY:
        return
    from riskassess.scoring import engine, services

    for module in (engine, services):
        fn = getattr(module, "score", None)
        if callable(fn) and not hasattr(fn, "__wrapped__"):
            module.score = _slow_once(fn)
