"""Writes of the coordinator console: create, open, close and re-score a campaign, extend its
deadline for a member state, and remind the member states that are late. Each writes the audit
trail."""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from riskassess.accounts.models import MemberState, Role, User
from riskassess.audit.services import audit_log
from riskassess.console import selectors
from riskassess.console.models import Reminder
from riskassess.core.exceptions import ApplicationError
from riskassess.dashboard.services import dashboard_invalidate
from riskassess.questionnaires import selectors as questionnaire_selectors
from riskassess.questionnaires.models import Campaign, StateDeadline, TemplateVersion

logger = logging.getLogger(__name__)
SCHEDULE_DAYS = (14, 7, 1)


def _set_status(*, campaign: Campaign, user, status: str, allowed_from: tuple[str, ...]) -> Campaign:
    with transaction.atomic():
        fresh = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if fresh.status not in allowed_from:
            raise ApplicationError(
                _("The campaign is %(status)s: this cannot be done now.")
                % {"status": fresh.get_status_display().lower()}
            )
        previous = fresh.status
        fresh.status = status
        fresh.save(update_fields=["status", "updated_at"])
        audit_log(
            action="update",
            actor=user,
            obj=fresh,
            summary=f"Campaign {fresh.name}: {previous} -> {status}",
            data={"status": status},
        )
    return fresh


def campaign_open(*, campaign: Campaign, user) -> Campaign:
    return _set_status(
        campaign=campaign, user=user, status=Campaign.Status.OPEN, allowed_from=(Campaign.Status.PLANNED,)
    )


def campaign_close(*, campaign: Campaign, user) -> Campaign:
    return _set_status(
        campaign=campaign, user=user, status=Campaign.Status.CLOSED, allowed_from=(Campaign.Status.OPEN,)
    )


def campaign_rescore_request(*, campaign: Campaign, user) -> None:
    """Queue the re-scoring of an open campaign (a closed campaign's scores stay as published)."""
    from riskassess.scoring.tasks import rescore_campaign

    if campaign.status != Campaign.Status.OPEN:
        raise ApplicationError(
            _("Only an open campaign can be re-scored; a closed campaign keeps its published scores.")
        )
    try:
        rescore_campaign.delay(campaign.pk)
    except Exception as e:  # the broker is unreachable: nothing was changed
        logger.exception("could not queue the re-scoring of campaign %s", campaign.pk)
        raise ApplicationError(_("The task queue is unreachable: nothing was re-scored. Try again later.")) from e
    audit_log(
        action="update",
        actor=user,
        obj=campaign,
        summary=f"Re-scoring of {campaign.name} queued",
        data={"rescore": True},
    )


def _recipients(state: MemberState) -> list[str]:
    return list(
        User.objects.filter(member_state=state, role__in=(Role.REGULATOR, Role.APPROVER), is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _message(campaign: Campaign, state: MemberState, row: dict, today: dt.date, deadline: dt.date) -> tuple[str, str]:
    days = (deadline - today).days
    subject = ngettext(
        "%(campaign)s: %(days)d day left to submit",
        "%(campaign)s: %(days)d days left to submit",
        max(days, 0),
    ) % {"campaign": campaign.name, "days": max(days, 0)}
    lines = [
        _("The deadline of the campaign %(campaign)s is %(deadline)s.")
        % {"campaign": campaign.name, "deadline": deadline.strftime("%d/%m/%Y")},
        "",
    ]
    if row["not_started"]:
        lines.append(_("%(state)s has not started any assessment yet.") % {"state": state.name})
    if row["drafts"]:
        lines.append(
            ngettext("%(n)d assessment is still a draft.", "%(n)d assessments are still drafts.", row["drafts"])
            % {"n": row["drafts"]}
        )
    if row["waiting"]:
        lines.append(
            ngettext(
                "%(n)d assessment waits for an approver.", "%(n)d assessments wait for an approver.", row["waiting"]
            )
            % {"n": row["waiting"]}
        )
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    lines += ["", _("Open riskassess: %(url)s") % {"url": base + reverse("home")}]
    return subject, "\n".join(lines)


def reminders_send(
    *,
    campaign: Campaign,
    user=None,
    days_before: int | None = None,
    today: dt.date | None = None,
    member_state_ids: set[int] | None = None,
) -> int:
    """E-mail the regulators and approvers of every member state with something pending in
    `campaign` (only those of `member_state_ids` when given). With `days_before` (the schedule),
    each state gets that reminder once. Each e-mail gives the state's own deadline (extended or
    the campaign's). Returns the number of e-mails sent."""
    today = today or timezone.localdate()
    if campaign.status != Campaign.Status.OPEN:
        raise ApplicationError(_("Reminders are sent only for an open campaign."))
    extended = questionnaire_selectors.state_deadlines(campaign=campaign)
    messages = []
    for row in selectors.chase_rows(campaign=campaign):
        if not row["pending"]:
            continue
        state = row["state"]
        if member_state_ids is not None and state.pk not in member_state_ids:
            continue
        emails = _recipients(state)
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    campaign=campaign,
                    member_state=state,
                    days_before=days_before,
                    recipients=len(emails),
                    sent_by=user if getattr(user, "is_authenticated", False) else None,
                )
        except IntegrityError:
            continue  # this scheduled reminder was sent already
        if emails:
            subject, body = _message(campaign, state, row, today, extended.get(state.pk, campaign.deadline))
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, emails))
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    audit_log(
        action="update",
        actor=user if getattr(user, "is_authenticated", False) else None,
        obj=campaign,
        summary=f"Deadline reminders for {campaign.name}: {sent} e-mails",
        data={"reminder": True, "days_before": days_before, "emails": sent},
    )
    return sent


def reminders_due(*, today: dt.date | None = None) -> int:
    """The scheduled reminders: for every open campaign, to each member state whose deadline (its
    extended one, else the campaign's) is 14, 7 or 1 days away."""
    today = today or timezone.localdate()
    sent = 0
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN):
        extended = questionnaire_selectors.state_deadlines(campaign=campaign)
        by_days: dict[int, set[int]] = {}
        for state_id in MemberState.objects.values_list("pk", flat=True):
            days = (extended.get(state_id, campaign.deadline) - today).days
            if days in SCHEDULE_DAYS:
                by_days.setdefault(days, set()).add(state_id)
        for days, state_ids in sorted(by_days.items()):
            sent += reminders_send(campaign=campaign, days_before=days, today=today, member_state_ids=state_ids)
    return sent


def campaign_create(
    *, name: str, template_version: TemplateVersion, opens_on: dt.date, deadline: dt.date, user
) -> Campaign:
    """A planned campaign on a published questionnaire version (regulators see it once it is opened)."""
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Give the campaign a name.")]
    elif Campaign.objects.filter(name__iexact=name).exists():
        errors["name"] = [_("A campaign with this name exists already.")]
    if not template_version.is_published:
        errors["template_version"] = [_("Choose a published questionnaire version.")]
    if deadline < opens_on:
        errors["deadline"] = [_("The deadline must be on or after the opening date.")]
    if errors:
        raise ApplicationError(_("The campaign was not created: correct the fields marked."), errors=errors)
    base = slugify(name)[:110] or "campaign"
    slug, n = base, 1
    while Campaign.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name,
            slug=slug,
            template_version=template_version,
            opens_on=opens_on,
            deadline=deadline,
            status=Campaign.Status.PLANNED,
        )
        audit_log(
            action="create",
            actor=user,
            obj=campaign,
            summary=f"Campaign {name} created on {template_version}",
            data={"template_version": template_version.pk, "opens_on": str(opens_on), "deadline": str(deadline)},
        )
    return campaign


def deadline_extend(
    *, campaign: Campaign, member_state: MemberState, deadline: dt.date, user, reason: str = ""
) -> StateDeadline:
    """Extend the deadline of a planned or open campaign for one member state. The date must be
    after the campaign's deadline; a later call replaces the earlier extension."""
    if campaign.status == Campaign.Status.CLOSED:
        raise ApplicationError(_("The campaign is closed: its deadlines can no longer be changed."))
    if deadline <= campaign.deadline:
        raise ApplicationError(
            _("The new deadline must be after the campaign's deadline (%(date)s).")
            % {"date": campaign.deadline.strftime("%d/%m/%Y")},
            errors={"deadline": [_("Choose a date after the campaign's deadline.")]},
        )
    with transaction.atomic():
        previous = (
            StateDeadline.objects.filter(campaign=campaign, member_state=member_state)
            .values_list("deadline", flat=True)
            .first()
        )
        extension, _created = StateDeadline.objects.update_or_create(
            campaign=campaign,
            member_state=member_state,
            defaults={"deadline": deadline, "reason": (reason or "").strip()[:300], "extended_by": user},
        )
        audit_log(
            action="update",
            actor=user,
            obj=campaign,
            summary=f"Deadline of {campaign.name} for {member_state.name}: "
            f"{previous or campaign.deadline} -> {deadline}",
            data={
                "member_state": member_state.pk,
                "deadline": str(deadline),
                "previous": str(previous or campaign.deadline),
                "reason": extension.reason,
            },
        )
        dashboard_invalidate(campaign_id=campaign.pk)
    return extension
