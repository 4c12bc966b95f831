"""The Toolbox tracker: a regulator enters, another person (the state's approver) reviews; the EU
matrix shows approved statuses only; exports."""

import pytest
from django.urls import reverse

from riskassess.core.exceptions import ApplicationError
from riskassess.networks import selectors
from riskassess.networks.models import ReviewState, ToolboxMeasureStatus
from riskassess.networks.services import toolbox_entry_create, toolbox_entry_review
from riskassess.networks.toolbox import MEASURE_CODES, STRATEGIC, SUPPORTING, TECHNICAL


def test_the_toolbox_has_no_sm09_and_no_tm12():
    assert list(STRATEGIC) == [f"SM0{i}" for i in range(1, 9)]
    assert list(TECHNICAL) == [f"TM{i:02d}" for i in range(1, 12)]
    assert list(SUPPORTING) == [f"SA{i:02d}" for i in range(1, 11)]
    assert len(MEASURE_CODES) == 29


def test_it_enters_and_approves(fr_regulator, fr_approver, france):
    entry = toolbox_entry_create(user=fr_regulator, measure="SM03", status="adopted", legal_basis="Loi 2019-810")
    assert entry.review == ReviewState.PENDING
    assert selectors.toolbox_state(member_state=france)["SM03"]["approved"] is None
    toolbox_entry_review(user=fr_approver, entry=entry, approve=True)
    slot = selectors.toolbox_state(member_state=france)["SM03"]
    assert slot["approved"].pk == entry.pk and slot["approved"].reviewed_by == fr_approver


def test_four_eyes_the_enterer_never_reviews(fr_approver, france):
    entry = ToolboxMeasureStatus.objects.create(
        member_state=france, measure="TM01", status="implemented", entered_by=fr_approver
    )
    with pytest.raises(ApplicationError) as caught:
        toolbox_entry_review(user=fr_approver, entry=entry, approve=True)
    assert caught.value.code == "four_eyes"
    entry.refresh_from_db()
    assert entry.review == ReviewState.PENDING


def test_only_the_states_approver_reviews(fr_regulator, de_approver, fr_approver):
    entry = toolbox_entry_create(user=fr_regulator, measure="SA01", status="in_preparation")
    for user in (fr_regulator, de_approver):
        with pytest.raises(ApplicationError):
            toolbox_entry_review(user=user, entry=entry, approve=True)
    with pytest.raises(ApplicationError):
        toolbox_entry_create(user=fr_approver, measure="SA01", status="adopted", legal_basis="x")


def test_it_refuses_an_unknown_measure_and_adopted_without_legal_basis(fr_regulator):
    with pytest.raises(ApplicationError) as caught:
        toolbox_entry_create(user=fr_regulator, measure="SM09", status="adopted")
    assert set(caught.value.errors) == {"measure", "legal_basis"}


def test_a_return_needs_a_reason_and_a_review_happens_once(fr_regulator, fr_approver):
    entry = toolbox_entry_create(user=fr_regulator, measure="SM01", status="implemented", legal_basis="Act")
    with pytest.raises(ApplicationError):
        toolbox_entry_review(user=fr_approver, entry=entry, approve=False)
    toolbox_entry_review(user=fr_approver, entry=entry, approve=False, comment="Cite the decree")
    with pytest.raises(ApplicationError) as caught:
        toolbox_entry_review(user=fr_approver, entry=entry, approve=True)
    assert caught.value.code == "stale"


def test_eu_matrix_shows_the_latest_approved_status_only(
    fr_regulator, fr_approver, france, germany, client, eu_coordinator, observer
):
    first = toolbox_entry_create(user=fr_regulator, measure="SM03", status="in_preparation")
    toolbox_entry_review(user=fr_approver, entry=first, approve=True)
    toolbox_entry_create(user=fr_regulator, measure="SM03", status="implemented", legal_basis="Act")  # pending
    data = selectors.toolbox_matrix()
    fr = next(r for r in data["rows"] if r["eu_code"] == "FR")
    assert fr["cells"][MEASURE_CODES.index("SM03")]["status"] == "in_preparation"
    assert data["counts"]["SM03"] == {"in_preparation": 1}
    for user in (eu_coordinator, observer):
        client.force_login(user)
        page = client.get(reverse("networks:toolbox_matrix"))
        assert page.status_code == 200
        assert b'title="In preparation">P<' in page.content
        csv = client.get(reverse("networks:toolbox_matrix"), {"format": "csv"})
        assert b"France" in csv.content and b"In preparation" in csv.content


def test_the_state_page_flow(client, fr_regulator, fr_approver, france):
    client.force_login(fr_regulator)
    r = client.post(
        reverse("networks:toolbox_enter"),
        {"measure": "TM09", "status": "adopted", "legal_basis": "EUCC", "status_date": "2026-02-27"},
    )
    assert r.status_code == 302
    entry = ToolboxMeasureStatus.objects.get()
    client.force_login(fr_approver)
    page = client.get(reverse("networks:toolbox"))
    assert reverse("networks:toolbox_review", args=[entry.pk]).encode() in page.content
    client.post(reverse("networks:toolbox_review", args=[entry.pk]), {"decision": "approve"})
    entry.refresh_from_db()
    assert entry.review == ReviewState.APPROVED
    export = client.get(reverse("networks:toolbox"), {"format": "xlsx"})
    assert export.status_code == 200 and export.content[:2] == b"PK"
