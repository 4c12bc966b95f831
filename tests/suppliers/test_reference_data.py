from io import StringIO

from django.core.management import call_command

from riskassess.accounts.models import MemberState
from riskassess.suppliers.models import AssetClass, Supplier
from riskassess.suppliers.services import reference_data_load


def test_it_loads_the_27_member_states_in_protocol_order(db):
    counts = reference_data_load()
    assert counts["member_states"] == 27
    states = list(MemberState.objects.order_by("protocol_order"))
    assert [s.iso_code for s in states[:5]] == ["BE", "BG", "CZ", "DK", "DE"]
    assert states[-1].iso_code == "SE"
    greece = MemberState.objects.get(iso_code="GR")
    assert greece.eu_code == "EL"
    assert all(s.eu_code == s.iso_code for s in states if s.iso_code != "GR")
    assert MemberState.objects.get(iso_code="FR").authority_name.endswith("(ANSSI)")
    assert MemberState.objects.get(iso_code="DE").authority_name.endswith("(BSI)")
    assert all(s.authority_name for s in states)


def test_it_loads_suppliers_and_asset_classes(db):
    reference_data_load()
    assert set(Supplier.objects.filter(named_in_2023_communication=True).values_list("name", flat=True)) == {
        "Huawei",
        "ZTE",
    }
    assert Supplier.objects.get(name="Nokia").hq_country == "FI"
    assert Supplier.objects.get(name="Ericsson").hq_country == "SE"
    assert AssetClass.objects.count() == 10
    assert AssetClass.objects.get(code="ran_general").is_key_asset is False
    assert AssetClass.objects.get(code="core_nf").is_key_asset is True


def test_it_is_idempotent(db):
    first = reference_data_load()
    second = reference_data_load()
    assert second["created"] == 0
    assert {k: v for k, v in first.items() if k != "created"} == {k: v for k, v in second.items() if k != "created"}
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert "27 member states" in out.getvalue()
    assert MemberState.objects.count() == 27


def test_it_updates_an_existing_member_state_row(db, france):
    reference_data_load()
    france.refresh_from_db()
    assert france.protocol_order == 10
    assert MemberState.objects.filter(iso_code="FR").count() == 1
