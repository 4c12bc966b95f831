"""Loaded by the report fault tests' workers only (`celery worker --include ...`), never by the app.

- RISKASSESS_TEST_SLOW_FILE: while that file exists, every PDF rendering appends its process id to
  RISKASSESS_TEST_PID_FILE and sleeps, so that a test can kill the pool child mid-render.
- RISKASSESS_TEST_KILL_AT_REPORT_SEND=1: the moment the score's transaction has committed and the
  report's message would be sent, the whole worker is SIGKILLed (the message is never sent).
"""

import os
import signal
import time
from pathlib import Path
from typing import Any

from celery.signals import worker_process_init

SLOW_FILE = os.environ.get("RISKASSESS_TEST_SLOW_FILE", "")
PID_FILE = os.environ.get("RISKASSESS_TEST_PID_FILE", "")
KILL_AT_REPORT_SEND = os.environ.get("RISKASSESS_TEST_KILL_AT_REPORT_SEND") == "1"


@worker_process_init.connect
def _install(**kwargs: Any) -> None:
    from django.db import transaction

    from riskassess.reports import rendering, services

    if SLOW_FILE:
        render = rendering.render_pdf_document

        def slow_render(*args: Any, **kw: Any) -> Any:
            if Path(SLOW_FILE).exists():
                with open(PID_FILE, "a") as fh:
                    fh.write(f"{os.getpid()}\n")
                time.sleep(60)
            return render(*args, **kw)

        rendering.render_pdf_document = slow_render

    if KILL_AT_REPORT_SEND:

        def die_on_commit(report: Any) -> None:
            transaction.on_commit(lambda: os.killpg(os.getpgrp(), signal.SIGKILL))

        services._enqueue = die_on_commit
