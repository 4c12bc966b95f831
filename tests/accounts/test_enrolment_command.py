"""The command line issues enrolment links (and makes account managers)."""

import io

import pytest
from django.core.management import CommandError, call_command


def test_it_issues_a_link_and_makes_a_manager(fr_approver, mailoutbox, settings):
    settings.SITE_URL = "https://riskassess.example.eu"
    fr_approver.email = "a@arcep.example"
    fr_approver.save()
    out = io.StringIO()
    call_command("enrolment_link", fr_approver.username, "--manager", "--reset", stdout=out)
    assert "https://riskassess.example.eu/accounts/enrol/" in out.getvalue()
    fr_approver.refresh_from_db()
    assert fr_approver.manages_accounts and fr_approver.otp_reset_at is not None
    assert mailoutbox[-1].to == ["a@arcep.example"]


def test_it_refuses_an_eu_manager(eu_coordinator):
    eu_coordinator.email = "c@example.eu"
    eu_coordinator.save()
    with pytest.raises(CommandError):
        call_command("enrolment_link", eu_coordinator.username, "--manager")
