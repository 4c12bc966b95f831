"""Deadlines that pass raise a notice to the deciding authority: once, in the app and by e-mail
(received here by a real local SMTP server)."""

import datetime as dt
import socket

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from riskassess.register.models import DeadlineNotice
from riskassess.register.services import deadline_notices_raise, decision_record
from riskassess.register.tasks import raise_deadline_notices
from tests.factories import UserFactory


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


@pytest.fixture
def passed(germany, de_approver, supplier, asset_classes):
    de_approver.email = "approver@bnetza.example"
    de_approver.save()
    return decision_record(
        authority_state=germany,
        supplier=supplier,
        kind="restriction",
        instrument="Agreement with the operators",
        instrument_date="2024-07-11",
        scopes=[{"asset_class": "core_nf", "technology": "g5"}],
        deadlines=[
            {"asset_class": "core_nf", "technology": "g5", "transition": "2025-06-30", "phase_out": "2026-12-31"}
        ],
        confidential=False,
        reason="Agreement signed",
        user=de_approver,
    )


def test_a_passed_deadline_is_raised_once_and_mailed_to_the_deciding_state(
    smtp, passed, france, fr_regulator, de_regulator, client
):
    fr_regulator.email = "fr@anssi.example"
    fr_regulator.save()
    de_regulator.email = "de@bsi.example"
    de_regulator.save()
    new = deadline_notices_raise(today=dt.date(2026, 1, 1))
    assert [(n.deadline_kind, n.deadline) for n in new] == [("transition", dt.date(2025, 6, 30))]
    assert deadline_notices_raise(today=dt.date(2026, 1, 1)) == []  # once
    ((recipients, content),) = smtp.messages
    assert sorted(recipients) == ["approver@bnetza.example", "de@bsi.example"]  # not France
    assert "Register deadline passed: " in content and "core_nf" in content and "2025-06-30" in content
    assert DeadlineNotice.objects.get().emailed_at is not None
    # In the app: listed for Germany, 404 to France.
    client.force_login(de_regulator)
    page = client.get(reverse("register:notices")).content.decode()
    assert "2025" in page and "Mark as read" in page
    client.post(reverse("register:notice_read", args=[new[0].pk]))
    assert DeadlineNotice.objects.get().read_at is not None
    client.force_login(fr_regulator)
    assert "Agreement" not in client.get(reverse("register:notices")).content.decode()
    assert client.post(reverse("register:notice_read", args=[new[0].pk])).status_code == 404


def test_the_beat_task_raises_the_phase_out_too(smtp, passed, time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 2, 7, 0, tzinfo=dt.UTC))
    assert raise_deadline_notices() == 2
    assert len(smtp.messages) == 2  # one e-mail per notice


def test_an_eu_level_deadline_goes_to_the_coordinators(smtp, supplier, eu_coordinator, asset_classes):
    eu_coordinator.email = "coordinator@ec.example"
    eu_coordinator.save()
    UserFactory(username="other-coordinator", role="coordinator", member_state=None, email="")
    decision_record(
        eu_level=True,
        supplier=supplier,
        kind="designation",
        instrument="Implementing decision",
        instrument_date="2020-01-31",
        scopes=["core_nf"],
        confidential=False,
        reason="After the hearing",
        user=eu_coordinator,
    )
    (notice,) = deadline_notices_raise(today=dt.date(2023, 2, 1))
    assert notice.deadline == dt.date(2023, 1, 31)  # 36 months
    ((recipients, content),) = smtp.messages
    assert recipients == ["coordinator@ec.example"] and "EU" in content
