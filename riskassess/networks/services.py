"""Writes of the networks: operators, the equipment inventory (browser entry and file import), the
Toolbox tracker (entered by the state's regulator, reviewed by its approver).

The inventory import is all or nothing: every row is validated first (unknown operator or
supplier, unknown part or generation, a share outside 0-100 or a snapshot whose shares add up to
more than 100 %, a bad or future date, a row given twice), each refusal with its row number and
reason; only a file without any is written, in one transaction, with bulk inserts. A snapshot (an
operator's part and generation on a date) in the file replaces the stored one, and the summary
table InventorySnapshot is written with it.
"""

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _g

from riskassess.accounts.models import MemberState
from riskassess.audit.services import audit_log
from riskassess.core.exceptions import ApplicationError
from riskassess.networks import parts as netparts
from riskassess.networks.models import (
    Generation,
    InventoryImport,
    InventoryShare,
    InventorySnapshot,
    InventoryStateSummary,
    Measure,
    Operator,
    ReviewState,
    ToolboxMeasureStatus,
    ToolboxStatus,
)
from riskassess.networks.toolbox import MEASURES
from riskassess.suppliers.models import Supplier

BATCH = 5000
MAX_ROWS = 1_000_000
MAX_ERRORS = 200
TOLERANCE = 0.01  # per cent: rounding in the states' spreadsheets
COLUMNS = ("operator", "network_part", "generation", "supplier", "measure", "share", "as_of")
OPTIONAL_COLUMNS = ("member_state",)

GENERATION_ALIASES = {
    "2g4g": Generation.LEGACY,
    "2g-4g": Generation.LEGACY,
    "2g to 4g": Generation.LEGACY,
    "legacy": Generation.LEGACY,
    "5g_nsa": Generation.NSA,
    "5g nsa": Generation.NSA,
    "5g-nsa": Generation.NSA,
    "5g non-standalone": Generation.NSA,
    "5g_sa": Generation.SA,
    "5g sa": Generation.SA,
    "5g-sa": Generation.SA,
    "5g standalone": Generation.SA,
}


@dataclass(frozen=True)
class RowError:
    row: int
    reason: str


class InventoryRejected(ApplicationError):
    """The file was refused; `rows` lists every refused row with its reason."""

    def __init__(self, rows: list[RowError], *, total: int):
        shown = rows[:MAX_ERRORS]
        super().__init__(
            _g("Nothing was imported: %(n)d rows of the file were refused. Correct them and import the file again.")
            % {"n": total}
            if total
            else _g("Nothing was imported: the file could not be read."),
            code="rejected",
        )
        self.rows = shown
        self.total = total


# ---------------------------------------------------------------------------------------------
# Operators
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def operator_create(*, member_state: MemberState, name: str, code: str = "", user: Any = None) -> Operator:
    name = name.strip()
    code = slugify(code or name)[:40]
    if not name or not code:
        raise ApplicationError(_g("Give the operator a name."), errors={"name": [_g("This field is required.")]})
    if Operator.objects.filter(member_state=member_state, code=code).exists():
        raise ApplicationError(
            _g("This member state already has an operator with that code."),
            errors={"code": [_g("Choose another code.")]},
        )
    operator = Operator.objects.create(member_state=member_state, name=name, code=code)
    audit_log(action="operator.create", actor=user, obj=operator, summary=f"operator {operator}")
    return operator


# ---------------------------------------------------------------------------------------------
# Reading a file into rows
# ---------------------------------------------------------------------------------------------


def _cells_csv(content: bytes) -> Iterator[list[Any]]:
    text = content.decode("utf-8-sig")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _cells_xlsx(content: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def read_cells(*, content: bytes, filename: str) -> Iterator[list[Any]]:
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
        return _cells_xlsx(content)
    return _cells_csv(content)


_SHARE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%?\s*$")


def _parse_share(value: Any) -> float | None:
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    elif isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    m = _SHARE.match(str(value or ""))
    return float(m.group(1).replace(",", ".")) if m else None


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def _norm(value: Any) -> str:
    return " ".join(str(value or "").split()).lower()


class _Lookups:
    """Name and code -> id of the state's operators, the suppliers and the network parts."""

    def __init__(self, member_state: MemberState):
        self.operators: dict[str, int] = {}
        for pk, code, name in Operator.objects.filter(member_state=member_state, is_active=True).values_list(
            "id", "code", "name"
        ):
            self.operators[_norm(code)] = pk
            self.operators[_norm(name)] = pk
        self.suppliers: dict[str, int] = {}
        for pk, name, slug, aliases, merged_into in Supplier.objects.values_list(
            "id", "name", "slug", "aliases", "merged_into_id"
        ):
            target = merged_into or pk
            for key in [name, slug, *(aliases or [])]:
                self.suppliers.setdefault(_norm(key), target)
        self.parts: dict[str, str] = {}
        for code, label in netparts.part_choices():
            self.parts[_norm(code)] = code
            self.parts[_norm(label)] = code
        self.measures = {_norm(m.value): m.value for m in Measure} | {_norm(m.label): m.value for m in Measure}


@dataclass
class _Row:
    line: int
    operator_id: int
    part: str
    generation: str
    supplier_id: int
    measure: str
    share: float
    as_of: dt.date


def _validate(
    cells: Iterable[Sequence[Any]], *, member_state: MemberState, today: dt.date
) -> tuple[list[_Row], list[RowError], int]:
    rows: list[_Row] = []
    errors: list[RowError] = []
    refused = 0
    it = iter(cells)
    header = next(it, None)
    if header is None:
        raise InventoryRejected([RowError(1, _g("The file is empty."))], total=1)
    names = [_norm(h).replace(" ", "_") for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        reason = _g("The first row must name the columns; missing: %(cols)s.") % {"cols": ", ".join(missing)}
        raise InventoryRejected([RowError(1, reason)], total=1)
    idx = {c: names.index(c) for c in (*COLUMNS, *OPTIONAL_COLUMNS) if c in names}
    lk = _Lookups(member_state)
    state_codes = {_norm(member_state.eu_code), _norm(member_state.iso_code), _norm(member_state.name)}

    def refuse(line: int, reason: str) -> None:
        nonlocal refused
        refused += 1
        if len(errors) < MAX_ERRORS:
            errors.append(RowError(line, reason))

    width = len(names)
    # Each column holds few distinct values: each is looked up once.
    memo: dict[tuple[str, Any], Any] = {}
    missing_ = object()

    def look(column: str, value: Any, table: dict) -> Any:
        key = (column, value)
        found = memo.get(key, missing_)
        if found is missing_:
            found = memo[key] = table.get(_norm(value))
        return found

    i_op, i_part, i_gen, i_sup = idx["operator"], idx["network_part"], idx["generation"], idx["supplier"]
    i_measure, i_share, i_date = idx["measure"], idx["share"], idx["as_of"]
    i_state = idx.get("member_state")
    dates: dict[Any, dt.date | None] = {}
    for line, raw in enumerate(it, start=2):
        if line - 1 > MAX_ROWS:
            refuse(line, _g("The file has more than %(n)d rows: split it.") % {"n": MAX_ROWS})
            break
        cells_ = list(raw)
        if len(cells_) < width:
            cells_ += [None] * (width - len(cells_))
        operator_id = look("o", cells_[i_op], lk.operators)
        part = look("p", cells_[i_part], lk.parts)
        generation = look("g", cells_[i_gen], GENERATION_ALIASES)
        supplier_id = look("s", cells_[i_sup], lk.suppliers)
        measure = look("m", cells_[i_measure] or "sites", lk.measures)
        share = _parse_share(cells_[i_share])
        raw_date = cells_[i_date]
        as_of = dates.get(raw_date, missing_)
        if as_of is missing_:
            as_of = dates[raw_date] = _parse_date(raw_date)
        state_ok = i_state is None or _norm(cells_[i_state]) in state_codes | {""}
        if (
            operator_id is not None
            and part is not None
            and generation is not None
            and supplier_id is not None
            and measure is not None
            and share is not None
            and 0 <= share <= 100
            and as_of is not None
            and as_of <= today  # type: ignore[operator]
            and state_ok
        ):
            rows.append(_Row(line, operator_id, part, generation, supplier_id, measure, share, as_of))  # type: ignore[arg-type]
            continue
        if not any(c not in (None, "") for c in cells_):
            continue
        reasons = []
        if not state_ok:
            reasons.append(_g("member state %(v)s is not yours") % {"v": cells_[i_state]})  # type: ignore[index]
        if operator_id is None:
            reasons.append(_g("unknown operator %(v)r") % {"v": str(cells_[i_op] or "")})
        if part is None:
            reasons.append(_g("unknown network part %(v)r") % {"v": str(cells_[i_part] or "")})
        if generation is None:
            reasons.append(_g("unknown technology generation %(v)r") % {"v": str(cells_[i_gen] or "")})
        if supplier_id is None:
            reasons.append(_g("unknown supplier %(v)r") % {"v": str(cells_[i_sup] or "")})
        if measure is None:
            reasons.append(_g("the measure must be sites, units or traffic"))
        if share is None or not 0 <= share <= 100:
            reasons.append(_g("the share must be a number from 0 to 100"))
        if as_of is None:
            reasons.append(_g("the date %(v)r is not a date (write it as 2026-06-30)") % {"v": str(raw_date or "")})
        elif as_of > today:  # type: ignore[operator]
            reasons.append(_g("the date %(v)s is in the future") % {"v": str(as_of)})
        text = "; ".join(reasons)
        refuse(line, text[:1].upper() + text[1:] + ".")
    return rows, errors, refused


def _check_snapshots(rows: list[_Row]) -> tuple[dict[tuple, list[_Row]], list[RowError]]:
    snapshots: dict[tuple, list[_Row]] = defaultdict(list)
    for r in rows:
        snapshots[(r.operator_id, r.part, r.generation, r.as_of)].append(r)
    errors: list[RowError] = []
    for rs in snapshots.values():
        seen: dict[int, int] = {}
        for r in rs:
            if r.supplier_id in seen:
                errors.append(
                    RowError(
                        r.line,
                        _g("The supplier is given twice for this operator, part, generation and date (row %(first)d).")
                        % {"first": seen[r.supplier_id]},
                    )
                )
            seen.setdefault(r.supplier_id, r.line)
        total = sum(r.share for r in rs)
        if total > 100 + TOLERANCE:
            for r in rs:
                errors.append(
                    RowError(
                        r.line,
                        _g(
                            "The shares of this operator, part, generation and date add up to %(total).2f %%, "
                            "more than 100 %%."
                        )
                        % {"total": total},
                    )
                )
    errors.sort(key=lambda e: e.row)
    return snapshots, errors


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def _insert_rows(model: Any, columns: list[str], rows: Iterable[tuple]) -> None:
    """COPY on PostgreSQL, else plain INSERTs in batches of BATCH rows (executemany): the ORM's
    per-object work in bulk_create would be most of the cost of a large file. Values are in
    database form."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":  # COPY: several times faster than executemany
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 - our names
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def state_summary_refresh(*, member_state_id: int, dates: Iterable[dt.date] | None = None) -> None:
    """Recompute InventoryStateSummary of one state for `dates` (None: every date) from the shares
    and snapshots: two INSERT ... SELECT, each over the state's operators' rows of those dates."""
    operator_ids = list(Operator.objects.filter(member_state_id=member_state_id).values_list("id", flat=True))
    days = sorted(set(dates)) if dates is not None else None
    summary = InventoryStateSummary.objects.filter(member_state_id=member_state_id)
    share_table = connection.ops.quote_name(InventoryShare._meta.db_table)
    snapshot_table = connection.ops.quote_name(InventorySnapshot._meta.db_table)
    table = connection.ops.quote_name(InventoryStateSummary._meta.db_table)
    chunks = [days[i : i + 400] for i in range(0, len(days), 400)] if days is not None else [None]
    with connection.cursor() as cursor:
        for chunk in chunks:
            (summary.filter(as_of__in=chunk) if chunk is not None else summary).delete()
            if not operator_ids:
                continue
            where = f"operator_id IN ({', '.join(['%s'] * len(operator_ids))})"
            params: list[Any] = list(operator_ids)
            if chunk is not None:
                where += f" AND as_of IN ({', '.join(['%s'] * len(chunk))})"
                params += [d.isoformat() for d in chunk]
            # Per supplier: its shares summed over operators and generations; the denominator
            # (supplier empty): 100 % for each operator's generation reported on that date.
            for select, source, group in (
                ("supplier_id, SUM(share)", share_table, ", supplier_id"),
                ("NULL, 100.0 * COUNT(*)", snapshot_table, ""),
            ):
                cursor.execute(
                    f"INSERT INTO {table} (member_state_id, part, as_of, supplier_id, share_sum) "  # noqa: S608 - our names
                    f"SELECT %s, part, as_of, {select} FROM {source} WHERE {where} GROUP BY part, as_of{group}",
                    [member_state_id, *params],
                )


def _write(*, member_state: MemberState, snapshots: dict[tuple, list[_Row]], source: InventoryImport) -> None:
    state_id = member_state.pk
    keys = set(snapshots)
    existing = set(
        InventorySnapshot.objects.filter(member_state=member_state).values_list(
            "operator_id", "part", "generation", "as_of"
        )
    )
    replaced = keys & existing
    if replaced:
        by_series: dict[tuple, list[dt.date]] = defaultdict(list)
        for op, part, gen, day in replaced:
            by_series[(op, part, gen)].append(day)
        for (op, part, gen), days in by_series.items():
            for i in range(0, len(days), 500):
                chunk = days[i : i + 500]
                InventoryShare.objects.filter(operator_id=op, part=part, generation=gen, as_of__in=chunk).delete()
                InventorySnapshot.objects.filter(operator_id=op, part=part, generation=gen, as_of__in=chunk).delete()
    source_id = source.pk
    _insert_rows(
        InventoryShare,
        [
            "member_state_id",
            "operator_id",
            "part",
            "generation",
            "supplier_id",
            "measure",
            "share",
            "as_of",
            "source_id",
        ],
        (
            (
                state_id,
                r.operator_id,
                r.part,
                r.generation,
                r.supplier_id,
                r.measure,
                r.share,
                r.as_of.isoformat(),
                source_id,
            )
            for rs in snapshots.values()
            for r in rs
        ),
    )
    _insert_rows(
        InventorySnapshot,
        ["member_state_id", "operator_id", "part", "generation", "as_of", "total_share", "suppliers"],
        (
            (state_id, op, part, gen, day.isoformat(), round(sum(r.share for r in rs), 4), len(rs))
            for (op, part, gen, day), rs in snapshots.items()
        ),
    )
    state_summary_refresh(member_state_id=state_id, dates={key[3] for key in snapshots})


def inventory_import(
    *, member_state: MemberState, content: bytes, filename: str, user: Any = None, today: dt.date | None = None
) -> InventoryImport:
    """Import an inventory file (CSV or XLSX) of `member_state`: everything or nothing. Raises
    InventoryRejected with every refused row (up to MAX_ERRORS) and its reason."""
    today = today or timezone.localdate()
    try:
        cells = read_cells(content=content, filename=filename)
        rows, errors, refused = _validate(cells, member_state=member_state, today=today)
    except InventoryRejected:
        raise
    except (
        UnicodeDecodeError,
        csv.Error,
        ValueError,
        KeyError,
        OSError,
        zipfile.BadZipFile,
    ) as exc:
        raise InventoryRejected(
            [RowError(1, _g("The file is not a readable CSV (UTF-8) or XLSX file."))], total=0
        ) from exc
    snapshots, snapshot_errors = _check_snapshots(rows)
    if errors or snapshot_errors:
        rows_refused = {e.row for e in snapshot_errors}
        merged = sorted(errors + snapshot_errors, key=lambda e: e.row)
        raise InventoryRejected(merged, total=refused + len(rows_refused))
    if not rows:
        raise InventoryRejected([RowError(2, _g("The file has no rows under its header."))], total=1)
    with transaction.atomic():
        source = InventoryImport.objects.create(
            member_state=member_state,
            filename=filename[:200],
            sha256=hashlib.sha256(content).hexdigest(),
            rows=len(rows),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        _write(member_state=member_state, snapshots=snapshots, source=source)
        audit_log(
            action="inventory.import",
            actor=user,
            obj=source,
            summary=f"{member_state.eu_code}: {len(rows)} inventory rows from {filename[:80]}",
            data={"rows": len(rows), "snapshots": len(snapshots)},
        )
    return source


def inventory_snapshot_save(
    *,
    member_state: MemberState,
    operator: Operator,
    part: str,
    generation: str,
    as_of: dt.date,
    shares: dict[int, float],
    measure: str = Measure.SITES,
    user: Any = None,
    today: dt.date | None = None,
) -> InventoryImport:
    """Browser entry: the suppliers' shares of one operator's part and generation on one date
    (replacing what was stored for it), validated as a file row is."""
    if operator.member_state_id != member_state.pk:
        raise ApplicationError(_g("Unknown operator."))
    supplier_names = dict(Supplier.objects.filter(pk__in=list(shares)).values_list("id", "name"))
    header = list(COLUMNS)
    lines: list[list[Any]] = [header]
    for supplier_id, share in shares.items():
        lines.append(
            [operator.code, part, generation, supplier_names.get(supplier_id, f"#{supplier_id}"), measure, share, as_of]
        )
    content = "\n".join(",".join(str(c) for c in line) for line in lines).encode()
    return inventory_import(
        member_state=member_state,
        content=content,
        filename=_g("browser entry"),
        user=user,
        today=today,
    )


# ---------------------------------------------------------------------------------------------
# Toolbox tracker
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def toolbox_entry_create(
    *,
    user: Any,
    measure: str,
    status: str,
    legal_basis: str = "",
    status_date: dt.date | None = None,
    evidence: str = "",
    today: dt.date | None = None,
) -> ToolboxMeasureStatus:
    """A regulator enters the state's status of one Toolbox measure; it awaits the approver's review."""
    if not getattr(user, "is_regulator", False) or not user.member_state_id:
        raise ApplicationError(_g("Only a regulator of the member state enters the Toolbox status."), code="forbidden")
    errors: dict[str, list[str]] = {}
    if measure not in MEASURES:
        errors["measure"] = [_g("Choose a measure of the Toolbox.")]
    if status not in ToolboxStatus.values:
        errors["status"] = [_g("Choose a status from the list.")]
    if status_date and status_date > (today or timezone.localdate()):
        errors["status_date"] = [_g("The date cannot be in the future.")]
    if status in (ToolboxStatus.ADOPTED, ToolboxStatus.IMPLEMENTED) and not legal_basis.strip():
        errors["legal_basis"] = [_g("Give the legal basis of an adopted or implemented measure.")]
    if errors:
        raise ApplicationError(_g("The entry was not saved: correct the fields shown."), errors=errors)
    entry = ToolboxMeasureStatus.objects.create(
        member_state_id=user.member_state_id,
        measure=measure,
        status=status,
        legal_basis=legal_basis.strip()[:300],
        status_date=status_date,
        evidence=evidence.strip()[:500],
        entered_by=user,
    )
    audit_log(action="toolbox.enter", actor=user, obj=entry, summary=f"{measure}: {status}")
    return entry


@transaction.atomic
def toolbox_entry_review(
    *, user: Any, entry: ToolboxMeasureStatus, approve: bool, comment: str = ""
) -> ToolboxMeasureStatus:
    """The state's approver approves or returns an entry; never one they entered (four eyes)."""
    if not getattr(user, "is_approver", False) or user.member_state_id != entry.member_state_id:
        raise ApplicationError(_g("Only an approver of the member state reviews the Toolbox status."), code="forbidden")
    if entry.entered_by_id == user.pk:
        raise ApplicationError(
            _g("You entered this status yourself: another approver must review it."), code="four_eyes"
        )
    if not approve and not comment.strip():
        raise ApplicationError(_g("Say why you return the entry."), errors={"comment": [_g("This field is required.")]})
    n = ToolboxMeasureStatus.objects.filter(pk=entry.pk, review=ReviewState.PENDING).update(
        review=ReviewState.APPROVED if approve else ReviewState.RETURNED,
        reviewed_by=user,
        reviewed_at=timezone.now(),
        review_comment=comment.strip(),
    )
    if n == 0:
        raise ApplicationError(_g("This entry has already been reviewed."), code="stale")
    entry.refresh_from_db()
    audit_log(action="toolbox.review", actor=user, obj=entry, summary=f"{entry.measure}: {entry.review}")
    return entry


__all__ = [
    "InventoryRejected",
    "RowError",
    "inventory_import",
    "inventory_snapshot_save",
    "operator_create",
    "toolbox_entry_create",
    "toolbox_entry_review",
]
