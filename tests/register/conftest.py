import datetime as dt

import pytest

from riskassess.register.services import decision_record
from tests.factories import AssetClassFactory, SupplierFactory


@pytest.fixture
def asset_classes(db):
    return {
        "core_nf": AssetClassFactory(code="core_nf", name="Core", is_key_asset=True, order=1),
        "ran_general": AssetClassFactory(code="ran_general", name="RAN", is_key_asset=False, order=2),
    }


@pytest.fixture
def fr_secret(france, supplier, fr_approver, asset_classes):
    """France's confidential decision, amended once."""
    first = decision_record(
        authority_state=france,
        supplier=supplier,
        kind="designation",
        instrument="Arrêté secret n° 7",
        instrument_date=dt.date(2025, 3, 12),
        scopes=["core_nf"],
        deadlines={"core_nf": "2026-12-31"},
        confidential=True,
        reason="After the national assessment",
        user=fr_approver,
    )
    return first.record


@pytest.fixture
def de_public(germany, de_approver, asset_classes):
    other = SupplierFactory(name="Blue Lantern Networks", slug="blue-lantern")
    version = decision_record(
        authority_state=germany,
        supplier=other,
        kind="restriction",
        instrument="Agreement with the operators, July 2024",
        instrument_date=dt.date(2024, 7, 11),
        scopes=[{"asset_class": "core_nf", "technology": "g5"}],
        deadlines=[{"asset_class": "core_nf", "phase_out": "2026-12-31"}],
        confidential=False,
        reason="Agreement signed",
        user=de_approver,
    )
    return version.record


@pytest.fixture
def eu_record(supplier, eu_coordinator, asset_classes):
    return decision_record(
        eu_level=True,
        supplier=supplier,
        kind="designation",
        instrument="Commission implementing decision (fictitious)",
        instrument_date=dt.date(2027, 3, 31),
        scopes=["core_nf"],
        confidential=False,
        reason="After the hearing",
        user=eu_coordinator,
    ).record
