"""API test helpers: a DRF client per persona (session login), token headers, a filled assessment."""

import pytest
from rest_framework.test import APIClient

from riskassess.api.services import api_token_create
from riskassess.questionnaires import services

COMPLETE = {"A4": "yes", "A4a": "Ministry of Industry", "A6": "no", "B6": 12, "D1": "yes"}


@pytest.fixture
def api():
    """An APIClient; call api.force_authenticate(user) or use `login(user)`."""
    return APIClient()


@pytest.fixture
def login(api):
    def _login(user):
        api.force_authenticate(user=user)
        return api

    return _login


@pytest.fixture
def token_for():
    def _token_for(user, name="test"):
        _token, key = api_token_create(user=user, name=name)
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return _token_for


@pytest.fixture
def filled(fr_assessment, fr_regulator):
    """fr_assessment with every required answer saved (version 2)."""
    return services.answers_save(
        assessment=fr_assessment, user=fr_regulator, values=COMPLETE, expected_version=fr_assessment.version
    )


@pytest.fixture
def submitted(filled, fr_regulator):
    services.assessment_submit(assessment=filled, user=fr_regulator)
    filled.refresh_from_db()
    return filled


def url(path: str) -> str:
    return f"/api/v1/{path}"
