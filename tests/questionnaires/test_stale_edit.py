"""Two people editing the same assessment: the second save from a stale page is refused."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from riskassess.core.exceptions import StaleEdit
from riskassess.questionnaires import services
from riskassess.questionnaires.models import Answer


def page_version(html: str) -> int:
    return int(re.search(r'name="version" value="(\d+)"', html).group(1))


@pytest.fixture
def two_clients(fr_regulator, fr_approver):
    alice, bob = Client(), Client()
    alice.force_login(fr_regulator)
    bob.force_login(fr_approver)
    return alice, bob


def test_it_refuses_the_second_save_and_keeps_the_input(two_clients, fr_assessment):
    alice, bob = two_clients
    url = reverse("questionnaires:section", args=[fr_assessment.pk, "B"])
    alice_version = page_version(alice.get(url).content.decode())
    bob_version = page_version(bob.get(url).content.decode())
    assert alice_version == bob_version == 1

    first = alice.post(url, {"version": alice_version, "q-B6": "10"})
    assert first.status_code == 302

    second = bob.post(url, {"version": bob_version, "q-B6": "45", "c-B6": "from the audit"})
    assert second.status_code == 409
    html = second.content.decode()
    assert "Someone else saved this assessment" in html
    assert 'value="45"' in html and "from the audit" in html  # Bob's input is still on the page
    assert "Saved meanwhile by someone else" in html and "10 days" in html
    assert page_version(html) == 2
    assert Answer.objects.get(assessment=fr_assessment, question_key="B6").value == 10  # not overwritten

    third = bob.post(url, {"version": page_version(html), "q-B6": "45"})
    assert third.status_code == 302
    assert Answer.objects.get(assessment=fr_assessment, question_key="B6").value == 45


def test_it_raises_stale_edit_in_the_service(fr_assessment, fr_regulator):
    services.answers_save(assessment=fr_assessment, user=fr_regulator, values={"A6": "yes"}, expected_version=1)
    with pytest.raises(StaleEdit) as excinfo:
        services.answers_save(assessment=fr_assessment, user=fr_regulator, values={"A6": "no"}, expected_version=1)
    assert excinfo.value.current_version == 2
    assert Answer.objects.get(assessment=fr_assessment, question_key="A6").value == "yes"


def test_it_refuses_a_submit_from_a_stale_page(client, fr_assessment, fr_regulator):
    values = {"A4": "no", "B6": 3, "D1": "no"}
    services.answers_save(assessment=fr_assessment, user=fr_regulator, values=values, expected_version=1)
    client.force_login(fr_regulator)
    response = client.post(
        reverse("questionnaires:submit", args=[fr_assessment.pk]), {"version": 1, "declaration": "1"}, follow=True
    )
    assert "Someone else saved this assessment" in response.content.decode()
    fr_assessment.refresh_from_db()
    assert fr_assessment.status == "draft"
