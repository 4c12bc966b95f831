"""The networks demo data loads through the import service, once."""

from riskassess.demo.networks import VENDORS, networks_demo_seed
from riskassess.networks.models import InventoryImport, InventoryShare, Operator, ToolboxMeasureStatus
from tests.factories import SupplierFactory
from tests.networks.conftest import TODAY


def test_it_seeds_operators_inventory_and_toolbox_once(france, fr_regulator, fr_approver):
    for name in VENDORS:
        SupplierFactory(name=name)
    networks_demo_seed(today=TODAY, log=lambda _: None)
    assert Operator.objects.filter(member_state=france).count() == 4
    assert InventoryShare.objects.filter(member_state=france).count() == 4 * 4 * 3 * 5 * 12
    assert InventoryImport.objects.get().created_by == fr_regulator
    assert ToolboxMeasureStatus.objects.filter(member_state=france, review="approved").count() == 29
    networks_demo_seed(today=TODAY, log=lambda _: None)
    assert InventoryImport.objects.count() == 1 and ToolboxMeasureStatus.objects.count() == 29
