"""The score of an assessment with its explanation, and its revisions."""

from riskassess.scoring.models import Score
from tests.api.conftest import url


def make_score(assessment, **fields):
    revision = assessment.revisions.get(number=assessment.current_revision)
    return Score.objects.create(
        assessment=assessment,
        revision=revision,
        rules_hash="a" * 64,
        engine_version="1",
        overall=fields.get("overall", 62.5),
        band=fields.get("band", "elevated"),
        confidence=0.5,
        triggers=[],
        sections={"A": {"score": 70.0, "weight": 60, "confidence": 0.5}},
        contributions=[{"question": "A4", "answer": "yes", "points": 100, "weight": 5, "contribution": 30.0}],
        flags=[],
        is_current=True,
    )


def test_it_says_none_before_the_first_submission(login, fr_regulator, fr_assessment):
    body = login(fr_regulator).get(url(f"assessments/{fr_assessment.pk}/score/")).json()
    assert body == {"state": "none", "current_revision": 0, "score": None}


def test_it_shows_the_queued_state_after_submission(login, fr_regulator, submitted):
    body = login(fr_regulator).get(url(f"assessments/{submitted.pk}/score/")).json()
    assert body["state"] in ("queued", "delayed") and body["score"] is None and body["current_revision"] == 1


def test_it_explains_the_current_score(login, eu_coordinator, submitted):
    make_score(submitted)
    body = login(eu_coordinator).get(url(f"assessments/{submitted.pk}/score/")).json()
    assert body["score"]["overall"] == 62.5 and body["score"]["band"] == "elevated"
    assert body["score"]["revision"] == 1 and body["score"]["rules_version"] == "a" * 12
    assert body["score"]["contributions"][0]["question"] == "A4"


def test_it_lists_revisions_with_their_scores(login, fr_regulator, submitted):
    make_score(submitted)
    client = login(fr_regulator)
    revisions = client.get(url(f"assessments/{submitted.pk}/revisions/")).json()
    assert [r["number"] for r in revisions] == [1]
    assert revisions[0]["score"]["band"] == "elevated" and revisions[0]["submitted_by"] == "fr-regulator"
    detail = client.get(url(f"assessments/{submitted.pk}/revisions/1/")).json()
    assert detail["answers"]["A4"] == "yes" and detail["score"]["overall"] == 62.5
    assert client.get(url(f"assessments/{submitted.pk}/revisions/2/")).status_code == 404
