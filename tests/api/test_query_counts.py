"""List endpoints cost the same number of queries for a page of 1 and a page of 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from riskassess.questionnaires import services
from riskassess.reports.services import report_request
from riskassess.suppliers.models import Product
from tests.api.conftest import url
from tests.factories import (
    AssessmentFactory,
    AssetClassFactory,
    CampaignFactory,
    DesignationFactory,
    MemberStateFactory,
    SupplierFactory,
)

LISTS = [
    ("fr_regulator", "assessments/"),
    ("eu_coordinator", "assessments/"),
    ("fr_regulator", "suppliers/"),
    ("fr_regulator", "member-states/"),
    ("fr_regulator", "campaigns/"),
    ("fr_regulator", "template-versions/"),
    ("fr_regulator", "reports/"),
    ("fr_regulator", "designations/"),
    ("eu_coordinator", "assessments/{a}/revisions/"),
    ("fr_regulator", "assessments/{a}/evidence/"),
]


@pytest.fixture
def many(campaign, france, fr_regulator, supplier):
    core = AssetClassFactory()
    CampaignFactory(name="2025 annual")
    for i in range(6):
        other = SupplierFactory(name=f"Vendor {i}")
        Product.objects.create(supplier=other, name=f"Core {i}", asset_class=core)
        Product.objects.create(supplier=other, name=f"Edge {i}", asset_class=core)
        MemberStateFactory(iso_code=f"X{i}")
        assessment = AssessmentFactory(campaign=campaign, member_state=france, supplier=other)
        for n in range(2):
            services.evidence_add_reference(
                assessment=assessment, user=fr_regulator, question_key="A4", url=f"https://example.eu/{i}/{n}"
            )
        filled = services.answers_save(
            assessment=assessment,
            user=fr_regulator,
            values={"A4": "no", "A6": "no", "B6": 12, "D1": "no"},
            expected_version=1,
        )
        services.assessment_submit(assessment=filled, user=fr_regulator)
        report_request(kind="assessment", user=fr_regulator, tlp="TLP:AMBER", assessment=filled)
        DesignationFactory(member_state=france, supplier=other, confidential=bool(i % 2))
    return assessment


def count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url(path))
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("persona", "path"), LISTS)
def test_it_costs_the_same_for_any_page_size(request, login, many, persona, path, django_assert_num_queries):
    client = login(request.getfixturevalue(persona))
    path = path.format(a=many.pk)
    small = count(client, f"{path}?page_size=1")
    assert small <= 8
    with django_assert_num_queries(small):
        response = client.get(url(f"{path}?page_size=50"))
    assert response.status_code == 200
    body = response.json()
    rows = body["results"] if isinstance(body, dict) and "results" in body else body
    assert len(rows) >= 2 or path.endswith("revisions/")
