"""Networks fixtures: French operators, asset classes, a high-risk supplier with a French designation."""

import datetime as dt

import pytest

from riskassess.networks.models import Operator
from tests.factories import AssetClassFactory, DesignationFactory, MemberStateFactory, SupplierFactory

TODAY = dt.date(2026, 12, 1)
HEADER = "operator,network_part,generation,supplier,measure,share,as_of\n"


@pytest.fixture
def asset_classes(db):
    return {
        "core_nf": AssetClassFactory(code="core_nf", name="Core network functions", is_key_asset=True),
        "ran_general": AssetClassFactory(code="ran_general", name="Radio access, general", is_key_asset=False),
        "transport": AssetClassFactory(code="transport", name="Transport", is_key_asset=True),
    }


@pytest.fixture
def vendors(db):
    return {
        "hr": SupplierFactory(name="Red Dragon Telecom", hq_country="CN", named_in_2023_communication=True),
        "eu1": SupplierFactory(name="Nordic Radio", hq_country="FI"),
        "eu2": SupplierFactory(name="Baltic Core", hq_country="SE"),
        "other": SupplierFactory(name="Quiet Vendor", hq_country="KR"),
    }


@pytest.fixture
def fr_operators(france):
    return [
        Operator.objects.create(member_state=france, code="orange", name="Orange France"),
        Operator.objects.create(member_state=france, code="sfr", name="SFR"),
    ]


@pytest.fixture
def de_operator(germany):
    return Operator.objects.create(member_state=germany, code="telekom", name="Deutsche Telekom")


@pytest.fixture
def fr_designation(france, vendors, asset_classes):
    return DesignationFactory(
        member_state=france,
        supplier=vendors["hr"],
        status="high_risk",
        decided_on=dt.date(2024, 1, 15),
        phase_out={"core_nf": "2026-06-30", "ran_general": "2029-12-31"},
        asset_classes=[asset_classes["core_nf"], asset_classes["ran_general"]],
    )


@pytest.fixture
def more_states(db):
    return [
        MemberStateFactory(iso_code=code, eu_code=code, name=name, protocol_order=i)
        for i, (code, name) in enumerate([("IT", "Italy"), ("ES", "Spain"), ("PL", "Poland")], start=20)
    ]


def csv_rows(rows: list[tuple]) -> bytes:
    return (HEADER + "".join(",".join(str(c) for c in r) + "\n" for r in rows)).encode()
