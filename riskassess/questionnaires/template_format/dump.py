"""The canonical YAML of a definition: every mapping in the canonical key order of schema.py (then
any other key, sorted), points tables in the order of the answers, small leaf mappings on one line.
`parse_definition(dump_definition(d)) == d`, and dumping what it parses gives the same bytes, so a
definition read back from a JSON store that reordered its keys (PostgreSQL's JSONB) dumps the same."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from riskassess.questionnaires.template_format import schema


class _Flow(dict):
    """A mapping written on one line ({value: yes, label: Yes})."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # a shared list is written out at each place, never as an &anchor


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


def _represent_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _represent_dict(dumper: yaml.SafeDumper, data: dict) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(dict, _represent_dict)


def _pick(d: Mapping[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """Known keys in canonical order, then any others sorted."""
    out = {k: d[k] for k in order if k in d}
    out.update({k: d[k] for k in sorted(d, key=str) if k not in out})
    return out


def _condition_ordered(c: Any) -> Any:
    if not isinstance(c, Mapping):
        return c
    out = _pick(c, schema.CONDITION_KEYS)
    for k in ("all", "any"):
        if k in out and isinstance(out[k], list):
            out[k] = [_condition_ordered(x) for x in out[k]]
    if "not" in out:
        out["not"] = _condition_ordered(out["not"])
    if isinstance(out.get("any_item"), Mapping):
        out["any_item"] = _pick(out["any_item"], ("field", "equals"))
    if isinstance(out.get("no_valid_evidence"), Mapping):
        out["no_valid_evidence"] = _pick(out["no_valid_evidence"], schema.NO_VALID_EVIDENCE.names())
    return out


def ordered(definition: Mapping[str, Any], *, flow: bool = False) -> dict[str, Any]:
    """The definition with every mapping in canonical key order (as plain dicts, or with the
    small leaf mappings marked for one-line output when `flow`)."""
    F = _Flow if flow else dict  # noqa: N806

    def choice(c):
        return F(_pick(c, schema.CHOICE.names()))

    def condition(c):
        c = _condition_ordered(c)
        return F(c) if flow and _is_simple(c) else _deep(c, F)

    def check(c):
        # Canonical order inside a check (a database's JSON may have reordered the keys).
        order = ("field", "min", "max")
        return F(
            {
                kind: (
                    {k: arg[k] for k in sorted(arg, key=lambda k: (order.index(k) if k in order else 99, k))}
                    if isinstance(arg, Mapping)
                    else arg
                )
                for kind, arg in c.items()
            }
        )

    def checks(items):
        return [check(c) if isinstance(c, Mapping) else c for c in items] if isinstance(items, list) else items

    def field(f):
        out = _pick(f, schema.FIELD.names())
        if "choices" in out:
            out["choices"] = [choice(c) for c in out["choices"]]
        if "checks" in out:
            out["checks"] = checks(out["checks"])
        return out

    def question(q):
        out = _pick(q, schema.QUESTION.names())
        if "choices" in out:
            out["choices"] = [choice(c) for c in out["choices"]]
        if "fields" in out:
            out["fields"] = [field(f) for f in out["fields"]]
        if "condition" in out:
            out["condition"] = condition(out["condition"])
        if "checks" in out:
            out["checks"] = checks(out["checks"])
        if isinstance(out.get("scoring"), Mapping):
            s = _pick(out["scoring"], schema.QUESTION_SCORING.names())
            # Maps follow the order of the answers (JSON stores such as PostgreSQL's do not keep it).
            answers = (
                *schema.YES_NO_VALUES.get(out.get("type"), ()),
                *(c["value"] for c in out.get("choices", [])),
                schema.UNKNOWN,
            )
            for k in ("points", "absent_points", "present_points"):
                if isinstance(s.get(k), Mapping):
                    s[k] = F(_pick(s[k], tuple(dict.fromkeys(answers))))
            for k in ("thresholds", "age_months"):
                if isinstance(s.get(k), list):
                    s[k] = [F(_pick(t, schema.THRESHOLD.names())) for t in s[k]]
            if isinstance(s.get("certificates"), Mapping):
                s["certificates"] = F(_pick(s["certificates"], schema.CERTIFICATES_RULE.names()))
            if isinstance(s.get("tests"), Mapping):
                s["tests"] = F(_pick(s["tests"], schema.TESTS_RULE.names()))
            out["scoring"] = s
        return out

    def section(s):
        out = _pick(s, schema.SECTION.names())
        out["questions"] = [question(q) for q in out.get("questions", [])]
        return out

    out = _pick(definition, schema.TEMPLATE.names())
    out["sections"] = [section(s) for s in out.get("sections", [])]
    if isinstance(out.get("confidentiality"), Mapping):
        c = _pick(out["confidentiality"], schema.CONFIDENTIALITY.names())
        if isinstance(c.get("confidential_when"), Mapping):
            c["confidential_when"] = F(_pick(c["confidential_when"], schema.CONFIDENTIAL_WHEN.names()))
        if isinstance(c.get("register"), Mapping):
            c["register"] = _pick(c["register"], schema.REGISTER.names())
        out["confidentiality"] = c
    if isinstance(out.get("scoring"), Mapping):
        sc = _pick(out["scoring"], schema.SCORING.names())
        sc["bands"] = [F(_pick(b, schema.BAND.names())) for b in sc.get("bands", [])]
        sc["trigger_bands"] = [F(_pick(b, schema.BAND.names())) for b in sc.get("trigger_bands", [])]
        if isinstance(sc.get("dimensions"), list):
            sc["dimensions"] = [_pick(x, schema.DIMENSION.names()) for x in sc["dimensions"]]
        if isinstance(sc.get("legal_status"), Mapping):
            ls = _pick(sc["legal_status"], schema.LEGAL_STATUS.names())
            ls["values"] = [F(_pick(v, schema.LEGAL_STATUS_VALUE.names())) for v in ls.get("values", [])]
            sc["legal_status"] = ls
        if isinstance(sc.get("supply"), Mapping):
            sc["supply"] = _pick(sc["supply"], schema.SUPPLY.names())
        if isinstance(sc.get("overall_rule"), Mapping):
            sc["overall_rule"] = _pick(sc["overall_rule"], schema.OVERALL_RULE.names())
        if isinstance(sc.get("evidence_rules"), Mapping):
            er = _pick(sc["evidence_rules"], schema.EVIDENCE_RULES.names())
            if isinstance(er.get("max_validity_years"), Mapping):
                er["max_validity_years"] = F(dict(sorted(er["max_validity_years"].items())))
            sc["evidence_rules"] = er
        sc["triggers"] = [
            {**_pick(t, schema.TRIGGER.required + schema.TRIGGER.names("note")), "when": condition(t.get("when", {}))}
            if "when" in t
            else _pick(t, schema.TRIGGER.required + schema.TRIGGER.names("note"))
            for t in sc.get("triggers", [])
        ]
        sc["flags"] = [
            {**_pick(f, schema.FLAG.names()), "when": condition(f.get("when", {}))}
            if "when" in f
            else _pick(f, schema.FLAG.names())
            for f in sc.get("flags", [])
        ]
        out["scoring"] = sc
    return out


def _is_simple(c: Mapping[str, Any]) -> bool:
    """A condition without nested all/any/not: short enough for one line."""
    return not any(k in c for k in ("all", "any", "not"))


def _deep(c: Any, F) -> Any:  # noqa: N803
    """Nested conditions: the outer levels as blocks, the leaves on one line."""
    if isinstance(c, Mapping):
        if _is_simple(c):
            return F(c)
        return {k: _deep(v, F) for k, v in c.items()}
    if isinstance(c, list):
        return [_deep(x, F) for x in c]
    return c


def dump_definition(definition: Mapping[str, Any]) -> str:
    """The canonical YAML text of a definition: parse_definition(dump_definition(d)) == d, and
    dumping what it parses gives the same bytes."""
    return yaml.dump(
        ordered(definition, flow=True),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
        indent=2,
    )
