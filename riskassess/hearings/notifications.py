"""E-mails of a hearing (Django's mail framework; SMTP from the environment, the console under
`make run`): a new hearing and the decision to the supplier's users; an approaching deadline
(14, 7 and 1 days before, `reminders_due`, daily by beat) to the supplier's users; an answer
received to the hearing authority. Written in the site's language (settings.LANGUAGE_CODE), marked
with Content-Language; no mail carries more than the supplier portal shows.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from riskassess.accounts.models import User
from riskassess.hearings.models import DeadlineReminder, Hearing

REMINDER_DAYS = (14, 7, 1)


def _url(name: str, *args: Any) -> str:
    return (getattr(settings, "SITE_URL", "") or "").rstrip("/") + reverse(name, args=args)


def supplier_recipients(hearing: Hearing) -> list[str]:
    return sorted(
        User.objects.filter(role="supplier", supplier_id=hearing.supplier_id, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def authority_recipients(hearing: Hearing) -> list[str]:
    if hearing.member_state_id is None:
        users = User.objects.filter(role="coordinator")
    else:
        users = User.objects.filter(role__in=["regulator", "approver"], member_state_id=hearing.member_state_id)
    return sorted(users.filter(is_active=True).exclude(email="").values_list("email", flat=True))


def _send(subject: str, lines: list[str], to: list[str]) -> int:
    if not to:
        return 0
    language = settings.LANGUAGE_CODE
    # One message per recipient: supplier addresses are never shown to one another.
    messages = [
        EmailMessage(
            subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [address], headers={"Content-Language": language}
        )
        for address in to
    ]
    return get_connection().send_messages(messages) or 0


def _deadline(hearing: Hearing) -> str:
    return hearing.deadline.strftime("%d/%m/%Y")


def notify_opened(hearing: Hearing) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("You are invited to be heard: %(subject)s") % {"subject": hearing.subject}
        lines = [
            _("%(authority)s has opened a hearing on %(supplier)s before taking a decision.")
            % {"authority": hearing.authority_label, "supplier": hearing.supplier.name},
            "",
            _("Send your answer by %(deadline)s.") % {"deadline": _deadline(hearing)},
            _("Read the grounds and the disclosed documents, and answer, in the supplier portal: %(url)s")
            % {"url": _url("supplier:hearing", hearing.pk)},
        ]
        return _send(subject, lines, supplier_recipients(hearing))


def notify_answered(hearing: Hearing) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(supplier)s answered the hearing: %(subject)s") % {
            "supplier": hearing.supplier.name,
            "subject": hearing.subject,
        }
        lines = [
            _("%(supplier)s sent an answer to the hearing you opened.") % {"supplier": hearing.supplier.name},
            _("Read it: %(url)s") % {"url": _url("hearings:detail", hearing.pk)},
        ]
        return _send(subject, lines, authority_recipients(hearing))


def notify_decided(hearing: Hearing) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Decision after your hearing: %(subject)s") % {"subject": hearing.subject}
        lines = [
            _("%(authority)s has decided after hearing %(supplier)s: %(outcome)s.")
            % {
                "authority": hearing.authority_label,
                "supplier": hearing.supplier.name,
                "outcome": hearing.get_outcome_display(),
            },
            _("Read the reasons in the supplier portal: %(url)s") % {"url": _url("supplier:hearing", hearing.pk)},
        ]
        return _send(subject, lines, supplier_recipients(hearing))


def notify_deadline(hearing: Hearing, days: int) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "%(days)d day left to answer the hearing: %(subject)s",
            "%(days)d days left to answer the hearing: %(subject)s",
            days,
        ) % {"days": days, "subject": hearing.subject}
        lines = [
            _("The deadline for your answer to %(authority)s is %(deadline)s.")
            % {"authority": hearing.authority_label, "deadline": _deadline(hearing)},
            _("Answer in the supplier portal: %(url)s") % {"url": _url("supplier:hearing", hearing.pk)},
        ]
        return _send(subject, lines, supplier_recipients(hearing))


def reminders_due(*, today: dt.date | None = None) -> int:
    """The reminders 14, 7 and 1 days before each open hearing's deadline, each sent once per
    deadline (an extension starts a new series). Returns the number of e-mails sent."""
    today = today or timezone.localdate()
    sent = 0
    for hearing in Hearing.objects.filter(status=Hearing.Status.OPEN).select_related("supplier", "member_state"):
        days = (hearing.deadline - today).days
        if days not in REMINDER_DAYS:
            continue
        try:
            with transaction.atomic():
                DeadlineReminder.objects.create(hearing=hearing, deadline=hearing.deadline, days_before=days)
        except IntegrityError:
            continue  # sent already
        sent += notify_deadline(hearing, days)
    return sent
