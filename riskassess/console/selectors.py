"""Reads of the coordinator console: campaigns and who is late in them."""

from typing import Any

from django.db.models import Count, QuerySet

from riskassess.accounts.models import MemberState
from riskassess.console.models import Reminder
from riskassess.questionnaires.models import Assessment, Campaign


def campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("template_version").annotate(assessment_count=Count("assessments"))


def chase_rows(*, campaign: Campaign) -> list[dict[str, Any]]:
    """Per member state: assessments in draft (or returned), waiting for approval, approved, and
    whether it has started at all; the last reminder sent. States with something pending first."""
    counts: dict[int, dict[str, int]] = {}
    for ms_id, status, n in (
        Assessment.objects.filter(campaign=campaign)
        .values_list("member_state_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts.setdefault(ms_id, {})[status] = n
    last: dict[int, Reminder] = {}
    for reminder in Reminder.objects.filter(campaign=campaign).order_by("sent_at"):
        last[reminder.member_state_id] = reminder
    rows: list[dict[str, Any]] = []
    for state in MemberState.objects.order_by("protocol_order", "name"):
        c = counts.get(state.pk, {})
        drafts = c.get(Assessment.Status.DRAFT, 0) + c.get(Assessment.Status.RETURNED, 0)
        waiting = c.get(Assessment.Status.SUBMITTED, 0)
        approved = c.get(Assessment.Status.APPROVED, 0)
        row: dict[str, Any] = {
            "state": state,
            "not_started": not c,
            "drafts": drafts,
            "waiting": waiting,
            "approved": approved,
            "pending": (not c) or drafts > 0 or waiting > 0,
            "last_reminder": last.get(state.pk),
        }
        rows.append(row)
    rows.sort(key=lambda r: (not r["pending"], r["state"].protocol_order))
    return rows


def late_states(*, campaign: Campaign) -> list[MemberState]:
    return [r["state"] for r in chase_rows(campaign=campaign) if r["pending"]]
