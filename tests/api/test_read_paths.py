"""The two API reads the bench compares with their floor (docs/bench.md): one assessment's answers
and a list page of 50 assessments. Their query counts are pinned, token authentication included,
and the lean list rows are exactly what the model serializer gives."""

import pytest
from django.core.cache import cache

from riskassess.api.apis.assessments import AssessmentOutput
from riskassess.questionnaires import services
from riskassess.questionnaires.models import Assessment
from tests.api.conftest import COMPLETE, url
from tests.factories import AssessmentFactory, SupplierFactory

# Answers read: the token (cached after the first request), the assessment with its campaign, the
# answers.
ANSWERS_READ_QUERIES = 2
# List page: the token (cached), the count, the page.
LIST_PAGE_QUERIES = 2


@pytest.fixture
def fifty(campaign, france, fr_regulator):
    assessments = [
        AssessmentFactory(campaign=campaign, member_state=france, supplier=SupplierFactory(name=f"Vendor {i:02}"))
        for i in range(50)
    ]
    services.answers_save(assessment=assessments[0], user=fr_regulator, values=COMPLETE, expected_version=1)
    services.assessment_submit(assessment=Assessment.objects.get(pk=assessments[0].pk), user=fr_regulator)
    return assessments


@pytest.fixture(autouse=True)
def token_cache(settings):
    """The token cache on, as it is with Redis (here in the test process's memory)."""
    settings.API_TOKEN_CACHE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


def test_an_answers_read_costs_the_token_once_then_two_queries(
    client, fr_regulator, fr_assessment, token_for, django_assert_num_queries
):
    headers = token_for(fr_regulator)
    services.answers_save(
        assessment=fr_assessment, user=fr_regulator, values={"A4": "no", "B6": 12}, expected_version=1
    )
    path = url(f"assessments/{fr_assessment.pk}/answers/")
    assert client.get(path, **headers).status_code == 200  # the token is now in the cache

    with django_assert_num_queries(ANSWERS_READ_QUERIES):
        response = client.get(path, **headers)

    assert response.status_code == 200
    body = response.json()
    assert body["assessment"] == fr_assessment.pk and body["version"] == 2
    assert body["answers"] == {"A4": "no", "B6": 12}
    assert body["comments"] == {}


def test_a_list_page_of_fifty_costs_two_queries(client, fr_regulator, fifty, token_for, django_assert_num_queries):
    headers = token_for(fr_regulator)
    path = url("assessments/?page_size=50")
    assert client.get(path, **headers).status_code == 200

    with django_assert_num_queries(LIST_PAGE_QUERIES):
        response = client.get(path, **headers)

    assert response.status_code == 200
    assert len(response.json()["results"]) == 50


def test_the_lean_list_rows_are_the_model_serializer_output(client, fr_regulator, fifty, token_for):
    body = client.get(url("assessments/?page_size=50&ordering=-updated_at"), **token_for(fr_regulator)).json()

    ids = [row["id"] for row in body["results"]]
    objects = Assessment.objects.select_related("campaign", "member_state", "supplier").in_bulk(ids)
    assert body["results"] == AssessmentOutput([objects[i] for i in ids], many=True).data
    assert body["count"] == 50
    assert body["results"][0]["updated_at"] >= body["results"][-1]["updated_at"]


def test_the_answers_read_is_what_its_serializer_gives(client, fr_regulator, fr_assessment, token_for):
    from riskassess.api.apis.assessments import AnswersApi

    saved = services.answers_save(
        assessment=fr_assessment,
        user=fr_regulator,
        values={"A4": "yes", "A4a": "Ministry", "B6": 30},
        comments={"B6": "From the vendor's report."},
        expected_version=1,
    )
    body = client.get(url(f"assessments/{fr_assessment.pk}/answers/"), **token_for(fr_regulator)).json()

    assert body == AnswersApi.OutputSerializer(AnswersApi._output(saved)).data
    assert body["comments"] == {"B6": "From the vendor's report."}
