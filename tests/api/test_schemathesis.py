"""Fuzzing the API from its OpenAPI schema (schemathesis): for every operation, 50 generated requests
(valid and invalid), sent in turn as a regulator, an approver, an EU coordinator and a supplier
user (the supplier portal: 404 everywhere else), never get a 5xx and every response matches the
schema (status code, content type, body).

Path parameters are pointed at real objects of the persona's reach half of the time, so the
fuzzing reaches the code behind the 404s as well."""

import datetime as dt
import itertools
import json

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from riskassess.api.services import api_token_create
from riskassess.hearings import services as hearings
from riskassess.questionnaires import services
from riskassess.reports.services import report_request
from riskassess.wsgi import application

PERSONAS = ["fr_regulator", "fr_approver", "eu_coordinator", "supplier_user"]
# No 5xx; status code, content type, headers and body as documented; an operation that needs
# credentials refuses a request without them. Invalid input (negative generation) is sent too and
# must be answered within the schema. Not asserted: that any schema-valid input is accepted (a
# well-formed body may still break a rule of the domain: 400) and that every invalid input is
# refused (DRF coerces 1 to "1").
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.ignored_auth,
]


@pytest.fixture
def objects(settings, tmp_path, fr_regulator, filled, campaign, supplier, france, de_assessment, supplier_user):
    settings.MEDIA_ROOT = tmp_path
    evidence = services.evidence_add_file(
        assessment=filled, user=fr_regulator, question_key="A4", uploaded_file=SimpleUploadedFile("a.txt", b"text")
    )
    services.assessment_submit(assessment=filled, user=fr_regulator)
    report = report_request(kind="assessment", user=fr_regulator, tlp="TLP:AMBER", assessment=filled)
    draft = services.assessment_create(
        campaign=campaign, member_state=france, supplier=_second_supplier(), user=fr_regulator
    )
    hearing = hearings.hearing_open(
        user=fr_regulator,
        supplier=supplier,
        subject="Hearing",
        grounds="Grounds",
        deadline=campaign.deadline + dt.timedelta(days=30),
    )
    answer = hearings.hearing_answer(
        user=supplier_user, hearing=hearing, statement="Answer", uploaded_file=SimpleUploadedFile("b.txt", b"text")
    )
    statement = hearings.statement_add(
        user=supplier_user, topic="certificate", text="EUCC", uploaded_file=SimpleUploadedFile("c.txt", b"text")
    )
    from riskassess.register.services import decision_record

    record = decision_record(
        authority_state=france,
        supplier=supplier,
        kind="restriction",
        instrument="Décision",
        instrument_date="2024-01-01",
        confidential=False,
        reason="Decision",
        user=fr_regulator,
    ).record
    return {
        "/api/v1/hearings/": [hearing.pk],
        "/api/v1/hearing-answers/": [answer.pk],
        "/api/v1/supplier-statements/": [statement.pk],
        "/api/v1/register/records/": [record.pk],
        "/api/v1/assessments/": [filled.pk, draft.pk, de_assessment.pk],
        "/api/v1/evidence/": [evidence.pk],
        "/api/v1/reports/": [report.pk],
        "/api/v1/dashboard/campaigns/": [campaign.pk],
        "/api/v1/campaigns/": [campaign.pk],
        "/api/v1/suppliers/": [supplier.pk],
        "/api/v1/member-states/": [france.pk],
        "/api/v1/template-versions/": [campaign.template_version_id],
    }


def _second_supplier():
    from tests.factories import SupplierFactory

    return SupplierFactory(name="Second Vendor")


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The app is called in this process, inside the test's transaction: like Django's test client,
    do not let the end of a request close the database connection (PostgreSQL would lose the test
    transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def persona_headers(request, objects):
    """One token header per persona; the examples of an operation take them in turn."""
    headers = []
    for name in PERSONAS:
        _token, key = api_token_create(user=request.getfixturevalue(name), name="fuzzing")
        headers.append({"Authorization": f"Bearer {key}"})
    return itertools.cycle(headers)


def _live_schema() -> dict:
    """The schema as /api/schema/ serves it, generated without a request (no database needed at
    collection time; test_schema.py checks it is the committed docs/api/schema.yml)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(_live_schema())
schema.app = application


def _point_at_real_objects(case, objects) -> None:
    params = case.path_parameters or {}
    value = params.get("id")
    if not isinstance(value, int) or value % 2:
        return
    for prefix, ids in objects.items():
        if case.path.startswith(prefix):
            params["id"] = ids[(value // 2) % len(ids)]
            if "number" in params and isinstance(params["number"], int):
                params["number"] = 1
            return


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_it_keeps_every_response_within_the_schema(case, persona_headers, objects):
    _point_at_real_objects(case, objects)
    case.call_and_validate(headers=next(persona_headers), checks=CHECKS)
