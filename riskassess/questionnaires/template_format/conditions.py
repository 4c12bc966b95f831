"""The checks of the condition language (a question's `condition`, a trigger's or flag's `when`):
`all` / `any` / `not`, a named fact, `no_valid_evidence` (triggers and flags only), or one
question and one operator (schema.CONDITION_OPERATORS) whose operand must fit that question."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from riskassess.questionnaires.template_format import checker, schema
from riskassess.questionnaires.template_format.checker import Checker
from riskassess.questionnaires.values import is_number


def allowed_values(q: Mapping[str, Any]) -> tuple[str, ...] | None:
    """The answers a condition or a points table may name for question `q` (None: any value)."""
    if q.get("type") in schema.YES_NO_VALUES:
        return schema.YES_NO_VALUES[q["type"]]
    if q.get("type") in ("choice", "multi"):
        values = tuple(c["value"] for c in q.get("choices") or [])
        return (*values, schema.UNKNOWN) if q.get("scoring") else values
    return None


def condition(
    chk: Checker, where: str, value: Any, *, own_key: str | None, earlier_only: bool, evidence_ok: bool = False
) -> dict[str, Any]:
    if not isinstance(value, Mapping) or not value:
        chk.err(where, _('a condition must be a mapping such as {question: A3, equals: "yes"}'))
        return {}
    keys = set(value)
    unknown = keys - set(schema.CONDITION_KEYS)
    if unknown:
        chk.err(
            where,
            _("unknown operator %(names)s (known: %(operators)s)")
            % {"names": ", ".join(sorted(map(str, unknown))), "operators": ", ".join(schema.CONDITION_KEYS)},
        )
        return dict(value)
    if keys & {"all", "any"}:
        if len(keys) != 1:
            chk.err(where, _("'all' or 'any' must stand alone"))
            return dict(value)
        op = next(iter(keys))
        items = value[op]
        if not isinstance(items, list) or not items:
            chk.err(where, _("'%(op)s' needs a non-empty list of conditions") % {"op": op})
            return dict(value)
        return {
            op: [
                condition(
                    chk, f"{where}, {op} {i}", c, own_key=own_key, earlier_only=earlier_only, evidence_ok=evidence_ok
                )
                for i, c in enumerate(items, 1)
            ]
        }
    if "not" in keys:
        if len(keys) != 1:
            chk.err(where, _("'not' must stand alone"))
            return dict(value)
        return {
            "not": condition(
                chk, f"{where}, not", value["not"], own_key=own_key, earlier_only=earlier_only, evidence_ok=evidence_ok
            )
        }
    if "fact" in keys:
        if len(keys) != 1:
            chk.err(where, _("'fact' must stand alone"))
        elif not isinstance(value["fact"], str) or not checker.FACT_RE.match(value["fact"]):
            found = checker.show(value["fact"])
            chk.err(
                where,
                _("fact must be a name such as supplier_named_in_2023_communication, found %(found)s")
                % {"found": found},
            )
        return dict(value)
    if "no_valid_evidence" in keys:
        if not evidence_ok:
            chk.err(where, _("'no_valid_evidence' can only be used in triggers and flags"))
            return dict(value)
        if len(keys) != 1:
            chk.err(where, _("'no_valid_evidence' must stand alone"))
            return dict(value)
        return {"no_valid_evidence": no_valid_evidence(chk, where, value["no_valid_evidence"])}
    if "question" not in keys:
        chk.err(where, _("a condition needs 'question' (or all / any / not / fact)"))
        return dict(value)
    ops = [k for k in schema.CONDITION_OPERATORS if k in keys]
    if len(ops) != 1:
        chk.err(
            where,
            _("a condition needs exactly one operator (%(operators)s), found %(ops)s")
            % {"operators": ", ".join(schema.CONDITION_OPERATORS), "ops": len(ops)},
        )
        return dict(value)
    op = ops[0]
    ref = value["question"]
    target = chk.questions.get(ref) if isinstance(ref, str) else None
    if earlier_only and ref == own_key:
        chk.err(where, _("the question %(ref)s cannot depend on itself") % {"ref": ref})
    elif target is None:
        if earlier_only:
            chk.err(
                where,
                _("refers to %(ref)s, which is not a question earlier in the template") % {"ref": checker.show(ref)},
            )
        else:
            chk.err(where, _("refers to %(ref)s, which is not a question of the template") % {"ref": checker.show(ref)})
    operand = value[op]
    out = {"question": ref, op: operand}
    if target is None:
        return out
    allowed = allowed_values(target)
    ttype = target.get("type")
    if op in ("equals", "not_equals"):
        if allowed is not None and ttype != "multi" and operand not in allowed:
            chk.err(
                where,
                _("%(operand)s is not an answer of %(ref)s (answers: %(allowed)s)")
                % {"operand": checker.show(operand), "ref": ref, "allowed": ", ".join(allowed)},
            )
    elif op == "in":
        if not isinstance(operand, list) or not operand:
            chk.err(where, _("'in' needs a non-empty list of answers"))
        elif allowed is not None:
            for v in operand:
                if v not in allowed:
                    chk.err(
                        where,
                        _("%(value)s is not an answer of %(ref)s (answers: %(allowed)s)")
                        % {"value": checker.show(v), "ref": ref, "allowed": ", ".join(allowed)},
                    )
    elif op == "contains":
        if ttype not in ("multi", "countries"):
            chk.err(
                where,
                _("'contains' needs a multi or countries question, but %(ref)s is '%(ttype)s'")
                % {"ref": ref, "ttype": ttype},
            )
        elif ttype == "multi" and allowed is not None and operand not in allowed:
            chk.err(where, _("%(operand)s is not a choice of %(ref)s") % {"operand": checker.show(operand), "ref": ref})
    elif op == "not_empty":
        if not isinstance(operand, bool):
            chk.err(where, _("'not_empty' must be true or false"))
    elif op in ("greater_than", "less_than"):
        if not is_number(operand):
            chk.err(where, _("'%(op)s' needs a number") % {"op": op})
        elif ttype not in ("number", "percent"):
            chk.err(
                where,
                _("'%(op)s' needs a number or percent question, but %(ref)s is '%(ttype)s'")
                % {"op": op, "ref": ref, "ttype": ttype},
            )
    elif op == "any_item":
        spec = chk.mapping(f"{where}, any_item", operand, ("field", "equals"), required=("field", "equals"))
        if ttype != "repeat":
            chk.err(
                where,
                _("'any_item' needs a repeat question, but %(ref)s is '%(ttype)s'") % {"ref": ref, "ttype": ttype},
            )
        elif spec and spec.get("field") not in {f["key"] for f in target.get("fields", [])}:
            chk.err(where, _("%(ref)s has no field %(found)s") % {"ref": ref, "found": checker.show(spec.get("field"))})
        out[op] = {k: spec[k] for k in ("field", "equals") if k in spec}
    return out


def no_valid_evidence(chk: Checker, where: str, value: Any) -> dict[str, Any]:
    spec = chk.mapping(
        f"{where}, no_valid_evidence", value, schema.NO_VALID_EVIDENCE.names(), required=("asset_classes",)
    )
    for k, kind in (("certificates", "certificate"), ("tests", "test_report")):
        if k in spec:
            q = chk.questions.get(spec[k]) if isinstance(spec[k], str) else None
            if q is None or q.get("type") != "repeat" or q.get("item_kind") != kind:
                chk.err(
                    where,
                    _("%(key)s must name a repeat question with item_kind '%(kind)s', found %(found)s")
                    % {"key": k, "kind": kind, "found": checker.show(spec[k])},
                )
    if "certificates" not in spec and "tests" not in spec:
        chk.err(where, _("no_valid_evidence needs 'certificates' or 'tests'"))
    classes = spec.get("asset_classes")
    if "asset_classes" in spec and (
        not isinstance(classes, list)
        or not classes
        or not all(isinstance(c, str) and checker.CODE_RE.match(c) for c in classes)
    ):
        chk.err(where, _("asset_classes must be a non-empty list of asset class codes"))
    return {k: spec[k] for k in schema.NO_VALID_EVIDENCE.names() if k in spec}
