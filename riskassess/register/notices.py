"""The e-mail of a passed register deadline, sent to the deciding authority."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from riskassess.register.models import DeadlineNotice


def notice_recipients(*, notice: DeadlineNotice) -> list[str]:
    """The active users of the deciding authority with an e-mail address: the regulators and
    approvers of the member state; the coordinators for an EU-level record."""
    from riskassess.accounts.models import NATIONAL_ROLES, Role, User

    record = notice.record
    users = User.objects.filter(is_active=True).exclude(email="")
    if record.eu_level:
        users = users.filter(role=Role.COORDINATOR)
    else:
        users = users.filter(member_state_id=record.authority_state_id, role__in=NATIONAL_ROLES)
    return sorted(set(users.values_list("email", flat=True)))


def notice_send(*, notice: DeadlineNotice) -> bool:
    """Send the notice's e-mail (in English, the authoritative language). True when sent."""
    recipients = notice_recipients(notice=notice)
    if not recipients:
        return False
    with translation.override("en"):
        context = {"notice": notice, "record": notice.record, "site_url": settings.SITE_URL}
        subject = _("Register deadline passed: %(supplier)s") % {"supplier": notice.record.supplier.name}
        body = render_to_string("register/email/deadline_notice.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return True
