"""Supplier names: NFKC, bidi controls refused, a second supplier that looks the same flagged."""

import pytest
from django.core.exceptions import ValidationError

from riskassess.suppliers.models import Supplier


@pytest.fixture
def huawei(db):
    return Supplier.objects.create(name="Huawei", slug="huawei", hq_country="CN", aliases=["Huawei Technologies"])


@pytest.mark.parametrize(
    "lookalike",
    ["\u0397uawei", "Hu\u0430wei", "ＨＵＡＷＥＩ", "huawei", "Huawei\u00a0", "Huawei  Technologies"],
)
def test_it_flags_a_second_supplier_that_looks_the_same(huawei, lookalike):
    with pytest.raises(ValidationError) as refused:
        Supplier(name=lookalike, slug="x", hq_country="CN").full_clean()
    assert "looks the same as the supplier “Huawei”" in str(refused.value)


@pytest.mark.parametrize("name", ["Huawei\u202e", "\u2067ZTE\u2069", "Nok\u200fia", "Eric\x00sson"])
def test_it_refuses_bidi_and_control_characters(db, name):
    with pytest.raises(ValidationError, match="text-direction"):
        Supplier(name=name, slug="s", hq_country="FI").full_clean()


def test_it_stores_names_in_nfkc(db):
    supplier = Supplier(name="Ｎｏｋｉａ  Solutions", slug="nokia", hq_country="FI")
    supplier.full_clean()
    assert supplier.name == "Nokia Solutions"


def test_a_supplier_can_be_saved_again_under_its_own_name(huawei):
    huawei.full_clean()
    Supplier(name="Honor", slug="honor", hq_country="CN").full_clean()


def test_the_admin_refuses_the_lookalike_with_the_message(client, eu_coordinator, huawei):
    client.force_login(eu_coordinator)
    response = client.post(
        "/admin/suppliers/supplier/add/",
        {"name": "\u0397uawei", "slug": "huawei-2", "hq_country": "CN", "aliases": "[]", "products-TOTAL_FORMS": "0",
         "products-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "looks the same as the supplier" in response.content.decode()
    assert Supplier.objects.count() == 1
