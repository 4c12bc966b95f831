"""Demo networks data for `make run` (after seed_demo): the main operators of the demo states, an
inventory of three years imported through the import service from a realistic file, and approved
Toolbox statuses. Fictitious figures, for trying the pages; idempotent."""

import datetime as dt
import random
from typing import Any

from riskassess.accounts.models import MemberState, Role
from riskassess.networks.models import InventorySnapshot, Operator, ReviewState, ToolboxMeasureStatus, ToolboxStatus
from riskassess.networks.services import COLUMNS, inventory_import
from riskassess.networks.toolbox import MEASURE_CODES
from riskassess.suppliers.models import Supplier

# Fictitious demo figures; operator names are the states' main mobile operators.
DEMO_OPERATORS = {
    "FR": ["Orange France", "SFR", "Bouygues Telecom", "Free Mobile"],
    "DE": ["Telekom Deutschland", "Vodafone Deutschland", "Telefonica Germany", "1&1 Mobilfunk"],
    "NL": ["KPN", "VodafoneZiggo", "Odido"],
    "IT": ["TIM", "Vodafone Italia", "WindTre", "Iliad Italia"],
    "ES": ["Movistar", "Orange Espana", "Vodafone Espana"],
    "PL": ["Orange Polska", "Play", "Plus", "T-Mobile Polska"],
    "PT": ["MEO", "NOS", "Vodafone Portugal"],
    "RO": ["Orange Romania", "Vodafone Romania", "Digi Mobil"],
    "SE": ["Telia Sverige", "Tele2 Sverige", "Telenor Sverige", "Tre Sverige"],
    "EE": ["Telia Eesti", "Elisa Eesti", "Tele2 Eesti"],
}
PARTS = ["ran", "core", "transport", "oss_mano"]
GENERATIONS = ["2G-4G", "5G NSA", "5G SA"]
VENDORS = ["Huawei", "ZTE", "Ericsson", "Nokia", "Samsung"]


def demo_file(state: MemberState, operators: list[Operator], quarters: list[dt.date]) -> bytes:
    """A realistic inventory file of one state: the high-risk vendors' share falling each quarter."""
    rng = random.Random(state.iso_code)  # noqa: S311 - demo data
    lines = [",".join(COLUMNS)]
    for op in operators:
        for part in PARTS:
            start = rng.uniform(5, 45) * (0.6 if part == "core" else 1.0)
            end = start * rng.choice([0.0, 0.2, 0.6, 0.9])
            for gen in GENERATIONS:
                for q, day in enumerate(quarters):
                    hr = start + (end - start) * q / max(1, len(quarters) - 1)
                    huawei, zte = round(hr * 0.75, 1), round(hr * 0.25, 1)
                    rest = 100 - huawei - zte
                    ericsson = round(rest * 0.5, 1)
                    nokia = round(rest * 0.35, 1)
                    samsung = round(rest - ericsson - nokia, 1)
                    for vendor, share in zip(VENDORS, (huawei, zte, ericsson, nokia, samsung), strict=True):
                        lines.append(f"{op.code},{part},{gen},{vendor},sites,{share},{day.isoformat()}")
    return ("\n".join(lines) + "\n").encode()


def _quarters(n: int, today: dt.date) -> list[dt.date]:
    ends = []
    year, q = today.year, (today.month - 1) // 3  # the last complete quarter
    for _ in range(n):
        if q == 0:
            year, q = year - 1, 4
        month = q * 3
        ends.append(dt.date(year, month, 30 if month in (6, 9) else 31))
        q -= 1
    return sorted(ends)


def networks_demo_seed(*, today: dt.date | None = None, log: Any = print) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from django.utils.text import slugify

    today = today or timezone.localdate()
    if not Supplier.objects.filter(name__in=VENDORS).count() == len(VENDORS):
        log("networks demo: the reference suppliers are missing; run seed_demo first")
        return
    users = get_user_model().objects
    for code, names in DEMO_OPERATORS.items():
        state = MemberState.objects.filter(eu_code=code).first()
        if state is None:
            continue
        operators = [
            Operator.objects.get_or_create(member_state=state, code=slugify(name)[:40], defaults={"name": name})[0]
            for name in names
        ]
        if not InventorySnapshot.objects.filter(member_state=state).exists():
            regulator = users.filter(member_state=state, role=Role.REGULATOR).first()
            done = inventory_import(
                member_state=state,
                content=demo_file(state, operators, _quarters(12, today)),
                filename=f"demo-inventory-{code.lower()}.csv",
                user=regulator,
                today=today,
            )
            log(f"networks demo: {code} inventory, {done.rows} rows")
        regulator = users.filter(member_state=state, role=Role.REGULATOR).first()
        approver = users.filter(member_state=state, role=Role.APPROVER).first()
        if regulator and approver and not ToolboxMeasureStatus.objects.filter(member_state=state).exists():
            rng = random.Random(code)  # noqa: S311 - demo data
            statuses = list(ToolboxStatus.values)
            ToolboxMeasureStatus.objects.bulk_create(
                ToolboxMeasureStatus(
                    member_state=state,
                    measure=m,
                    status=(s := rng.choices(statuses, weights=[1, 2, 3, 4])[0]),
                    legal_basis="" if s in ("not_started", "in_preparation") else f"Demo act ({code}, {m})",
                    status_date=dt.date(2021 + rng.randrange(5), 1 + rng.randrange(12), 1),
                    review=ReviewState.APPROVED,
                    entered_by=regulator,
                    reviewed_by=approver,
                    reviewed_at=timezone.now(),
                )
                for m in MEASURE_CODES
            )
