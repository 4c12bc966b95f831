"""The hearing's e-mails, received by a real SMTP server (aiosmtpd) on a free local port: a new
hearing and the decision to the supplier's users, an answer to the authority, the deadline
reminders 14, 7 and 1 days before (each once); content and language checked."""

import datetime as dt
import email
import socket

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from riskassess.hearings import notifications, services


class Inbox:
    def __init__(self):
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content)
        message["X-Rcpt"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def texts(self):
        return [
            (m["Subject"], m["X-Rcpt"], m.get_payload(decode=True).decode(), m["Content-Language"])
            for m in self.messages
        ]


@pytest.fixture
def inbox(settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = "https://riskassess.example.eu"
    yield handler
    controller.stop()


def _open(user, supplier, days=30):
    return services.hearing_open(
        user=user,
        supplier=supplier,
        subject="Control by a foreign state",
        grounds="g",
        deadline=timezone.localdate() + dt.timedelta(days=days),
    )


def test_the_supplier_hears_of_a_new_hearing_and_the_authority_of_its_answer(
    inbox, fr_regulator, fr_approver, supplier, supplier_user, other_supplier_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hearing = _open(fr_regulator, supplier)
    ((subject, to, body, language),) = inbox.texts()
    assert subject == "You are invited to be heard: Control by a foreign state"
    assert to == supplier_user.email and other_supplier_user.email not in to
    assert "ANSSI has opened a hearing on Nordic Radio" in body
    assert f"https://riskassess.example.eu/supplier/hearings/{hearing.pk}/" in body
    assert language == "en"
    with django_capture_on_commit_callbacks(execute=True):
        services.hearing_answer(user=supplier_user, hearing=hearing, statement="We disagree.")
    answered = inbox.texts()[1:]
    assert {to for _s, to, _b, _l in answered} == {fr_regulator.email, fr_approver.email}
    assert all(s == "Nordic Radio answered the hearing: Control by a foreign state" for s, *_ in answered)
    assert all(f"/hearings/{hearing.pk}/" in b and "/supplier/" not in b for _s, _t, b, _l in answered)


def test_the_supplier_hears_of_the_decision(
    inbox, fr_regulator, supplier, supplier_user, django_capture_on_commit_callbacks
):
    hearing = _open(fr_regulator, supplier)
    inbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.hearing_decide(
            user=fr_regulator,
            hearing=hearing,
            outcome="conditions",
            reasoning="Secret reasons",
            cited_answer_ids=[],
            instrument="Arrêté",
            instrument_date="2026-12-01",
        )
    ((subject, to, body, _language),) = inbox.texts()
    assert subject == "Decision after your hearing: Control by a foreign state"
    assert "Use allowed under conditions" in body and "Secret reasons" not in body  # the reasons: in the portal


@pytest.mark.parametrize(("days", "subject"), [(14, "14 days left"), (7, "7 days left"), (1, "1 day left")])
def test_reminders_go_out_14_7_and_1_days_before_once(inbox, fr_regulator, supplier, supplier_user, days, subject):
    hearing = _open(fr_regulator, supplier, days=days)
    inbox.messages.clear()
    assert notifications.reminders_due() == 1
    assert notifications.reminders_due() == 0  # once
    ((got, to, body, _language),) = inbox.texts()
    assert got.startswith(subject) and to == supplier_user.email
    assert hearing.deadline.strftime("%d/%m/%Y") in body


def test_no_reminder_on_other_days_nor_for_decided_hearings(inbox, fr_regulator, supplier, supplier_user):
    _open(fr_regulator, supplier, days=10)
    decided = _open(fr_regulator, supplier, days=7)
    services.hearing_decide(
        user=fr_regulator, hearing=decided, outcome="no_measure", reasoning="r", cited_answer_ids=[]
    )
    inbox.messages.clear()
    assert notifications.reminders_due() == 0
    assert inbox.messages == []
