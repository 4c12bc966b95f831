"""The regulator's questionnaire flow through the browser pages (Django test client)."""

import pytest
from django.urls import reverse

from riskassess.audit.models import AuditEvent
from riskassess.questionnaires.models import Answer, Assessment
from tests.factories import SupplierFactory

CERT = {
    "q-B1-0-product": "vCore 5",
    "q-B1-0-asset_class": "core_nf",
    "q-B1-0-expiry_date": "2028-01-31",
    "q-B1-0-status": "valid",
    "q-B1-0-covers_deployed": "yes",
}


def section_url(assessment, key):
    return reverse("questionnaires:section", args=[assessment.pk, key])


@pytest.fixture
def fr_client(client, fr_regulator):
    client.force_login(fr_regulator)
    return client


def post_section(client, assessment, key, data, action=None):
    """`action`: the extra form field of the button pressed, e.g. {"add": "B1"}."""
    assessment.refresh_from_db()
    return client.post(section_url(assessment, key), {"version": assessment.version, **(action or {}), **data})


def test_it_lists_the_assessments_of_my_state_with_progress(fr_client, fr_assessment, de_assessment):
    SupplierFactory(name="Southern Antenna")
    response = fr_client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("questionnaires:overview", args=[fr_assessment.pk]) in html
    assert reverse("questionnaires:overview", args=[de_assessment.pk]) not in html
    assert "0 / 0 required answered" in html or "required answered" in html
    assert "Southern Antenna" in html  # can be started
    assert "Start assessment" in html


def test_it_redirects_coordinators_to_the_dashboard(client, eu_coordinator):
    client.force_login(eu_coordinator)
    assert client.get("/").url == reverse("dashboard:index")


def test_it_starts_an_assessment_once(fr_client, campaign, france, fr_regulator):
    other = SupplierFactory(name="Southern Antenna")
    url = reverse("questionnaires:start")
    response = fr_client.post(url, {"campaign": campaign.pk, "supplier": other.pk})
    assessment = Assessment.objects.get(supplier=other, member_state=france)
    assert response.url == reverse("questionnaires:overview", args=[assessment.pk])
    assert assessment.total_required >= 1
    fr_client.post(url, {"campaign": campaign.pk, "supplier": other.pk})
    assert Assessment.objects.filter(supplier=other, member_state=france).count() == 1
    assert AuditEvent.objects.filter(action="create", object_id=str(assessment.pk)).count() == 1


def test_it_shows_every_section_page(fr_client, fr_assessment):
    for key in ("A", "B", "D"):
        response = fr_client.get(section_url(fr_assessment, key))
        assert response.status_code == 200, key
    html = fr_client.get(section_url(fr_assessment, "B")).content.decode()
    assert 'name="q-B6"' in html and "days" in html
    assert "data-item-template" in html and "Add another certificate" in html
    assert fr_client.get(section_url(fr_assessment, "Z")).status_code == 404


def test_it_saves_a_section_and_continues(fr_client, fr_assessment):
    response = post_section(
        fr_client, fr_assessment, "A", {"q-A4": "yes", "q-A4a": "The state council", "q-A6": "no"}, {"continue": "1"}
    )
    assert response.status_code == 302
    assert response.url == section_url(fr_assessment, "B")
    answers = dict(Answer.objects.filter(assessment=fr_assessment).values_list("question_key", "value"))
    assert answers == {"A4": "yes", "A4a": "The state council", "A6": "no"}
    fr_assessment.refresh_from_db()
    assert fr_assessment.version == 2
    assert fr_assessment.answered_required == 2


def test_it_refuses_bad_input_and_keeps_what_was_typed(fr_client, fr_assessment):
    post_section(fr_client, fr_assessment, "A", {"q-A4": "no"})
    response = post_section(fr_client, fr_assessment, "B", {"q-B6": "ten days"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#q-B6"' in html
    assert "Enter a number" in html
    assert 'value="ten days"' in html  # re-displayed
    assert not Answer.objects.filter(assessment=fr_assessment, question_key="B6").exists()
    assert Answer.objects.get(assessment=fr_assessment, question_key="A4").value == "no"  # earlier save kept


@pytest.mark.parametrize(
    ("key", "section", "data", "message"),
    [
        ("B6", "B", {"q-B6": "-4"}, "between 0 and"),
        ("B6", "B", {"q-B6": "99999"}, "between 0 and"),
        ("A4", "A", {"q-A4": "maybe"}, "Choose one of"),
        ("D1", "D", {"q-D1": "perhaps"}, "Choose one of"),
        (
            "B1",
            "B",
            {**CERT, "q-B1-0-expiry_date": "2026-02-30"},
            "Certificate 1, Expiry date: 2026-02-30 is not a date",
        ),
        ("B1", "B", {**CERT, "q-B1-0-asset_class": "toaster"}, "Certificate 1, Asset class: Choose one of"),
        ("B1", "B", {**CERT, "q-B1-0-status": ""}, "Certificate 1, Status: this field is required"),
    ],
)
def test_it_explains_each_kind_of_bad_input(fr_client, fr_assessment, key, section, data, message):
    response = post_section(fr_client, fr_assessment, section, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Answer.objects.filter(assessment=fr_assessment, question_key=key).exists()


def test_it_shows_html_in_answers_as_text(fr_client, fr_assessment):
    post_section(fr_client, fr_assessment, "A", {"q-A4": "yes", "q-A4a": "<script>alert(1)</script><b>x</b>"})
    html = fr_client.get(section_url(fr_assessment, "A")).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_adds_and_removes_certificate_items_without_javascript(fr_client, fr_assessment):
    response = post_section(fr_client, fr_assessment, "B", CERT, action={"add": "B1"})
    assert response.status_code == 302 and "add=B1" in response.url
    html = fr_client.get(response.url).content.decode()
    assert 'name="q-B1-1-product"' in html  # the extra empty item
    items = Answer.objects.get(assessment=fr_assessment, question_key="B1").value
    assert len(items) == 1 and items[0]["product"] == "vCore 5" and items[0]["id"]
    data = {f"q-B1-0-{k}": v for k, v in items[0].items()}
    response = post_section(fr_client, fr_assessment, "B", data, action={"remove-B1": "0"})
    assert response.status_code == 302
    assert not Answer.objects.filter(assessment=fr_assessment, question_key="B1").exists()


def test_it_ignores_answers_of_hidden_questions(fr_client, fr_assessment):
    post_section(fr_client, fr_assessment, "A", {"q-A4": "no", "q-A4a": "ignored body"})
    assert not Answer.objects.filter(assessment=fr_assessment, question_key="A4a").exists()
    html = fr_client.get(section_url(fr_assessment, "A")).content.decode()
    assert 'data-question="A4a"' in html and "data-condition=" in html


def test_it_marks_unknown_for_a_scored_number(fr_client, fr_assessment):
    post_section(fr_client, fr_assessment, "B", {"q-B6": "", "q-B6-unknown": "1"})
    assert Answer.objects.get(assessment=fr_assessment, question_key="B6").value == "unknown"


def test_it_saves_comments(fr_client, fr_assessment):
    post_section(fr_client, fr_assessment, "A", {"q-A4": "no", "c-A4": "Checked the registry"})
    assert Answer.objects.get(assessment=fr_assessment, question_key="A4").comment == "Checked the registry"


def test_it_lists_many_assessments_with_a_fixed_number_of_queries(
    fr_client, campaign, france, django_assert_max_num_queries
):
    from tests.factories import AssessmentFactory

    for n in range(25):
        AssessmentFactory(campaign=campaign, member_state=france, supplier=SupplierFactory(name=f"Vendor {n}"))
    with django_assert_max_num_queries(15):
        response = fr_client.get("/")
    assert response.content.decode().count("badge status-draft") == 25
