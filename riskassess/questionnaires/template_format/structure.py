"""The checks of a template's structure: the top level, its sections, their questions, the
choices and the fields of repeat questions; each question's condition, plausibility checks and
scoring are handed to their own modules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from riskassess.questionnaires.template_format import (
    checker,
    conditions,
    confidentiality,
    plausibility,
    schema,
    scoring_rules,
)
from riskassess.questionnaires.template_format.checker import Checker
from riskassess.questionnaires.template_format.dimensions import dimensions_model_errors
from riskassess.questionnaires.values import is_number


def document(chk: Checker, doc: Any) -> dict[str, Any]:
    """The whole template: the top level, then its sections, confidentiality block and scoring block;
    the dimensions model is checked last, as a whole, once everything else is sound."""
    if not isinstance(doc, Mapping):
        chk.err("template", _("the file is not a questionnaire template (expected a YAML mapping at the top)"))
        return {}
    d = chk.mapping("template", doc, schema.TEMPLATE.names(), required=("format", "key", "name", "version", "sections"))
    out: dict[str, Any] = {}
    if "format" in d and d["format"] != schema.FORMAT:
        chk.err(
            "template",
            _("format must be '%(format)s', found %(found)s")
            % {"format": schema.FORMAT, "found": checker.show(d["format"])},
        )
    out["format"] = schema.FORMAT
    key = d.get("key")
    if "key" in d and (not isinstance(key, str) or not checker.TEMPLATE_KEY_RE.match(key)):
        chk.err(
            "template",
            _("key must be a slug of lower-case letters, digits and '-', found %(key)s") % {"key": checker.show(key)},
        )
    out["key"] = key if isinstance(key, str) else ""
    out["name"] = chk.text("template", d.get("name"), "name", required="name" in d, max_length=200)
    version = d.get("version")
    if "version" in d:
        if isinstance(version, int | float) and not isinstance(version, bool):
            chk.err("template", _('version must be text in quotes, e.g. version: "%(version)s"') % {"version": version})
        elif not isinstance(version, str) or not checker.VERSION_RE.match(version):
            chk.err(
                "template",
                _("version must be letters, digits, '.', '_' or '-', found %(version)s")
                % {"version": checker.show(version)},
            )
    out["version"] = version if isinstance(version, str) else ""
    out["description"] = chk.text("template", d.get("description"), "description", required=False)
    scoring = d.get("scoring", {})
    chk.dimensional = isinstance(scoring, Mapping) and scoring.get("model") == "dimensions"
    out["sections"] = sections(chk, d.get("sections"))
    if "confidentiality" in d:
        out["confidentiality"] = confidentiality.confidentiality_block(chk, d["confidentiality"], out["sections"])
    out["scoring"] = scoring_rules.scoring(chk, scoring)
    if chk.dimensional and not chk.errors:
        chk.errors.extend(dimensions_model_errors(out))
    return out


def sections(chk: Checker, value: Any) -> list[dict[str, Any]]:
    """The sections and, in order, their questions (the weights add up to more than 0, but in the
    dimensions model)."""
    if value is None:
        return []
    if not isinstance(value, list) or not value:
        chk.err("template", _("sections must be a non-empty list"))
        return []
    out = []
    seen: set[str] = set()
    for i, raw in enumerate(value, 1):
        key = raw.get("key") if isinstance(raw, Mapping) else None
        where = f"section {key}" if isinstance(key, str) and key else f"section {i}"
        s = chk.mapping(where, raw, schema.SECTION.names(), required=("key", "title", "weight", "questions"))
        if not s:
            continue
        if "key" in s:
            if not isinstance(key, str) or not checker.SECTION_KEY_RE.match(key):
                chk.err(where, _("key must be one capital letter, found %(key)s") % {"key": checker.show(key)})
            elif key in seen:
                chk.err(where, _("this section key is used twice"))
            else:
                seen.add(key)
        weight = s.get("weight", 0)
        if not is_number(weight) or weight < 0:
            chk.err(
                where, _("weight must be a number of 0 or more, found %(weight)s") % {"weight": checker.show(weight)}
            )
            weight = 0
        section = {
            "key": key if isinstance(key, str) else "",
            "title": chk.text(where, s.get("title"), "title", required="title" in s, max_length=200),
            "description": chk.text(where, s.get("description"), "description", required=False),
            "weight": weight,
            "questions": [],
        }
        if "dimension" in s:
            section["dimension"] = s["dimension"]
        questions = s.get("questions")
        if "questions" in s and (not isinstance(questions, list) or not questions):
            chk.err(where, _("questions must be a non-empty list"))
        elif isinstance(questions, list):
            for j, q in enumerate(questions, 1):
                nq = question(chk, section["key"], j, q)
                if nq is not None:
                    section["questions"].append(nq)
        out.append(section)
    total = sum(s["weight"] for s in out)
    if out and total <= 0 and not chk.dimensional:
        chk.err("template", _("the section weights add up to 0; at least one section needs a weight above 0"))
    return out


def choices(chk: Checker, where: str, value: Any, *, scored: bool) -> list[dict[str, str]]:
    if not isinstance(value, list) or not value:
        chk.err(where, _("choices must be a non-empty list of {value, label}"))
        return []
    out = []
    seen: set[str] = set()
    for i, raw in enumerate(value, 1):
        c = chk.mapping(f"{where}, choice {i}", raw, schema.CHOICE.names(), required=schema.CHOICE.names())
        if not c:
            continue
        v = c.get("value")
        if isinstance(v, bool):
            chk.err(
                where,
                _("choice %(number)s: value %(value)r is read as true/false by YAML; put it in quotes")
                % {"number": i, "value": v},
            )
            continue
        if not isinstance(v, str) or not checker.CODE_RE.match(v):
            chk.err(
                where,
                _("choice %(number)s: value must be a code of lower-case letters, digits and '_', found %(value)s")
                % {"number": i, "value": checker.show(v)},
            )
            continue
        if v in seen:
            chk.err(where, _("choice value '%(value)s' is listed twice") % {"value": v})
        if scored and v == schema.UNKNOWN:
            chk.err(where, _("choice 'unknown' is offered automatically on scored questions; remove it"))
        seen.add(v)
        out.append({"value": v, "label": chk.text(f"{where}, choice '{v}'", c.get("label"), "label", max_length=200)})
    return out


def number_bounds(chk: Checker, where: str, q: dict, out: dict) -> None:
    for k in ("min", "max"):
        if k in q:
            if not is_number(q[k]):
                chk.err(where, _("%(key)s must be a number, found %(found)s") % {"key": k, "found": checker.show(q[k])})
            else:
                out[k] = q[k]
    if "min" in out and "max" in out and out["min"] > out["max"]:
        chk.err(where, _("min (%(min)s) is above max (%(max)s)") % {"min": out["min"], "max": out["max"]})
    if "unit" in q:
        out["unit"] = chk.text(where, q["unit"], "unit", max_length=40)


def max_length(chk: Checker, where: str, q: dict, out: dict) -> None:
    if "max_length" in q:
        if not checker.is_int(q["max_length"]) or not 1 <= q["max_length"] <= 100_000:
            chk.err(
                where,
                _("max_length must be a whole number from 1 to 100000, found %(found)s")
                % {"found": checker.show(q["max_length"])},
            )
        else:
            out["max_length"] = q["max_length"]


def extras_not_allowed(chk: Checker, where: str, q: dict, qtype: str, allowed: tuple[str, ...]) -> None:
    for k in ("choices", "min", "max", "unit", "max_length", "item_kind", "max_items", "fields"):
        if k in q and k not in allowed:
            chk.err(where, _("'%(key)s' does not apply to type '%(qtype)s'") % {"key": k, "qtype": qtype})


def question(chk: Checker, section_key: str, index: int, raw: Any) -> dict[str, Any] | None:
    """One question: its key, texts and type with the keys that type takes, its condition (on earlier
    questions only), its plausibility checks and its scoring. Recorded in `chk.questions`."""
    key = raw.get("key") if isinstance(raw, Mapping) else None
    where = f"question {key}" if isinstance(key, str) and key else f"section {section_key}, question {index}"
    q = chk.mapping(where, raw, schema.QUESTION.names(), required=("key", "text", "type"))
    if not q:
        return None
    if "key" in q:
        if not isinstance(key, str) or not checker.QUESTION_KEY_RE.match(key):
            chk.err(where, _("key must look like A4, B12 or B4a, found %(key)s") % {"key": checker.show(key)})
            key = None
        elif key in chk.questions:
            chk.err(where, _("this question key is used twice"))
        elif section_key and not key.startswith(section_key):
            chk.err(
                where, _("the key must start with its section letter %(section_key)s") % {"section_key": section_key}
            )
    out: dict[str, Any] = {
        "key": key or "",
        "text": chk.text(where, q.get("text"), "text", required="text" in q),
        "help": chk.text(where, q.get("help"), "help", required=False),
        "source": chk.text(where, q.get("source"), "source", required=False, max_length=500),
    }
    qtype = q.get("type")
    if "type" in q and qtype not in schema.QUESTION_TYPES:
        chk.err(
            where,
            _("unknown type %(qtype)s (known types: %(types)s)")
            % {"qtype": checker.show(qtype), "types": ", ".join(schema.QUESTION_TYPES)},
        )
    out["type"] = qtype
    scored = bool(q.get("scoring"))
    if qtype in ("choice", "multi"):
        extras_not_allowed(chk, where, q, qtype, ("choices",))
        if "choices" not in q:
            chk.err(where, _("type '%(qtype)s' needs choices") % {"qtype": qtype})
        else:
            out["choices"] = choices(chk, where, q["choices"], scored=scored)
    elif qtype == "number":
        extras_not_allowed(chk, where, q, qtype, ("min", "max", "unit"))
        number_bounds(chk, where, q, out)
    elif qtype == "text":
        extras_not_allowed(chk, where, q, qtype, ("max_length",))
        max_length(chk, where, q, out)
    elif qtype == "repeat":
        extras_not_allowed(chk, where, q, qtype, ("item_kind", "max_items", "fields"))
        kind = q.get("item_kind", "generic")
        if kind not in schema.ITEM_KINDS:
            chk.err(
                where,
                _("unknown item_kind %(kind)s (known: %(kinds)s)")
                % {"kind": checker.show(kind), "kinds": ", ".join(schema.ITEM_KINDS)},
            )
            kind = "generic"
        out["item_kind"] = kind
        if "max_items" in q:
            if not checker.is_int(q["max_items"]) or not 1 <= q["max_items"] <= 500:
                chk.err(
                    where,
                    _("max_items must be a whole number from 1 to 500, found %(found)s")
                    % {"found": checker.show(q["max_items"])},
                )
            else:
                out["max_items"] = q["max_items"]
        out["fields"] = fields(chk, where, q.get("fields"), kind)
    elif qtype in schema.QUESTION_TYPES:
        extras_not_allowed(chk, where, q, qtype, ())
    out["required"] = chk.flag(where, q.get("required"), "required")
    out["evidence"] = chk.flag(where, q.get("evidence"), "evidence")
    if "condition" in q:
        out["condition"] = conditions.condition(
            chk, f"{where}, condition", q["condition"], own_key=key, earlier_only=True
        )
    if "checks" in q:
        out["checks"] = plausibility.question_checks(chk, where, q["checks"], out)
    if scored:
        out["scoring"] = scoring_rules.question_scoring(chk, f"{where}, scoring", q["scoring"], out)
    elif "scoring" in q and q["scoring"] not in (None, {}):
        chk.err(where, _("scoring must be a mapping"))
    if key:
        chk.questions[key] = out
    return out


def fields(chk: Checker, where: str, value: Any, kind: str) -> list[dict[str, Any]]:
    """The fields of a repeat question, with those its item kind needs for the engine."""
    if not isinstance(value, list) or not value:
        chk.err(where, _("a repeat question needs fields (a non-empty list)"))
        return []
    out = []
    seen: set[str] = set()
    for i, raw in enumerate(value, 1):
        fkey = raw.get("key") if isinstance(raw, Mapping) else None
        fwhere = f"{where}, field {fkey}" if isinstance(fkey, str) and fkey else f"{where}, field {i}"
        f = chk.mapping(fwhere, raw, schema.FIELD.names(), required=("key", "label", "type"))
        if not f:
            continue
        if "key" in f:
            if not isinstance(fkey, str) or not checker.FIELD_KEY_RE.match(fkey):
                chk.err(
                    fwhere,
                    _("key must be lower-case letters, digits and '_', found %(fkey)s") % {"fkey": checker.show(fkey)},
                )
            elif fkey in seen:
                chk.err(fwhere, _("this field key is used twice"))
            seen.add(fkey if isinstance(fkey, str) else "")
        ftype = f.get("type")
        if "type" in f and ftype not in schema.FIELD_TYPES:
            chk.err(
                fwhere,
                _("unknown type %(ftype)s (field types: %(types)s)")
                % {"ftype": checker.show(ftype), "types": ", ".join(schema.FIELD_TYPES)},
            )
        nf: dict[str, Any] = {
            "key": fkey if isinstance(fkey, str) else "",
            "label": chk.text(fwhere, f.get("label"), "label", required="label" in f, max_length=200),
            "type": ftype,
            "required": chk.flag(fwhere, f.get("required"), "required"),
        }
        if ftype == "choice":
            extras_not_allowed(chk, fwhere, f, ftype, ("choices",))
            if "choices" not in f:
                chk.err(fwhere, _("type 'choice' needs choices"))
            else:
                nf["choices"] = choices(chk, fwhere, f["choices"], scored=False)
        elif ftype == "number":
            extras_not_allowed(chk, fwhere, f, ftype, ("min", "max", "unit"))
            number_bounds(chk, fwhere, f, nf)
        elif ftype == "text":
            extras_not_allowed(chk, fwhere, f, ftype, ("max_length",))
            max_length(chk, fwhere, f, nf)
        elif ftype in schema.FIELD_TYPES:
            extras_not_allowed(chk, fwhere, f, ftype, ())
        nf["help"] = chk.text(fwhere, f.get("help"), "help", required=False)
        if "checks" in f:
            nf["checks"] = f["checks"]
        out.append(nf)
    by_key = {f["key"]: f for f in out}
    plausibility.field_checks(chk, where, out)
    for fkey, allowed_types in schema.ITEM_KIND_FIELDS[kind].items():
        if fkey not in by_key:
            chk.err(where, _("item_kind '%(kind)s' needs a field '%(fkey)s'") % {"kind": kind, "fkey": fkey})
        elif by_key[fkey]["type"] not in allowed_types:
            chk.err(
                f"{where}, field {fkey}",
                _("type must be %(allowed_types)s for item_kind '%(kind)s'")
                % {"allowed_types": " or ".join(allowed_types), "kind": kind},
            )
    return out
