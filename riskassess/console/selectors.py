"""Reads of the coordinator console: campaigns and who is late in them."""

from typing import Any

from django.db.models import Count, QuerySet

from riskassess.accounts.models import MemberState
from riskassess.console.models import Reminder
from riskassess.questionnaires import selectors as questionnaire_selectors
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
    extended = questionnaire_selectors.state_deadlines(campaign=campaign)
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
            "deadline": extended.get(state.pk, campaign.deadline),
        }
        rows.append(row)
    rows.sort(key=lambda r: (not r["pending"], r["state"].protocol_order))
    return rows


def deadline_of(*, campaign: Campaign, member_state: MemberState):
    return questionnaire_selectors.deadline_for(campaign=campaign, member_state_id=member_state.pk)


def preview_sections(*, definition: dict[str, Any]) -> list[dict[str, Any]]:
    """Every section of a questionnaire drawn as the regulator's form draws it, with no answer,
    every question shown (also those shown only after some answer: `conditional`)."""
    from riskassess.questionnaires import view_models
    from riskassess.questionnaires.definition import iter_questions

    questions = list(iter_questions(definition))
    everything = {q["key"] for q in questions}
    out = []
    for section in definition.get("sections", []):
        views = view_models.build_question_views(
            [q for q in questions if q["section"] == section["key"]],
            shown=everything,
            answers={},
            comments={},
            evidence=[],
        )
        for view in views:
            view["hidden"] = False
            view["conditional"] = bool(view["q"].get("condition"))
        out.append({"section": section, "questions": views})
    return out


def late_states(*, campaign: Campaign) -> list[MemberState]:
    return [r["state"] for r in chase_rows(campaign=campaign) if r["pending"]]


def template_versions() -> QuerySet:
    from riskassess.questionnaires.models import TemplateVersion

    return TemplateVersion.objects.select_related("template").order_by("template__key", "-created_at")


def _plain(value: Any) -> str:
    """A rule or setting as short readable text (mappings as "key: value", lists joined)."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    return "" if value is None else str(value)


def template_readable(*, definition: dict[str, Any]) -> list[dict[str, Any]]:
    """The questionnaire as a reader sees it, with each question's rules in words."""
    from riskassess.questionnaires.display import question_options

    sections = []
    for section in definition.get("sections", []):
        questions = []
        for q in section.get("questions", []):
            scoring = q.get("scoring") or {}
            labels = dict(question_options(q)) if q.get("type") in ("ynu", "yn", "choice", "multi") else {}
            points = scoring.get("points") or {}
            questions.append(
                {
                    "q": q,
                    "options": [labels.get(v, v) for v in labels],
                    "weight": scoring.get("weight"),
                    # In the order of the question's choices, not of the stored mapping.
                    "points": [
                        (labels.get(k, k), points[k])
                        for k in [*(c for c in labels if c in points), *(k for k in points if k not in labels)]
                    ],
                    "other_rules": _plain({k: v for k, v in scoring.items() if k not in ("weight", "points")}),
                    "condition": _plain(q.get("condition")),
                    "checks": _plain(q.get("checks")),
                }
            )
        sections.append({"section": section, "questions": questions})
    return sections


def template_changes(*, old, new) -> list[dict[str, Any]]:
    """The comparison of two versions with old and new values in words."""
    from riskassess.questionnaires.template_versions import template_version_diff

    rows = []
    for entry in template_version_diff(old=old, new=new):
        rows.append({**entry, "old_text": _plain(entry.get("old")), "new_text": _plain(entry.get("new"))})
    return rows
