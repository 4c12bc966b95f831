"""The client's address behind our reverse proxies (DJANGO_TRUSTED_PROXY_COUNT), as the lockout and audit see it."""

import pytest
from django.test import Client, override_settings

from riskassess.audit.models import AuditEvent

FORWARDED = "10.9.9.9, 203.0.113.5, 198.51.100.1"  # spoofed by the client, client, first proxy


@pytest.mark.parametrize(
    ("proxies", "expected"),
    [(0, "192.0.2.200"), (1, "198.51.100.1"), (2, "203.0.113.5")],
)
def test_it_takes_the_address_the_trusted_proxies_saw(fr_regulator, proxies, expected):
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        client = Client()  # middleware is built with the setting in force
        client.post(
            "/accounts/login/",
            {"username": fr_regulator.username, "password": "not the password"},
            REMOTE_ADDR="192.0.2.200",
            HTTP_X_FORWARDED_FOR=FORWARDED,
        )
    assert AuditEvent.objects.get(action="login_failed").ip_address == expected


def test_it_ignores_a_header_shorter_than_the_proxy_chain(fr_regulator):
    with override_settings(TRUSTED_PROXY_COUNT=2):
        Client().post(
            "/accounts/login/",
            {"username": fr_regulator.username, "password": "not the password"},
            REMOTE_ADDR="192.0.2.200",
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        )
    assert AuditEvent.objects.get(action="login_failed").ip_address == "192.0.2.200"
