"""decision_record: a decision is a legal record with immutable versions (who, when, why)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from riskassess.audit.models import AuditEvent
from riskassess.core.exceptions import ApplicationError
from riskassess.register.models import RecordVersion
from riskassess.register.services import decision_record, record_amend
from riskassess.suppliers.models import Designation
from tests.factories import AssetClassFactory


@pytest.fixture
def asset_classes(db):
    return {
        "core_nf": AssetClassFactory(code="core_nf", name="Core", is_key_asset=True),
        "ran_general": AssetClassFactory(code="ran_general", name="RAN", is_key_asset=False),
    }


def test_it_records_a_national_restriction_by_technology_generation(france, supplier, fr_approver, asset_classes):
    version = decision_record(
        authority_state=france,
        supplier=supplier,
        kind="restriction",
        instrument="Agreement with the operators",
        instrument_date="2024-07-11",
        scopes=[
            {"asset_class": "ran_general", "technology": "g5"},
            {"asset_class": "ran_general", "technology": "g2_4"},
        ],
        deadlines=[
            {"technology": "g5", "phase_out": "2025-12-31"},
            {"asset_class": "ran_general", "technology": "g2_4", "transition": "2027-01-01", "phase_out": "2029-12-31"},
        ],
        exemptions=[{"scope": "rural sites", "reason": "no other supplier covers them", "until": "2026-06-30"}],
        confidential=False,
        reason="Agreement signed",
        user=fr_approver,
    )
    assert version.number == 1 and version.record.current == version
    assert version.scopes == [
        {
            "asset_class": "ran_general",
            "technology": "g2_4",
            "listed": True,
            "transition_deadline": "2027-01-01",
            "phase_out_deadline": "2029-12-31",
        },
        {
            "asset_class": "ran_general",
            "technology": "g5",
            "listed": True,
            "transition_deadline": None,
            "phase_out_deadline": "2025-12-31",
        },
    ]
    assert version.exemptions == [
        {"scope": "rural sites", "reason": "no other supplier covers them", "until": "2026-06-30"}
    ]
    designation = Designation.objects.get(member_state=france, supplier=supplier)
    assert designation.status == "restricted"
    assert designation.phase_out == {"ran_general": "2025-12-31"}
    assert AuditEvent.objects.filter(summary__startswith="Register:").count() == 1


def test_an_eu_level_designation_phases_key_assets_out_in_36_months(supplier, eu_coordinator, asset_classes):
    version = decision_record(
        eu_level=True,
        supplier=supplier,
        kind="designation",
        instrument="Commission implementing decision",
        instrument_date=dt.date(2027, 3, 31),
        scopes=["core_nf", "ran_general"],
        confidential=False,
        reason="After the hearing",
        user=eu_coordinator,
        hearing=17,
    )
    deadlines = {s["asset_class"]: s["phase_out_deadline"] for s in version.scopes}
    assert deadlines == {"core_nf": "2030-03-31", "ran_general": None}
    assert version.hearing_pk == 17
    assert not Designation.objects.exists()  # no member state's designation


def test_an_amendment_is_a_new_version_and_versions_are_immutable(france, supplier, fr_approver, asset_classes):
    first = decision_record(
        authority_state=france,
        supplier=supplier,
        kind="designation",
        instrument="Arrêté",
        instrument_date="2025-03-12",
        scopes=["core_nf"],
        confidential=True,
        reason="Decision",
        user=fr_approver,
    )
    second = record_amend(
        record=first.record,
        user=fr_approver,
        reason="Appeal lodged",
        appeal_status="appealed",
        court="Conseil d'État",
        case_reference="n° 498765",
    )
    assert (second.number, second.kind, second.scopes, second.confidential) == (2, "designation", first.scopes, True)
    first.refresh_from_db()
    assert first.appeal_status == "none"
    assert list(first.record.versions.values_list("number", flat=True)) == [1, 2]
    with pytest.raises(ValidationError):
        first.save()
    with pytest.raises(ValidationError):
        second.delete()
    assert RecordVersion.objects.count() == 2
    assert Designation.objects.get().appeal_status == "Appeal lodged"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"eu_level": True}, "one member state or at EU level"),
        ({"kind": "ban"}, "Unknown kind"),
        ({"instrument": ""}, "names its legal instrument"),
        ({"kind": "share_cap"}, "gives the cap"),
        ({"reason": " "}, "Say why"),
        ({"scopes": ["nowhere"]}, "Unknown asset class"),
        ({"scopes": [{"asset_class": "core_nf", "technology": "g6"}]}, "Unknown technology"),
        ({"exemptions": [{"scope": "x"}]}, "reason"),
        ({"deadlines": [{"transition": "2030-01-01", "phase_out": "2029-01-01"}]}, "transition deadline"),
        ({"appeal_status": "appealed"}, "names its court"),
    ],
)
def test_it_refuses_an_invalid_decision_and_writes_nothing(
    france, supplier, fr_approver, asset_classes, changes, message
):
    values = {
        "authority_state": france,
        "supplier": supplier,
        "kind": "designation",
        "instrument": "Arrêté",
        "instrument_date": "2025-03-12",
        "scopes": ["core_nf"],
        "confidential": False,
        "reason": "Decision",
        "user": fr_approver,
        **changes,
    }
    with pytest.raises(ApplicationError, match=message):
        decision_record(**values)
    assert not RecordVersion.objects.exists()
