"""Writes for reports: ask for one, make it (in the pdf worker), retry a failed one.

Flow: `report_request` checks access, computes the fingerprint of the data, returns the done report
of the same fingerprint at once if there is one, else creates a queued Report and enqueues
`render_report` on commit. The worker calls `report_render`, which claims the report with one
conditional UPDATE (a redelivered message does no harm), renders, writes the file under a temporary
name and moves it into place (a half-written file is never served), and marks it done or failed.
"""

import datetime as dt
import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from riskassess.core.exceptions import ApplicationError
from riskassess.core.transactions import on_commit_robust
from riskassess.reports import selectors
from riskassess.reports.models import AUDIENCE_EU, TLP_CHOICES, Report

logger = logging.getLogger(__name__)

Kind = Report.Kind
Status = Report.Status
MAX_ATTEMPTS = 3
REENQUEUE_AFTER = dt.timedelta(minutes=2)
TLP_VALUES = [value for value, _ in TLP_CHOICES]


def _enqueue(report: Report) -> None:
    from riskassess.reports.tasks import render_report

    # robust=True: with the broker down the request still succeeds; the report stays queued and
    # "Retry" (or the next request of the same report) enqueues it again.
    on_commit_robust(render_report.delay, report.id)


def _request(*, kind, user, tlp, audience, score=None, **targets) -> Report:
    if tlp not in TLP_VALUES:
        raise ApplicationError("Choose a TLP marking from the list.", errors={"tlp": ["Unknown TLP marking."]})
    if kind == Kind.ASSESSMENT:
        revision, score = selectors.assessment_report_inputs(assessment=targets["assessment"], score=score)
        if revision is None:
            raise ApplicationError("This assessment has not been submitted yet: there is nothing to report.")
    fingerprint = selectors.report_fingerprint(kind=kind, tlp=tlp, audience=audience, score=score, **targets)
    if done := selectors.done_report(kind=kind, fingerprint=fingerprint):
        return done
    if pending := selectors.pending_report(kind=kind, fingerprint=fingerprint):
        if pending.status == Status.QUEUED and pending.created_at < timezone.now() - REENQUEUE_AFTER:
            # Perhaps its message was lost (broker down at commit): send it again; the claim in
            # report_render makes a duplicate harmless.
            _enqueue(pending)
        return pending
    report = Report.objects.create(
        kind=kind,
        tlp=tlp,
        audience=audience,
        fingerprint=fingerprint,
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
    tlp: str = "TLP:AMBER",
    assessment=None,
    member_state=None,
    supplier=None,
    campaign=None,
) -> Report:
    """Ask for a report; returns the done report of unchanged data at once, else a queued one."""
    targets = selectors.report_targets_for_user(
        kind=kind, user=user, assessment=assessment, member_state=member_state, supplier=supplier, campaign=campaign
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
        tlp=assessment.tlp if assessment.tlp in TLP_VALUES else "TLP:AMBER",
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
        raise ApplicationError("Only a failed report can be retried.")
    Report.objects.filter(pk=report.pk, status=Status.FAILED).update(
        status=Status.QUEUED, attempts=0, error="", task_id="", started_at=None, finished_at=None
    )
    report.refresh_from_db()
    _enqueue(report)
    return report


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
        return None
    report = Report.objects.select_related("assessment", "member_state", "supplier", "campaign", "score").get(
        pk=report_id
    )
    try:
        from riskassess.reports.contexts import report_context
        from riskassess.reports.rendering import render_html, render_pdf_document

        html = render_html(report.kind, report_context(report))
        rendered = render_pdf_document(html)
        name = _write_file(report, rendered.content)
    except BaseException as exc:  # SoftTimeLimitExceeded included: the report must not stay running
        logger.exception("report %s failed", report_id)
        Report.objects.filter(pk=report_id, task_id=task_id).update(
            status=Status.FAILED, error=_plain_error(exc), finished_at=timezone.now()
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
        Report.objects.filter(pk=report_id, task_id=task_id).update(
            status=Status.FAILED,
            error="An identical report was made at the same time: ask again to get it.",
            finished_at=timezone.now(),
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
        return "The report took too long to make and was stopped. Try again later or ask for a smaller report."
    message = str(exc).strip() or type(exc).__name__
    return f"The report could not be made: {message}"[:2000]


__all__ = [
    "AUDIENCE_EU",
    "report_request",
    "report_request_for_scored_revision",
    "report_retry",
    "report_render",
]
