"""A user of another member state gets 404 for every method of every object route, with a session
and with a token; EU roles get 404 for drafts they may not see."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from riskassess.questionnaires import services
from tests.api.conftest import url

ASSESSMENT_ROUTES = [
    ("get", "assessments/{a}/"),
    ("patch", "assessments/{a}/"),
    ("get", "assessments/{a}/answers/"),
    ("patch", "assessments/{a}/answers/"),
    ("put", "assessments/{a}/answers/"),
    ("post", "assessments/{a}/submit/"),
    ("post", "assessments/{a}/approve/"),
    ("post", "assessments/{a}/return/"),
    ("get", "assessments/{a}/score/"),
    ("get", "assessments/{a}/revisions/"),
    ("get", "assessments/{a}/revisions/1/"),
    ("get", "assessments/{a}/evidence/"),
    ("post", "assessments/{a}/evidence/"),
    ("get", "evidence/{e}/"),
    ("delete", "evidence/{e}/"),
    ("get", "evidence/{e}/download/"),
]
BODY = {
    "version": 2,
    "tlp": "TLP:RED",
    "answers": {"A4": "no"},
    "comment": "x",
    "question_key": "A4",
    "url": "https://x.eu",
}


@pytest.fixture
def fr_objects(settings, tmp_path, fr_regulator, filled):
    settings.MEDIA_ROOT = tmp_path
    evidence = services.evidence_add_file(
        assessment=filled, user=fr_regulator, question_key="A4", uploaded_file=SimpleUploadedFile("a.txt", b"text")
    )
    services.assessment_submit(assessment=filled, user=fr_regulator)
    return {"a": filled.pk, "e": evidence.pk}


@pytest.mark.parametrize(("method", "path"), ASSESSMENT_ROUTES)
def test_it_hides_french_objects_from_a_german_regulator(api, de_regulator, fr_objects, method, path):
    api.force_authenticate(de_regulator)
    response = getattr(api, method)(url(path.format(**fr_objects)), BODY, format="json")
    assert response.status_code == 404, response.content
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize(("method", "path"), ASSESSMENT_ROUTES)
def test_it_hides_french_objects_from_a_german_token(client, token_for, de_approver, fr_objects, method, path):
    headers = token_for(de_approver)
    response = getattr(client, method)(url(path.format(**fr_objects)), BODY, content_type="application/json", **headers)
    assert response.status_code == 404


@pytest.mark.parametrize(("method", "path"), ASSESSMENT_ROUTES)
def test_it_hides_a_draft_from_eu_roles(api, eu_coordinator, observer, fr_regulator, fr_assessment, method, path):
    evidence = services.evidence_add_reference(
        assessment=fr_assessment, user=fr_regulator, question_key="A4", url="https://example.eu/"
    )
    for user in (eu_coordinator, observer):
        api.force_authenticate(user)
        response = getattr(api, method)(url(path.format(a=fr_assessment.pk, e=evidence.pk)), BODY, format="json")
        assert response.status_code == 404, (user, response.content)


def test_it_lets_the_french_regulator_reach_the_same_routes(api, fr_regulator, fr_objects):
    api.force_authenticate(fr_regulator)
    for method, path in ASSESSMENT_ROUTES:
        if method == "get":
            assert api.get(url(path.format(**fr_objects))).status_code == 200, path
