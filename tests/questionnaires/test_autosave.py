"""Nothing typed is lost: the section page saves in the background, and the version check compares
field by field, so only answers both sides changed are flagged."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from riskassess.core.exceptions import StaleEdit
from riskassess.questionnaires import services
from riskassess.questionnaires.models import Answer


def autosave_url(assessment, section: str) -> str:
    return reverse("questionnaires:section_autosave", args=[assessment.pk, section])


def section_url(assessment, section: str) -> str:
    return reverse("questionnaires:section", args=[assessment.pk, section])


def page_state(html: str) -> tuple[int, str]:
    version = int(re.search(r'name="version" value="(\d+)"', html).group(1))
    raw = re.search(r'name="base" value="([^"]*)"', html).group(1)
    return version, raw.replace("&quot;", '"')


@pytest.fixture
def two_windows(fr_regulator):
    first, second = Client(), Client()
    first.force_login(fr_regulator)
    second.force_login(fr_regulator)
    return first, second


def test_autosave_returns_the_new_version_and_base(client, fr_regulator, fr_assessment):
    client.force_login(fr_regulator)
    version, base = page_state(client.get(section_url(fr_assessment, "A")).content.decode())
    response = client.post(autosave_url(fr_assessment, "A"), {"version": version, "base": base, "q-A6": "yes"})
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == version + 1
    assert body["base"]["values"] == {"A6": "yes"}
    assert body["saved_at"]
    assert Answer.objects.get(assessment=fr_assessment, question_key="A6").value == "yes"


def test_autosave_reports_invalid_answers_next_to_their_question(client, fr_regulator, fr_assessment):
    client.force_login(fr_regulator)
    version, base = page_state(client.get(section_url(fr_assessment, "B")).content.decode())
    response = client.post(autosave_url(fr_assessment, "B"), {"version": version, "base": base, "q-B6": "soon"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["B6"]
    assert not Answer.objects.filter(assessment=fr_assessment, question_key="B6").exists()


def test_a_save_after_another_one_keeps_both_when_they_changed_different_answers(fr_assessment, fr_regulator):
    base = {"values": {}, "comments": {}}
    services.answers_save(assessment=fr_assessment, user=fr_regulator, values={"A6": "yes"}, expected_version=1)
    # The second window still shows version 1 with A6 empty; it changes A4 only.
    services.answers_save(
        assessment=fr_assessment, user=fr_regulator, values={"A4": "no", "A6": None}, expected_version=1, base=base
    )
    saved = dict(Answer.objects.filter(assessment=fr_assessment).values_list("question_key", "value"))
    assert saved == {"A4": "no", "A6": "yes"}  # A6 was not touched by the second window: not reverted
    fr_assessment.refresh_from_db()
    assert fr_assessment.version == 3


def test_only_answers_both_sides_changed_are_flagged(fr_assessment, fr_regulator, fr_approver):
    base = {"values": {}, "comments": {}}
    services.answers_save(
        assessment=fr_assessment, user=fr_approver, values={"A4": "yes", "A4a": "State council"}, expected_version=1
    )
    with pytest.raises(StaleEdit) as excinfo:
        services.answers_save(
            assessment=fr_assessment,
            user=fr_regulator,
            values={"A4": "no", "A6": "yes"},
            expected_version=1,
            base=base,
        )
    assert excinfo.value.conflicts == ["A4"]
    assert excinfo.value.changed == ["A4", "A6"]
    assert excinfo.value.same_user is False
    assert "Someone else" in excinfo.value.message
    assert Answer.objects.get(assessment=fr_assessment, question_key="A4").value == "yes"


def test_the_same_user_in_two_windows_is_told_so(two_windows, fr_assessment):
    first, second = two_windows
    version, base = page_state(first.get(section_url(fr_assessment, "B")).content.decode())
    second_version, second_base = page_state(second.get(section_url(fr_assessment, "B")).content.decode())
    assert (
        first.post(section_url(fr_assessment, "B"), {"version": version, "base": base, "q-B6": "10"}).status_code == 302
    )

    response = second.post(
        section_url(fr_assessment, "B"), {"version": second_version, "base": second_base, "q-B6": "45"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "you changed this assessment in another window" in html
    assert "Saved meanwhile by you in another window:" in html and "10 days" in html
    assert 'value="45"' in html  # the input is kept
    assert Answer.objects.get(assessment=fr_assessment, question_key="B6").value == 10

    # Saving again from the refused page writes B6 only, on the current version.
    version, base = page_state(html)
    assert json.loads(base)["values"] == {"B6": 10}
    again = second.post(section_url(fr_assessment, "B"), {"version": version, "base": base, "q-B6": "45"})
    assert again.status_code == 302
    assert Answer.objects.get(assessment=fr_assessment, question_key="B6").value == 45


def test_autosave_conflict_answers_409_with_the_questions(two_windows, fr_assessment, fr_approver):
    first, _second = two_windows
    version, base = page_state(first.get(section_url(fr_assessment, "A")).content.decode())
    services.answers_save(assessment=fr_assessment, user=fr_approver, values={"A6": "no"}, expected_version=version)
    response = first.post(autosave_url(fr_assessment, "A"), {"version": version, "base": base, "q-A6": "yes"})
    assert response.status_code == 409
    assert response.json()["conflicts"] == ["A6"]
    assert response.json()["same_user"] is False
    assert Answer.objects.get(assessment=fr_assessment, question_key="A6").value == "no"


def test_autosave_of_a_foreign_assessment_is_404(client, de_regulator, fr_assessment):
    client.force_login(de_regulator)
    response = client.post(autosave_url(fr_assessment, "A"), {"version": 1, "q-A6": "yes"})
    assert response.status_code == 404
    assert not Answer.objects.filter(assessment=fr_assessment).exists()
