"""Writes for reports: ask for one, make it (in the pdf worker), retry a failed one, sweep.

Flow: `report_request` checks access, computes the fingerprint of the data, returns the done report
of the same fingerprint at once if there is one, else creates a queued Report and enqueues
`render_report` on commit. The worker calls `report_render`, which claims the report with one
conditional UPDATE (a redelivered message does no harm), renders, writes the file under a temporary
name and moves it into place (a half-written file is never served), and marks it done or failed.

Every report ends (docs/reports.md): the queued Report row is the request itself (an outbox row,
written in the caller's transaction, the score's for the automatic report), the message only a
wake-up call. `report_sweep` (beat) sends queued reports again whose message was lost, re-queues
running ones past their time limit and ends in "failed", with its reason, a report whose attempts
are used up; asking again for a failed report makes a new one.
"""

import datetime as dt
import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from riskassess.core.exceptions import ApplicationError
from riskassess.core.tlp import TLP_DEFAULT, TLP_VALUES
from riskassess.core.transactions import on_commit_robust
from riskassess.reports import selectors
from riskassess.reports.models import AUDIENCE_EU, Report

logger = logging.getLogger(__name__)

Kind = Report.Kind
Status = Report.Status
MAX_ATTEMPTS = 3
REENQUEUE_AFTER = dt.timedelta(minutes=2)
# The render task's hard time limit (tasks.render_report: time_limit=180) and a margin: a report
# running longer than this has lost its worker.
RUNNING_LIMIT = dt.timedelta(seconds=180 + 60)
SWEEP_BATCH = 200
GAVE_UP = gettext_noop(
    "The report could not be made: the PDF worker stopped %(n)s times while making it. Ask again to retry."
)


def _enqueue(report: Report) -> None:
    from riskassess.reports.tasks import render_report

    # robust=True: with the broker down the request still succeeds; the report stays queued and
    # "Retry" (or the next request of the same report) enqueues it again.
    on_commit_robust(render_report.delay, report.id)


def _request(*, kind, user, tlp, audience, score=None, **targets) -> Report:
    if tlp not in TLP_VALUES:
        raise ApplicationError(
            gettext("Choose a TLP marking from the list."), errors={"tlp": [gettext("Unknown TLP marking.")]}
        )
    if kind == Kind.ASSESSMENT:
        revision, score = selectors.assessment_report_inputs(assessment=targets["assessment"], score=score)
        if revision is None:
            raise ApplicationError(gettext("This assessment has not been submitted yet: there is nothing to report."))
    # The report is written in the asker's language (the request's); a report made by a worker on
    # its own (after scoring) in English, the authoritative text.
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    fingerprint = selectors.report_fingerprint(
        kind=kind, tlp=tlp, audience=audience, score=score, language=language, **targets
    )
    if done := selectors.done_report(kind=kind, fingerprint=fingerprint):
        return done
    if pending := selectors.pending_report(kind=kind, fingerprint=fingerprint):
        if _settle(pending, now=timezone.now()) in (Status.QUEUED, Status.RUNNING):
            return pending
        # It had used up its attempts and has just ended failed: this request is a new attempt.
    report = Report.objects.create(
        kind=kind,
        tlp=tlp,
        audience=audience,
        fingerprint=fingerprint,
        language=language,
        requested_by=user,
        score=score,
        **targets,
    )
    _enqueue(report)
    return report


@transaction.atomic
def report_request(
    *,
    kind: str,
    user,
    tlp: str = TLP_DEFAULT,
    assessment=None,
    member_state=None,
    supplier=None,
    campaign=None,
    hearing=None,
) -> Report:
    """Ask for a report; returns the done report of unchanged data at once, else a queued one."""
    targets = selectors.report_targets_for_user(
        kind=kind,
        user=user,
        assessment=assessment,
        member_state=member_state,
        supplier=supplier,
        campaign=campaign,
        hearing=hearing,
    )
    return _request(kind=kind, user=user, tlp=tlp, audience=selectors.audience_for(user), **targets)


@transaction.atomic
def report_request_for_scored_revision(*, score) -> Report:
    """Called by the scoring worker once a score is stored: the member state's assessment report
    of that revision is made automatically (audience: the assessment's own member state)."""
    assessment = score.assessment
    return _request(
        kind=Kind.ASSESSMENT,
        user=None,
        tlp=assessment.tlp if assessment.tlp in TLP_VALUES else TLP_DEFAULT,
        audience=assessment.member_state.iso_code,
        score=score,
        assessment=assessment,
        member_state=assessment.member_state,
        supplier=assessment.supplier,
        campaign=assessment.campaign,
    )


@transaction.atomic
def report_retry(*, report: Report, user) -> Report:
    """Queue a failed report again (the user must be able to see it: call with the result of
    report_get_for_user)."""
    report = selectors.report_get_for_user(user=user, pk=report.pk)
    if report.status != Status.FAILED:
        raise ApplicationError(gettext("Only a failed report can be retried."))
    Report.objects.filter(pk=report.pk, status=Status.FAILED).update(
        status=Status.QUEUED, attempts=0, error="", task_id="", started_at=None, finished_at=None
    )
    report.refresh_from_db()
    _enqueue(report)
    return report


def _settle(report: Report, *, now: dt.datetime) -> str:
    """Apply the sweeper's rule to one pending report; returns its status afterwards.

    Queued and older than REENQUEUE_AFTER: its message may be lost, send it again (the claim makes
    a duplicate harmless). Running past RUNNING_LIMIT: its worker died, queue it again. Either way,
    once MAX_ATTEMPTS are used up it ends failed with the reason.
    """
    stuck_running = report.status == Status.RUNNING and (report.started_at or report.created_at) < now - RUNNING_LIMIT
    stale_queued = report.status == Status.QUEUED and (report.started_at or report.created_at) < now - REENQUEUE_AFTER
    if not (stuck_running or stale_queued):
        return report.status
    pending = Report.objects.filter(pk=report.pk, status=report.status, attempts=report.attempts)
    if report.attempts >= MAX_ATTEMPTS:
        if pending.update(status=Status.FAILED, error=gettext(GAVE_UP) % {"n": report.attempts}, finished_at=now):
            logger.warning("report %s failed after %s attempts", report.pk, report.attempts)
            report.status = Status.FAILED
        return report.status
    # Queued (again) under a new message; for a queued report started_at dates the last sending,
    # so the next sweep waits REENQUEUE_AFTER before sending it once more.
    if pending.update(status=Status.QUEUED, task_id="", started_at=now):
        report.status = Status.QUEUED
        _enqueue(report)
    return report.status


def report_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The reports sweeper (beat): every pending report that is stuck is sent again or ends failed."""
    now = now or timezone.now()
    stuck = Report.objects.filter(
        Q(status=Status.QUEUED, created_at__lt=now - REENQUEUE_AFTER)
        & (Q(started_at__isnull=True) | Q(started_at__lt=now - REENQUEUE_AFTER))
        | Q(status=Status.RUNNING, started_at__lt=now - RUNNING_LIMIT)
    ).order_by("pk")[:SWEEP_BATCH]
    counts: dict[str, int] = {Status.QUEUED: 0, Status.FAILED: 0}
    for report in stuck:
        with transaction.atomic():
            status = _settle(report, now=now)
        if status in counts:
            counts[status] += 1
    return {"requeued": counts[Status.QUEUED], "failed": counts[Status.FAILED]}


def _claim(*, report_id: int, task_id: str) -> bool:
    """One compare-and-set UPDATE: queued, or running under this same task id (a redelivery)."""
    n = Report.objects.filter(
        Q(status=Status.QUEUED) | Q(status=Status.RUNNING, task_id=task_id),
        id=report_id,
        attempts__lt=MAX_ATTEMPTS,
    ).update(status=Status.RUNNING, task_id=task_id, attempts=F("attempts") + 1, started_at=timezone.now(), error="")
    return n == 1


def _write_file(report: Report, content: bytes) -> str:
    """Write under a temporary name in the target directory, then move into place (atomic)."""
    name = f"reports/{report.kind}/{report.filename}"
    target = Path(settings.MEDIA_ROOT) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return name


def report_render(*, report_id: int, task_id: str) -> Report | None:
    """Make the PDF of a queued report. Returns None when there is nothing to do (done, taken by
    another copy of the task, or given up after MAX_ATTEMPTS)."""
    if not _claim(report_id=report_id, task_id=task_id):
        # A redelivery (same task id) of a report whose attempts are used up: every one of them
        # died with its worker. End it now rather than leave it running until the sweeper.
        n = Report.objects.filter(
            id=report_id, status=Status.RUNNING, task_id=task_id, attempts__gte=MAX_ATTEMPTS
        ).update(status=Status.FAILED, error=gettext(GAVE_UP) % {"n": MAX_ATTEMPTS}, finished_at=timezone.now())
        if n:
            logger.warning("report %s failed after %s attempts", report_id, MAX_ATTEMPTS)
        return None
    report = Report.objects.select_related("assessment", "member_state", "supplier", "campaign", "score").get(
        pk=report_id
    )
    try:
        from riskassess.reports.contexts import report_context
        from riskassess.reports.rendering import render_html, render_pdf_document

        with translation.override(report.language):
            html = render_html(report.kind, report_context(report))
        rendered = render_pdf_document(html)
        name = _write_file(report, rendered.content)
    except (OperationalError, InterfaceError):
        # The database is unreachable: the task retries with the same id and retakes the report;
        # if it cannot, the sweeper re-queues it once its time limit has passed.
        raise
    except BaseException as exc:  # SoftTimeLimitExceeded included: the report must not stay running
        logger.exception("report %s failed", report_id)
        with translation.override(report.language):
            error = _plain_error(exc)
        Report.objects.filter(pk=report_id, task_id=task_id).update(
            status=Status.FAILED, error=error, finished_at=timezone.now()
        )
        if not isinstance(exc, Exception):
            raise
        return Report.objects.get(pk=report_id)
    try:
        with transaction.atomic():
            updated = Report.objects.filter(pk=report_id, task_id=task_id, status=Status.RUNNING).update(
                status=Status.DONE,
                file=name,
                sha256=hashlib.sha256(rendered.content).hexdigest(),
                page_count=rendered.page_count,
                size=len(rendered.content),
                finished_at=timezone.now(),
                error="",
            )
    except IntegrityError:
        # Two requests of the same data raced and both rendered: the partial unique constraint
        # keeps one done report per fingerprint; this one steps aside.
        with translation.override(report.language):
            error = gettext("An identical report was made at the same time: ask again to get it.")
        Report.objects.filter(pk=report_id, task_id=task_id).update(
            status=Status.FAILED, error=error, finished_at=timezone.now()
        )
        return Report.objects.get(pk=report_id)
    if not updated:
        logger.warning("report %s changed while rendering; result dropped", report_id)
    else:
        from riskassess.archive.services import report_seal_later

        report_seal_later(report_id=report_id)  # the sealed PDF/A-3 copy, a separate pdf task
    return Report.objects.get(pk=report_id)


def _plain_error(exc: BaseException) -> str:
    if type(exc).__name__ == "SoftTimeLimitExceeded":
        return gettext("The report took too long to make and was stopped. Try again later or ask for a smaller report.")
    message = str(exc).strip() or type(exc).__name__
    return (gettext("The report could not be made: %(reason)s") % {"reason": message})[:2000]


__all__ = [
    "AUDIENCE_EU",
    "report_request",
    "report_request_for_scored_revision",
    "report_retry",
    "report_render",
    "report_sweep",
]
