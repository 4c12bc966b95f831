"""Felt speed, measured in real Chromium (Playwright, headless, Debian's /usr/bin/chromium) against
gunicorn (riskassess.bench.wsgi, production settings, static files collected) with a real scoring
worker and a real pdf worker on the private Redis:

- felt_submit_to_score_p95_ms: from the click on "Submit for approval" on the review page until
  the score panel of the page the browser lands on shows the stored score;
- felt_pdf_ready_p95_ms: from the click on "Generate PDF" in the assessment's report box until its
  "Download PDF" link is on the screen (a marking other than the automatic report's, so a new PDF
  is rendered; the pdf worker idle: the automatic reports and the sealed copies made first).

One warm-up each, then FELT_RUNS (10; 4 with --quick) timed runs, p95 and median. The browser is
logged in as the member state's regulator through a session made for it (the data set's users have
no password).
"""

import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings

from riskassess.bench.api import Gunicorn
from riskassess.bench.measures import median, p95
from tests.support.processes import CeleryWorker

CHROMIUM = "/usr/bin/chromium"
FELT_RUNS, FELT_RUNS_QUICK = 10, 4
TIMEOUT_MS = 30_000


def drafts_for_submission(count: int, *, purpose: str = "felt latency", prefix: str = "bench"):
    """`count` complete drafts of the regulator of the first member state, in a campaign of their
    own ("<Prefix> <purpose>"), last run's removed: (the regulator, the drafts)."""
    from django.utils.text import slugify

    from riskassess.accounts.models import MemberState, Role
    from riskassess.bench.dataset import _suppliers, dataset_user, default_template_version
    from riskassess.demo.answers import demo_answers, profile_for_supplier
    from riskassess.questionnaires.models import Assessment, Campaign
    from riskassess.questionnaires.services import answers_save, assessment_create

    template_version = default_template_version()
    name = f"{prefix[:1].upper()}{prefix[1:]} {purpose}"
    today = dt.date.today()  # noqa: DTZ011 - a campaign window around today
    campaign, _ = Campaign.objects.get_or_create(
        name=name,
        defaults={
            "slug": slugify(name),
            "template_version": template_version,
            "opens_on": today - dt.timedelta(days=30),
            "deadline": today + dt.timedelta(days=60),
            "status": Campaign.Status.OPEN,
        },
    )
    Assessment.objects.filter(campaign=campaign).delete()  # last run's
    member_state = MemberState.objects.order_by("protocol_order").first()
    user = dataset_user(member_state=member_state, role=Role.REGULATOR, prefix=prefix)
    rng = random.Random(11)  # noqa: S311
    drafts = []
    for supplier in _suppliers(count, prefix):
        assessment = assessment_create(campaign=campaign, member_state=member_state, supplier=supplier, user=user)
        values = demo_answers(
            definition=template_version.definition,
            profile=profile_for_supplier(supplier),
            rng=rng,
            assessment_date=today,
        )
        drafts.append(
            answers_save(assessment=assessment, user=user, values=values, expected_version=assessment.version)
        )
    return user, drafts


def _session_cookie(user) -> str:
    """A session of `user` in the configured session store (shared with the server), past the
    second factor: a confirmed TOTP device of the bench user ("bench"), marked as verified in the
    session as django-otp does after a correct code."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return str(session.session_key)


def _collectstatic(env: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
        env={**os.environ, **env},
        check=True,
        cwd=settings.BASE_DIR,
    )


def _wait_pdf_worker_idle(assessments, timeout: float = 300) -> None:
    """Until every report of `assessments` is made and, when sealing is on, sealed: each done
    report queues its sealed copy, a second render on the same pdf worker, which a PDF asked for
    next would wait behind. After the submissions the worker has an automatic report and its sealed
    copy to render for each: on a slow machine more than the minute this waited at first, and the
    first PDF measured then waited behind them past its own timeout."""
    from riskassess.reports.models import Report

    reports = Report.objects.filter(assessment__in=assessments)
    deadline = time.monotonic() + timeout
    while reports.filter(status__in=(Report.Status.QUEUED, Report.Status.RUNNING)).exists() or (
        settings.REPORT_SEAL_ENABLED and reports.filter(status=Report.Status.DONE, sealed__isnull=True).exists()
    ):
        if time.monotonic() > deadline:
            return  # measured anyway; a report that never ends shows in the worker's log
        time.sleep(0.1)


def measure(page, base: str, drafts, runs: int) -> dict:
    from django.urls import reverse

    submit_times, pdf_times = [], []
    for i, assessment in enumerate(drafts):
        page.goto(base + reverse("questionnaires:submit", args=[assessment.pk]))
        if not page.locator("#declaration").count():
            raise RuntimeError(f"no declaration on {page.url}: {page.title()!r} {page.content()[:1500]}")
        page.check("#declaration")
        started = time.perf_counter()
        page.locator(".declaration-form button[type=submit]").click()
        page.wait_for_selector('[data-scoring-state="done"]', timeout=TIMEOUT_MS)
        if i:
            submit_times.append((time.perf_counter() - started) * 1000)
    for i, assessment in enumerate(drafts):
        _wait_pdf_worker_idle(drafts)
        page.goto(base + reverse("questionnaires:overview", args=[assessment.pk]))
        box = page.locator(".report-box").first
        box.wait_for(timeout=TIMEOUT_MS)
        links = box.locator("a", has_text="Download PDF")
        before = links.count()
        other = "TLP:RED" if assessment.tlp != "TLP:RED" else "TLP:GREEN"
        box.locator("select[name=tlp]").select_option(other)
        started = time.perf_counter()
        box.locator("button", has_text="Generate PDF").click()
        page.wait_for_function(
            "n => Array.from(document.querySelectorAll('.report-box a'))"
            ".filter(a => a.textContent.includes('Download PDF')).length > n",
            arg=before,
            timeout=TIMEOUT_MS,
        )
        if i:
            pdf_times.append((time.perf_counter() - started) * 1000)
    return {
        "felt_submit_to_score_p95_ms": round(p95(submit_times), 1),
        "felt_submit_to_score_median_ms": round(median(submit_times), 1),
        "felt_pdf_ready_p95_ms": round(p95(pdf_times), 1),
        "felt_pdf_ready_median_ms": round(median(pdf_times), 1),
        "felt_runs": len(submit_times),
    }


def run(ctx) -> dict:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"the felt figures need Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in this thread
    runs = FELT_RUNS_QUICK if ctx.get("quick") else FELT_RUNS
    user, drafts = drafts_for_submission(runs + 1)
    logdir = Path(ctx.get("logdir") or tempfile.mkdtemp(prefix="riskassess-felt-"))
    # Collected once into var/ and kept: later runs copy only what changed.
    static_root = str(settings.VAR_DIR / "bench-static")
    # The server checks the session made here: the same secret key.
    # localhost: Chromium keeps the server's Secure cookies (CSRF) over plain HTTP there only.
    env = {
        "STATIC_ROOT": static_root,
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": str(settings.SECRET_KEY),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    _collectstatic(env)
    server = Gunicorn(logdir, env=env)
    scorer = CeleryWorker(env={}, logdir=logdir, queues="default")
    pdf = CeleryWorker(env={}, logdir=logdir, queues="pdf")
    try:
        server.start()
        scorer.start()
        pdf.start()
        base = f"http://localhost:{server.port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
            )
            try:
                context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
                context.add_cookies(
                    [
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": _session_cookie(user),
                            "url": base,
                            "httpOnly": True,
                            "secure": True,
                            "sameSite": "Lax",
                        }
                    ]
                )
                page = context.new_page()
                page.set_default_timeout(TIMEOUT_MS)
                return measure(page, base, drafts, runs)
            finally:
                browser.close()
    finally:
        pdf.stop()
        scorer.stop()
        server.stop()
