"""Networks figures for the benchmark, and the inventory of the EU-scale data set.

The data set: 27 member states x 4 operators x 8 network parts x 3 technology generations x 20
suppliers x 40 quarters (2,073,600 inventory rows), the high-risk suppliers' shares falling over
the years towards the register's deadlines, written with plain multi-row INSERTs (the import
service is measured separately, on a file).

Figures (targets in DESIGN.md section 6):
- phaseout_uncached_p95_ms: the slower of the EU phase-out page (coordinator) and one state's
  phase-out page (its regulator), through Django's test client; nothing of them is cached;
- phaseout_queries / phaseout_queries_4x: SQL queries of those two pages together, at 1x and with
  four times the operators (8.3 M rows; the extra rows are removed afterwards);
- inventory_import_rows_per_s: a 49,920-row CSV file through `inventory_import` (parse, validate,
  write, summary), all or nothing.
"""

import datetime as dt
import gc
import io
import random
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from riskassess.accounts.models import MemberState, Role
from riskassess.networks.models import Generation, InventoryImport, InventoryShare, InventorySnapshot, Operator
from riskassess.suppliers.models import AssetClass, Designation, DesignationStatus, Supplier

PARTS = [
    "ran",
    "core",
    "transport",
    "oss_mano",
    "security_functions",
    "lawful_intercept",
    "interconnect_gateway",
    "nfvi_cloud",
]
GENERATIONS = [Generation.LEGACY.value, Generation.NSA.value, Generation.SA.value]
SUPPLIERS = 20
QUARTERS = 40
OPERATORS = 4
REQUESTS = 30
PREFIX = "bench-op"
PREFIX_4X = "bench4x-op"
IMPORT_PREFIX = "bench-import-op"


def quarter_ends(n: int, *, last: dt.date = dt.date(2026, 9, 30)) -> list[dt.date]:
    out = []
    year, quarter = last.year, (last.month - 1) // 3 + 1
    for _ in range(n):
        month = quarter * 3
        end = dt.date(year, month, 30 if month in (6, 9) else 31)
        out.append(end)
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
    return sorted(out)


def _suppliers() -> list[Supplier]:
    """20 suppliers, those named in the 2023 Communication first (the high-risk ones)."""
    found = list(
        Supplier.objects.filter(is_active=True, merged_into__isnull=True).order_by(
            "-named_in_2023_communication", "name"
        )[:SUPPLIERS]
    )
    missing = SUPPLIERS - len(found)
    if missing > 0:
        names = [f"Network bench supplier {i:02d}" for i in range(1, missing + 1)]
        for name in names:
            Supplier.objects.get_or_create(
                name=name, defaults={"slug": name.lower().replace(" ", "-"), "hq_country": "FI"}
            )
        found += list(Supplier.objects.filter(name__in=names))
    return found


def _ensure_reference() -> None:
    if not MemberState.objects.exists() or not AssetClass.objects.exists():
        from riskassess.suppliers.services import reference_data_load

        reference_data_load()


def _operators(states: list[MemberState], prefix: str, count: int) -> list[Operator]:
    for state in states:
        for i in range(1, count + 1):
            Operator.objects.get_or_create(
                member_state=state,
                code=f"{prefix}-{i}",
                defaults={"name": f"{state.eu_code} operator {prefix[-2:]}{i}"},
            )
    return list(
        Operator.objects.filter(code__startswith=f"{prefix}-")
        .select_related("member_state")
        .order_by("member_state__protocol_order", "code")
    )


def _designations(states: list[MemberState], high_risk: list[Supplier]) -> None:
    """High-risk designations of the high-risk suppliers in 2 of 3 states (some confidential), where
    none exists yet: core out by end-2026, radio access by end-2029."""
    from riskassess.register.services import designation_record

    core = list(AssetClass.objects.filter(code__in=["core_nf", "ran_general", "oss_nms_aaa"]))
    for i, state in enumerate(states):
        if i % 3 == 2:
            continue
        for supplier in high_risk:
            if Designation.objects.filter(member_state=state, supplier=supplier).exists():
                continue
            designation_record(
                member_state=state,
                supplier=supplier,
                status=DesignationStatus.HIGH_RISK,
                decided_on=dt.date(2023, 6, 30),
                asset_classes=core,
                phase_out={"core_nf": "2026-12-31", "ran_general": "2029-12-31", "oss_nms_aaa": "2029-12-31"},
                confidential=i % 9 == 4,
                legal_instrument="Bench decision",
                reason="Generated for the benchmark data set.",
            )


def _insert(model: Any, columns: list[str], rows: list[tuple]) -> None:
    """COPY on PostgreSQL, multi-row INSERTs elsewhere."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per = max(1, 900 // len(columns))
    with connection.cursor() as cursor:
        for i in range(0, len(rows), per):
            batch = rows[i : i + per]
            sql = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * len(batch))  # noqa: S608 - our names
            cursor.execute(sql, [v for r in batch for v in r])


def _shares(rng: random.Random, n_hr: int, hr_level: float) -> list[float]:
    """Shares of SUPPLIERS suppliers adding up to 100: the high-risk ones together `hr_level`."""
    weights = [rng.random() + 0.05 for _ in range(SUPPLIERS - n_hr)]
    rest = 100.0 - hr_level
    others = [round(rest * w / sum(weights), 2) for w in weights]
    hr = [round(hr_level / n_hr, 2)] * n_hr if n_hr else []
    values = hr + others
    values[-1] = round(values[-1] - (sum(values) - 100.0), 2)
    return [max(0.0, v) for v in values]


def inventory_generate(
    *, prefix: str = PREFIX, operators: int = OPERATORS, quarters: int = QUARTERS, log: Callable[[str], None] = print
) -> int:
    """The inventory of the data set (idempotent per operator prefix): rows written."""
    _ensure_reference()
    states = list(MemberState.objects.order_by("protocol_order", "name"))
    suppliers = _suppliers()
    high_risk = [s for s in suppliers if s.named_in_2023_communication][:2] or suppliers[:2]
    _designations(states, high_risk)
    ops = _operators(states, prefix, operators)
    done = set(InventorySnapshot.objects.filter(operator__in=ops).values_list("operator_id", flat=True).distinct())
    days = quarter_ends(quarters)
    order = high_risk + [s for s in suppliers if s not in high_risk]
    written = 0
    share_cols = ["member_state_id", "operator_id", "part", "generation", "supplier_id", "measure", "share", "as_of"]
    snap_cols = ["member_state_id", "operator_id", "part", "generation", "as_of", "total_share", "suppliers"]
    for op in ops:
        if op.pk in done:
            continue
        rng = random.Random(op.code + op.member_state.iso_code)  # noqa: S311 - synthetic data
        start_level = rng.uniform(10, 60)
        end_level = rng.choice([0.0, 0.0, rng.uniform(0, 8), rng.uniform(5, 25)])
        rows, snaps = [], []
        for part in PARTS:
            for gen in GENERATIONS:
                for q, day in enumerate(days):
                    level = start_level + (end_level - start_level) * q / max(1, len(days) - 1)
                    values = _shares(rng, len(high_risk), level)
                    for supplier, value in zip(order, values, strict=True):
                        rows.append((op.member_state_id, op.pk, part, gen, supplier.pk, "sites", value, day))
                    snaps.append((op.member_state_id, op.pk, part, gen, day, round(sum(values), 4), len(values)))
        with transaction.atomic():
            _insert(InventoryShare, share_cols, rows)
            _insert(InventorySnapshot, snap_cols, snaps)
        written += len(rows)
    if written:
        from riskassess.networks.services import state_summary_refresh

        for state in states:
            with transaction.atomic():
                state_summary_refresh(member_state_id=state.pk)
        if connection.vendor == "postgresql":  # statistics for the planner after a bulk load
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE networks_inventoryshare, networks_inventorysnapshot, networks_inventorystatesummary"
                )
    log(f"networks inventory ({prefix}): {written} rows written, {InventoryShare.objects.count()} in all")
    return written


def inventory_remove(*, prefix: str) -> None:
    ops = list(Operator.objects.filter(code__startswith=f"{prefix}-").values_list("id", flat=True))
    from riskassess.networks.services import state_summary_refresh

    states = set(Operator.objects.filter(pk__in=ops).values_list("member_state_id", flat=True))
    with transaction.atomic():
        InventoryShare.objects.filter(operator_id__in=ops).delete()
        InventorySnapshot.objects.filter(operator_id__in=ops).delete()
        for state_id in states:
            state_summary_refresh(member_state_id=state_id)


# ---------------------------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------------------------


def _client(user: Any) -> Client:
    hosts = [h for h in settings.ALLOWED_HOSTS if not h.startswith(".")]
    client = Client(SERVER_NAME="testserver" if "testserver" in hosts or not hosts else hosts[0])
    client.force_login(user)
    return client


def _get(client: Client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed


def _pages() -> list[tuple[Client, str]]:
    from riskassess.bench.dataset import dataset_user

    state = MemberState.objects.order_by("protocol_order", "name").first()
    coordinator = dataset_user(member_state=None, role=Role.COORDINATOR)
    regulator = dataset_user(member_state=state, role=Role.REGULATOR)
    return [(_client(coordinator), reverse("networks:phaseout_eu")), (_client(regulator), reverse("networks:phaseout"))]


def _queries(pages: list[tuple[Client, str]]) -> int:
    total = 0
    for client, url in pages:
        with CaptureQueriesContext(connection) as ctx:
            _get(client, url)
        total += len(ctx.captured_queries)
    return total


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(1, -(-95 * len(ordered) // 100)) - 1]


def measure_phaseout(*, requests: int = REQUESTS) -> dict[str, float]:
    pages = _pages()
    for client, url in pages:
        _get(client, url)
    gc.collect()
    gc.freeze()
    out: dict[str, float] = {}
    worst = 0.0
    for (client, url), name in zip(pages, ("eu", "state"), strict=True):
        p95 = round(_p95([_get(client, url) for _ in range(requests)]), 1)
        out[f"phaseout_{name}_uncached_p95_ms"] = p95
        worst = max(worst, p95)
    out["phaseout_uncached_p95_ms"] = worst
    out["phaseout_queries"] = _queries(pages)
    return out


def import_file(*, state: MemberState, quarters: int = 26) -> tuple[bytes, int]:
    """A realistic inventory file: 4 operators of `state` x 8 parts x 3 generations x 20 suppliers
    x 26 quarters = 49,920 rows."""
    ops = _operators([state], IMPORT_PREFIX, OPERATORS)
    suppliers = _suppliers()
    rng = random.Random(7)  # noqa: S311 - synthetic data
    out = io.StringIO()
    out.write("operator,network_part,generation,supplier,measure,share,as_of\n")
    n = 0
    gen_labels = {"2g4g": "2G-4G", "5g_nsa": "5G NSA", "5g_sa": "5G SA"}
    for op in ops:
        for part in PARTS:
            for gen in GENERATIONS:
                for day in quarter_ends(quarters):
                    for supplier, value in zip(suppliers, _shares(rng, 2, rng.uniform(0, 40)), strict=True):
                        out.write(
                            f"{op.code},{part},{gen_labels[gen]},{supplier.name},sites,{value},{day.isoformat()}\n"
                        )
                        n += 1
    return out.getvalue().encode(), n


def measure_import(*, runs: int = 3) -> dict[str, float]:
    from riskassess.networks.services import inventory_import

    _ensure_reference()
    state = MemberState.objects.order_by("protocol_order", "name").first()
    assert state is not None
    content, n = import_file(state=state)
    rates, cpu_rates = [], []
    for _ in range(runs):
        inventory_remove(prefix=IMPORT_PREFIX)
        start, cpu = time.perf_counter(), time.process_time()
        inventory_import(
            member_state=state, content=content, filename="bench-inventory.csv", today=dt.date(2026, 12, 1)
        )
        rates.append(n / (time.perf_counter() - start))
        # This process's CPU only (with SQLite, the database's work too): tells a loaded machine
        # from a slow import.
        cpu_rates.append(n / max(1e-9, time.process_time() - cpu))
    inventory_remove(prefix=IMPORT_PREFIX)
    InventoryImport.objects.filter(filename="bench-inventory.csv").delete()
    rates.sort()
    cpu_rates.sort()
    return {
        "inventory_import_rows": float(n),
        "inventory_import_rows_per_s": round(rates[len(rates) // 2]),
        "inventory_import_cpu_rows_per_s": round(cpu_rates[len(cpu_rates) // 2]),
    }


def bench_networks(
    *, quick: bool = False, with_4x: bool = True, log: Callable[[str], None] = print
) -> dict[str, float]:
    """Every networks figure: the data set made if missing, then phase-out, 4x and import."""
    figures: dict[str, float] = {}
    t = time.perf_counter()
    inventory_generate(log=log)
    toolbox_generate()
    figures["networks_dataset_s"] = round(time.perf_counter() - t, 1)
    figures["networks_inventory_rows"] = float(
        InventoryShare.objects.filter(operator__code__startswith=f"{PREFIX}-").count()
    )
    figures.update(measure_phaseout(requests=5 if quick else REQUESTS))
    figures.update(measure_import(runs=1 if quick else 3))
    if with_4x:
        t = time.perf_counter()
        inventory_generate(prefix=PREFIX_4X, operators=3 * OPERATORS, log=log)
        figures["networks_dataset_4x_s"] = round(time.perf_counter() - t, 1)
        try:
            pages = _pages()
            for client, url in pages:
                _get(client, url)
            figures["phaseout_queries_4x"] = _queries(pages)
            figures["phaseout_4x_eu_p95_ms"] = round(_p95([_get(pages[0][0], pages[0][1]) for _ in range(5)]), 1)
        finally:
            inventory_remove(prefix=PREFIX_4X)
    return figures


TARGETS: dict[str, tuple[str, float | str]] = {
    "phaseout_uncached_p95_ms": ("<=", 150),
    "phaseout_queries_4x": ("==", "phaseout_queries"),
    "inventory_import_rows_per_s": (">=", 20000),
}


def toolbox_generate() -> int:
    """Approved Toolbox statuses of every state and measure (idempotent): entered by the state's
    bench regulator, approved by its bench approver. Entries written."""
    from riskassess.bench.dataset import dataset_user
    from riskassess.networks.models import ReviewState, ToolboxMeasureStatus, ToolboxStatus
    from riskassess.networks.toolbox import MEASURE_CODES

    if ToolboxMeasureStatus.objects.exists():
        return 0
    statuses = list(ToolboxStatus.values)
    entries = []
    for state in MemberState.objects.order_by("protocol_order", "name"):
        regulator = dataset_user(member_state=state, role=Role.REGULATOR)
        approver = dataset_user(member_state=state, role=Role.APPROVER)
        rng = random.Random(state.iso_code)  # noqa: S311 - synthetic data
        for code in MEASURE_CODES:
            if rng.random() < 0.08:
                continue
            status = rng.choices(statuses, weights=[1, 2, 3, 4])[0]
            entries.append(
                ToolboxMeasureStatus(
                    member_state=state,
                    measure=code,
                    status=status,
                    legal_basis=""
                    if status in ("not_started", "in_preparation")
                    else f"Bench act {state.eu_code}/{code}",
                    status_date=dt.date(2020 + rng.randrange(6), 1 + rng.randrange(12), 1),
                    review=ReviewState.APPROVED,
                    entered_by=regulator,
                    reviewed_by=approver,
                    reviewed_at=timezone.now(),
                )
            )
    ToolboxMeasureStatus.objects.bulk_create(entries)
    return len(entries)
