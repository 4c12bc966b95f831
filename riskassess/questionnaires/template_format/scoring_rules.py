"""The checks of the scoring rules: a question's `scoring` (weight, points tables, thresholds,
evidence rules), and the `scoring` block (bands, trigger bands, evidence rules; its triggers and
flags in `triggers`, the parts of the dimensions model in `dimensions` once the questions are
known)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from riskassess.questionnaires.template_format import checker, conditions, schema, triggers
from riskassess.questionnaires.template_format.checker import Checker
from riskassess.questionnaires.values import is_number

# Keys of a question's scoring: the rules (weight first, unknown_points last), then the notes
# (where it belongs and why, the dimensions model).
RULE_KEYS = schema.QUESTION_SCORING.names("rule")
NOTE_KEYS = schema.QUESTION_SCORING.names("note")


def thresholds(chk: Checker, where: str, value: Any, name: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        chk.err(
            where, _("%(name)s must be a non-empty list such as [{max: 14, points: 0}, {points: 100}]") % {"name": name}
        )
        return []
    out = []
    last_max = last_min = None
    for i, raw in enumerate(value, 1):
        t = chk.mapping(f"{where}, {name} {i}", raw, schema.THRESHOLD.names(), required=("points",))
        if not t:
            continue
        if "min" in t and "max" in t:
            chk.err(where, _("%(name)s %(number)s: use either min or max, not both") % {"name": name, "number": i})
        for k in ("min", "max"):
            if k in t and not is_number(t[k]):
                chk.err(
                    where,
                    _("%(name)s %(number)s: %(key)s must be a number, found %(found)s")
                    % {"name": name, "number": i, "key": k, "found": checker.show(t[k])},
                )
        chk.points(where, t.get("points"), f"{name} {i}: points")
        catch_all = "min" not in t and "max" not in t
        if catch_all and i != len(value):
            chk.err(
                where,
                _("%(name)s %(number)s has neither min nor max, so the ones after it never apply; put it last")
                % {"name": name, "number": i},
            )
        if is_number(t.get("max")):
            if last_max is not None and t["max"] <= last_max:
                chk.err(
                    where,
                    _("%(name)s must rise: max %(max)s comes after max %(last_max)s")
                    % {"name": name, "max": t["max"], "last_max": last_max},
                )
            last_max = t["max"]
        if is_number(t.get("min")):
            if last_min is not None and t["min"] >= last_min:
                chk.err(
                    where,
                    _("%(name)s must fall: min %(min)s comes after min %(last_min)s")
                    % {"name": name, "min": t["min"], "last_min": last_min},
                )
            last_min = t["min"]
        out.append({k: t[k] for k in schema.THRESHOLD.names() if k in t})
    if out and ("min" in out[-1] or "max" in out[-1]):
        chk.err(
            where, _("the last of %(name)s must be a catch-all without min or max, e.g. {points: 100}") % {"name": name}
        )
    return out


def point_map(chk: Checker, where: str, value: Any, name: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, Mapping) or not value:
        chk.err(where, _("%(name)s must be a mapping of answer to points") % {"name": name})
        return {}
    out = {}
    for k, v in value.items():
        if isinstance(k, bool):
            chk.err(
                where,
                _("%(name)s: the answer %(key)r is read as true/false by YAML; put it in quotes")
                % {"name": name, "key": k},
            )
            continue
        if k not in allowed:
            chk.err(
                where,
                _("%(name)s: %(key)s is not an answer of this question (answers: %(allowed)s)")
                % {"name": name, "key": checker.show(k), "allowed": ", ".join(allowed)},
            )
        out[k] = chk.points(where, v, f"{name} of '{k}'")
    return out


def question_scoring(chk: Checker, where: str, value: Any, q: dict[str, Any]) -> dict[str, Any]:
    """A question's `scoring`: its weight and the one rule its type takes (points, thresholds...)."""
    s = chk.mapping(where, value, RULE_KEYS + NOTE_KEYS, required=("weight",))
    if not s:
        return {}
    out: dict[str, Any] = {k: s[k] for k in NOTE_KEYS if k in s}
    w = s.get("weight")
    if "weight" in s and (not checker.is_int(w) or not 1 <= w <= 5):
        chk.err(where, _("weight must be a whole number from 1 to 5, found %(w)s") % {"w": checker.show(w)})
    out["weight"] = w
    qtype = q.get("type")
    rule_keys_by_type: dict[str | None, tuple[str, ...]] = {
        "ynu": ("points",),
        "yn": ("points",),
        "choice": ("points",),
        "multi": ("absent_points", "present_points"),
        "number": ("thresholds",),
        "percent": ("thresholds",),
        "date": ("age_months",),
    }
    rule_keys = rule_keys_by_type.get(qtype)
    if qtype == "repeat":
        rule_keys_by_kind: dict[str | None, tuple[str, ...]] = {
            "certificate": ("certificates",),
            "test_report": ("tests",),
        }
        rule_keys = rule_keys_by_kind.get(q.get("item_kind"))
    if rule_keys is None:
        chk.err(
            where,
            f"questions of type '{qtype}'"
            + (f" with item_kind '{q.get('item_kind')}'" if qtype == "repeat" else "")
            + " cannot be scored",
        )
        return {**out, **{k: s[k] for k in RULE_KEYS[1:] + NOTE_KEYS if k in s}}
    for k in RULE_KEYS[1:-1]:
        if k in s and k not in rule_keys:
            chk.err(
                where,
                _("'%(key)s' does not apply to type '%(qtype)s' (use %(rule_keys)s)")
                % {"key": k, "qtype": qtype, "rule_keys": " or ".join(rule_keys)},
            )
    if not any(k in s for k in rule_keys):
        chk.err(
            where, _("type '%(qtype)s' needs %(rule_keys)s") % {"qtype": qtype, "rule_keys": " and/or ".join(rule_keys)}
        )
    if qtype in ("ynu", "yn", "choice") and "points" in s:
        values = conditions.allowed_values(q) or ()
        out["points"] = point_map(chk, where, s["points"], "points", values)
        missing = [v for v in values if v != schema.UNKNOWN and v not in out["points"]]
        if missing:
            chk.err(where, _("points are missing for %(missing)s") % {"missing": ", ".join(missing)})
    elif qtype == "multi":
        values = tuple(c["value"] for c in q.get("choices") or [])
        for k in ("absent_points", "present_points"):
            if k in s:
                out[k] = point_map(chk, where, s[k], k, values)
    elif qtype in ("number", "percent") and "thresholds" in s:
        out["thresholds"] = thresholds(chk, where, s["thresholds"], "thresholds")
    elif qtype == "date" and "age_months" in s:
        out["age_months"] = thresholds(chk, where, s["age_months"], "age_months")
    elif qtype == "repeat" and "certificates" in s:
        c = chk.mapping(
            f"{where}, certificates",
            s["certificates"],
            schema.CERTIFICATES_RULE.names(),
            required=schema.CERTIFICATES_RULE.names(),
        )
        for k in schema.CERTIFICATES_RULE.names():
            if k in c:
                chk.points(f"{where}, certificates", c[k], k)
        out["certificates"] = {k: c[k] for k in schema.CERTIFICATES_RULE.names() if k in c}
    elif qtype == "repeat" and "tests" in s:
        t = chk.mapping(f"{where}, tests", s["tests"], schema.TESTS_RULE.names(), required=schema.TESTS_RULE.names())
        for k in schema.TESTS_RULE.names():
            if k in t:
                chk.points(f"{where}, tests", t[k], k)
        out["tests"] = {k: t[k] for k in schema.TESTS_RULE.names() if k in t}
    if "unknown_points" in s:
        out["unknown_points"] = chk.points(where, s["unknown_points"], "unknown_points")
    return out


def scoring(chk: Checker, value: Any) -> dict[str, Any]:
    """The `scoring` block: bands, trigger bands, evidence rules, triggers and flags; the parts of the
    dimensions model are taken as written (dimensions.py checks them)."""
    where = "scoring"
    s = chk.mapping(where, value, schema.SCORING.names(), required=("bands",))
    out: dict[str, Any] = {"bands": [], "trigger_bands": [], "evidence_rules": {}, "triggers": [], "flags": []}
    band_keys: list[Any] = []  # keys as written (an invalid one is reported where it is read)
    bands = s.get("bands")
    if "bands" in s and (not isinstance(bands, list) or not bands):
        chk.err(where, _("bands must be a non-empty list of {key, label, min}"))
    elif isinstance(bands, list):
        last = None
        for i, raw in enumerate(bands, 1):
            b = chk.mapping(f"scoring, band {i}", raw, schema.BAND.names(), required=schema.BAND.names())
            if not b:
                continue
            key = b.get("key")
            if not isinstance(key, str) or not checker.CODE_RE.match(key):
                chk.err(
                    f"scoring, band {i}",
                    _("key must be a code such as 'low', found %(key)s") % {"key": checker.show(key)},
                )
            elif key in band_keys:
                chk.err(f"scoring, band {key}", _("this band key is used twice"))
            band_keys.append(key)
            m = b.get("min")
            if not is_number(m) or not 0 <= m <= 100:
                chk.err(
                    f"scoring, band {key}",
                    _("min must be a number from 0 to 100, found %(min)s") % {"min": checker.show(m)},
                )
            else:
                if i == 1 and m != 0:
                    chk.err(f"scoring, band {key}", _("the first band must start at min 0"))
                if last is not None and m <= last:
                    chk.err(
                        f"scoring, band {key}",
                        _("bands must rise: min %(min)s comes after min %(last)s") % {"min": m, "last": last},
                    )
                last = m
            out["bands"].append(
                {
                    "key": key,
                    "label": chk.text(f"scoring, band {key}", b.get("label"), "label", max_length=80),
                    "min": m,
                }
            )
    tbands = s.get("trigger_bands", [])
    if not isinstance(tbands, list):
        chk.err(where, _("trigger_bands must be a list of {key, label}"))
        tbands = []
    for i, raw in enumerate(tbands, 1):
        b = chk.mapping(f"scoring, trigger band {i}", raw, schema.BAND.names()[:2], required=schema.BAND.names()[:2])
        if not b:
            continue
        key = b.get("key")
        if not isinstance(key, str) or not checker.CODE_RE.match(key):
            chk.err(
                f"scoring, trigger band {i}",
                _("key must be a code such as 'critical', found %(key)s") % {"key": checker.show(key)},
            )
        elif key in band_keys:
            chk.err(f"scoring, trigger band {key}", _("this band key is used twice"))
        band_keys.append(key)
        out["trigger_bands"].append(
            {"key": key, "label": chk.text(f"scoring, trigger band {key}", b.get("label"), "label", max_length=80)}
        )
    out["evidence_rules"] = evidence_rules(chk, s.get("evidence_rules", {}))
    out["triggers"] = triggers.rules(chk, "trigger", s.get("triggers", []), schema.TRIGGER.required, band_keys)
    out["flags"] = triggers.rules(chk, "flag", s.get("flags", []), schema.FLAG.names(), None)
    # The dimensions model's parts are checked as a whole once the questions are known.
    out.update({k: s[k] for k in schema.SCORING.names("dimensions") if k in s})
    return out


def evidence_rules(chk: Checker, value: Any) -> dict[str, Any]:
    where = "scoring, evidence_rules"
    e = chk.mapping(where, value if value is not None else {}, schema.EVIDENCE_RULES.names())
    out = {k: e.get(k, schema.EVIDENCE_RULES.defaults[k]) for k in schema.EVIDENCE_RULES.names()}
    for k in ("expiry_warning_days", "test_max_age_months"):
        if not checker.is_int(out[k]) or out[k] < 0:
            chk.err(
                where,
                _("%(key)s must be a whole number of 0 or more, found %(found)s")
                % {"key": k, "found": checker.show(out[k])},
            )
    mv = out["max_validity_years"]
    if not isinstance(mv, Mapping) or not all(isinstance(k, str) and is_number(v) and v > 0 for k, v in mv.items()):
        chk.err(where, _("max_validity_years must map a scheme code to a number of years, e.g. {eucc: 5}"))
    else:
        out["max_validity_years"] = dict(mv)
    return out
