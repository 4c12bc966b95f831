"""Start from last year: the previous campaign's answers for the same supplier, where the questions
are the same, each marked "carried over" until confirmed or changed."""

import datetime as dt

import pytest
from django.urls import reverse

from riskassess.questionnaires import services
from riskassess.questionnaires.models import Answer, Assessment, Campaign
from tests.factories import CampaignFactory, TemplateVersionFactory

LAST_YEAR = {"A4": "no", "A6": "yes", "B6": 20, "D1": "no"}


@pytest.fixture
def last_year(france, supplier, fr_regulator, campaign):
    old = CampaignFactory(
        name="2025 annual",
        opens_on=campaign.opens_on - dt.timedelta(days=365),
        deadline=campaign.deadline - dt.timedelta(days=365),
    )
    assessment = services.assessment_create(campaign=old, member_state=france, supplier=supplier, user=fr_regulator)
    assessment = services.answers_save(assessment=assessment, user=fr_regulator, values=LAST_YEAR, expected_version=1)
    services.assessment_submit(assessment=assessment, user=fr_regulator)
    Campaign.objects.filter(pk=old.pk).update(status=Campaign.Status.CLOSED)
    return assessment


def test_starting_from_last_year_copies_the_same_questions(client, fr_regulator, campaign, supplier, last_year):
    client.force_login(fr_regulator)
    response = client.post(
        reverse("questionnaires:start"), {"campaign": campaign.pk, "supplier": supplier.pk, "carry_over": "1"}
    )
    new = Assessment.objects.get(campaign=campaign, supplier=supplier)
    assert response.url == reverse("questionnaires:overview", args=[new.pk])
    copied = dict(Answer.objects.filter(assessment=new).values_list("question_key", "value"))
    assert copied == LAST_YEAR
    assert set(Answer.objects.filter(assessment=new, carried_over=True).values_list("question_key", flat=True)) == set(
        LAST_YEAR
    )
    html = client.get(reverse("questionnaires:section", args=[new.pk, "A"])).content.decode()
    assert html.count("Carried over from last year") == 2  # A4 and A6


def test_confirming_or_changing_clears_the_mark(fr_regulator, campaign, france, supplier, last_year):
    new = services.assessment_create(campaign=campaign, member_state=france, supplier=supplier, user=fr_regulator)
    services.assessment_carry_over(assessment=new, user=fr_regulator)
    new.refresh_from_db()
    services.answers_save(
        assessment=new, user=fr_regulator, values={"B6": 30}, expected_version=new.version, confirmed=["A4"]
    )
    still = set(Answer.objects.filter(assessment=new, carried_over=True).values_list("question_key", flat=True))
    assert still == {"A6", "D1"}


def test_a_changed_question_is_not_carried_over(fr_regulator, campaign, france, supplier, last_year):
    definition = last_year.campaign.template_version.definition
    changed = {**definition, "sections": [dict(s) for s in definition["sections"]]}
    section_a = changed["sections"][0]
    section_a["questions"] = [
        {**q, "text": "Controlled by a foreign government, in law or in fact?"} if q["key"] == "A4" else q
        for q in section_a["questions"]
    ]
    version = TemplateVersionFactory(version="2", definition=changed)
    Campaign.objects.filter(pk=campaign.pk).update(template_version=version)
    campaign.refresh_from_db()
    new = services.assessment_create(campaign=campaign, member_state=france, supplier=supplier, user=fr_regulator)
    assert services.assessment_carry_over(assessment=new, user=fr_regulator) == 3
    assert not Answer.objects.filter(assessment=new, question_key="A4").exists()
