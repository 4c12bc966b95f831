"""A designation its member state marked confidential is never attributed to that state outside
it: not in the coordinator's drill-down (section D, band, triggers), not in the heatmap, not
through designation evidence. Its own state sees everything."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from riskassess.confidentiality import shown_band_and_triggers
from riskassess.dashboard.selectors import heatmap, supplier_table
from riskassess.questionnaires.models import Evidence
from riskassess.scoring.models import Score
from tests.dashboard.conftest import designate, scored
from tests.factories import SMALL_DEFINITION

T1 = {"id": "T1", "label": "Designated high-risk by the reporting member state", "min_band": "designated"}


def designated_assessment(campaign, member_state, supplier, *, confidential):
    assessment = scored(campaign=campaign, member_state=member_state, supplier=supplier, overall=40.0)
    revision = assessment.revisions.get()
    revision.answers = {"D1": "yes", "A4": "no"}
    revision.save()
    Score.objects.filter(assessment=assessment).update(band="designated", triggers=[T1])
    designate(member_state=member_state, supplier=supplier, confidential=confidential)
    return assessment


def _band_without(overall, triggers):
    return shown_band_and_triggers(
        band="designated", overall=overall, triggers=triggers, definition=SMALL_DEFINITION, withheld=True
    )


def test_it_computes_the_band_without_the_designation():
    assert _band_without(40.0, [T1]) == ("moderate", [])
    critical = {"id": "T3", "min_band": "critical"}
    assert _band_without(10.0, [T1, critical]) == ("critical", [critical])


def test_it_withholds_section_d_of_a_revision_outside_the_member_state(
    client, campaign, france, supplier, eu_coordinator, fr_regulator
):
    assessment = designated_assessment(campaign, france, supplier, confidential=False)
    url = reverse("questionnaires:revision", args=[assessment.pk, 1])
    client.force_login(eu_coordinator)
    page = client.get(url).content.decode()
    assert "Designation answers are shown only within France" in page
    client.force_login(fr_regulator)
    page = client.get(url).content.decode()
    assert "Designation answers are shown only within" not in page
    assert "Designated high-risk by your member state?" in page


def test_it_shows_a_confidential_designation_band_only_to_its_own_state(
    client, campaign, france, supplier, eu_coordinator, fr_regulator
):
    assessment = designated_assessment(campaign, france, supplier, confidential=True)
    url = reverse("scoring:score_panel", args=[assessment.pk])
    client.force_login(eu_coordinator)
    page = client.get(url).content.decode()
    assert "Designated high-risk" not in page
    assert "band-moderate" in page
    client.force_login(fr_regulator)
    page = client.get(url).content.decode()
    assert "band-designated" in page


def test_it_keeps_a_public_designation_band_for_coordinators(client, campaign, france, supplier, eu_coordinator):
    assessment = designated_assessment(campaign, france, supplier, confidential=False)
    client.force_login(eu_coordinator)
    page = client.get(reverse("scoring:score_panel", args=[assessment.pk])).content.decode()
    assert "band-designated" in page


def test_it_masks_confidential_designations_in_the_heatmap(campaign, france, germany, supplier):
    designated_assessment(campaign, france, supplier, confidential=True)
    designated_assessment(campaign, germany, supplier, confidential=False)
    cells = heatmap(campaign=campaign)["cells"]
    assert cells[(france.pk, supplier.pk)]["band"] == "moderate"
    assert cells[(germany.pk, supplier.pk)]["band"] == "designated"


def test_it_cannot_be_found_by_filtering_the_heatmap_on_the_band(campaign, france, supplier):
    from riskassess.dashboard.filters import DashboardFilters

    designated_assessment(campaign, france, supplier, confidential=True)
    filtered = heatmap(campaign=campaign, filters=DashboardFilters(band="designated"))
    assert filtered["cells"] == {}


def test_it_leaves_uncounted_confidential_designations_out_of_band_distributions(campaign, france, supplier):
    designated_assessment(campaign, france, supplier, confidential=True)
    rows = supplier_table(campaign=campaign)
    bands = {b["key"] for row in rows for b in row["bands"]}
    assert "designated" not in bands


def test_it_refuses_designation_evidence_to_coordinators(client, campaign, france, supplier, eu_coordinator):
    assessment = designated_assessment(campaign, france, supplier, confidential=True)
    evidence = Evidence.objects.create(
        assessment=assessment,
        question_key="D1",
        original_name="decree.pdf",
        file=SimpleUploadedFile("decree.pdf", b"%PDF-1.4 decree"),
    )
    other = Evidence.objects.create(
        assessment=assessment,
        question_key="A4",
        original_name="ownership.pdf",
        file=SimpleUploadedFile("ownership.pdf", b"%PDF-1.4 owners"),
    )
    revision = assessment.revisions.get()
    revision.evidence = [{"id": evidence.pk, "question_key": "D1"}, {"id": other.pk, "question_key": "A4"}]
    revision.save()
    client.force_login(eu_coordinator)
    assert client.get(reverse("questionnaires:evidence_download", args=[evidence.pk])).status_code == 404
    assert client.get(reverse("questionnaires:evidence_download", args=[other.pk])).status_code == 200


def test_it_withholds_a_confidential_designation_in_the_api(client, campaign, france, supplier, eu_coordinator):
    assessment = designated_assessment(campaign, france, supplier, confidential=True)
    client.force_login(eu_coordinator)
    score = client.get(reverse("api-assessment-score", args=[assessment.pk])).json()["score"]
    assert score["band"] == "moderate" and score["triggers"] == []
    revision = client.get(reverse("api-assessment-revision", args=[assessment.pk, 1])).json()
    assert "D1" not in revision["answers"] and revision["answers"]["A4"] == "no"
    assert revision["score"]["band"] == "moderate"
    listed = client.get(reverse("api-assessment-revisions", args=[assessment.pk])).json()
    assert listed[0]["score"]["band"] == "moderate"


def test_it_shows_its_own_state_the_designation_in_the_api(client, campaign, france, supplier, fr_regulator):
    assessment = designated_assessment(campaign, france, supplier, confidential=True)
    client.force_login(fr_regulator)
    score = client.get(reverse("api-assessment-score", args=[assessment.pk])).json()["score"]
    assert score["band"] == "designated" and score["triggers"][0]["id"] == "T1"
    revision = client.get(reverse("api-assessment-revision", args=[assessment.pk, 1])).json()
    assert revision["answers"]["D1"] == "yes"
