"""Supplier statements beside the state's own answers in the questionnaire, taken over with a
click (marked as taken from the statement), the state keeping its own judgment."""

import pytest
from django.urls import reverse

from riskassess.hearings import services
from riskassess.questionnaires.selectors import comments_for_assessment
from tests.factories import AssessmentFactory, CampaignFactory


@pytest.fixture
def assessment(default_template_version, france, supplier):
    campaign = CampaignFactory(name="2027 annual", template_version=default_template_version)
    return AssessmentFactory(campaign=campaign, member_state=france, supplier=supplier)


@pytest.fixture
def statements(supplier_user):
    return {
        "legal": services.statement_add(user=supplier_user, topic="legal_entity", text="Nordic Radio Oy, LEI 5299"),
        "made": services.statement_add(user=supplier_user, topic="manufacturing", text="Finland and Estonia"),
    }


def test_the_section_page_shows_the_statements_beside_the_answers(client, fr_regulator, assessment, statements):
    client.force_login(fr_regulator)
    page = client.get(reverse("questionnaires:section", args=[assessment.pk, "A"])).content.decode()
    assert "What the supplier states" in page
    assert "Nordic Radio Oy, LEI 5299" in page and "Finland and Estonia" in page
    assert reverse("hearings:statement_take_over", args=[statements["legal"].pk]) in page
    other = client.get(reverse("questionnaires:section", args=[assessment.pk, "B"])).content.decode()
    assert "Nordic Radio Oy" not in other


def test_a_text_answer_is_taken_over_and_marked(client, fr_regulator, assessment, statements):
    client.force_login(fr_regulator)
    response = client.post(
        reverse("hearings:statement_take_over", args=[statements["legal"].pk]), {"assessment": assessment.pk}
    )
    assert response.status_code == 302 and response["Location"].endswith("/sections/A/#q-A1")
    assessment.refresh_from_db()
    assert assessment.answers.get(question_key="A1").value == "Nordic Radio Oy, LEI 5299"
    assert comments_for_assessment(assessment=assessment)["A1"].startswith("Taken from the supplier's statement of")


def test_another_question_keeps_its_answer_and_gets_the_statement_in_its_comment(
    client, fr_regulator, assessment, statements
):
    client.force_login(fr_regulator)
    client.post(reverse("hearings:statement_take_over", args=[statements["made"].pk]), {"assessment": assessment.pk})
    assert assessment.answers.get(question_key="A7").value in (None, "", [])  # its answer: the state's own
    comment = comments_for_assessment(assessment=assessment)["A7"]
    assert "Taken from the supplier's statement" in comment and "Finland and Estonia" in comment


def test_another_state_cannot_take_over_into_the_assessment(client, de_regulator, assessment, statements):
    client.force_login(de_regulator)
    response = client.post(
        reverse("hearings:statement_take_over", args=[statements["legal"].pk]), {"assessment": assessment.pk}
    )
    assert response.status_code == 404
    assert not assessment.answers.filter(question_key="A1").exists()
