"""The checks of a rule set's triggers (which raise the band, or in the dimensions model a
dimension, when their condition holds) and flags (shown, never scored)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from riskassess.questionnaires.template_format import checker, conditions, schema
from riskassess.questionnaires.template_format.checker import Checker


def rules(
    chk: Checker, kind: str, value: Any, keys: tuple[str, ...], band_keys: list[str] | None
) -> list[dict[str, Any]]:
    """The triggers (`kind` "trigger", with `band_keys`: each raises to a band, and may carry its
    basis and scope) or the flags (`band_keys` None) of the scoring block, normalised."""
    if value is None:
        return []
    if not isinstance(value, list):
        chk.err("scoring", _("%(key)s must be a list") % {"key": f"{kind}s"})
        return []
    out = []
    seen: set[str] = set()
    for i, raw in enumerate(value, 1):
        rid = raw.get("id") if isinstance(raw, Mapping) else None
        where = f"scoring, {kind} {rid}" if isinstance(rid, str) and rid else f"scoring, {kind} {i}"
        extra = schema.TRIGGER.names("note") if band_keys is not None else ()
        r = chk.mapping(where, raw, keys + extra, required=keys)
        if not r:
            continue
        if not isinstance(rid, str) or not checker.ID_RE.match(rid):
            chk.err(where, _("id must look like T1 or FL2, found %(rid)s") % {"rid": checker.show(rid)})
        elif rid in seen:
            chk.err(where, _("the id %(rid)s is used twice") % {"rid": rid})
        seen.add(rid if isinstance(rid, str) else "")
        rule: dict[str, Any] = {
            "id": rid,
            "label": chk.text(where, r.get("label"), "label", required="label" in r, max_length=200),
            "when": conditions.condition(
                chk, f"{where}, when", r.get("when"), own_key=None, earlier_only=False, evidence_ok=True
            )
            if "when" in r
            else {},
        }
        if band_keys is not None:
            mb = r.get("min_band")
            if "min_band" in r and mb not in band_keys:
                chk.err(
                    where,
                    _("min_band %(band)s is not a band (bands: %(bands)s)")
                    % {"band": checker.show(mb), "bands": ", ".join(map(str, band_keys))},
                )
            rule["min_band"] = mb
        rule.update({k: r[k] for k in extra if k in r})
        out.append(rule)
    return out
