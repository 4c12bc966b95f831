"""The rule-set version of a definition: the SHA-256 of everything that changes a score (the
wording, labels, help and plausibility checks left out). A stored version's `rules_hash`; the
scoring engine's plan cache is keyed by it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from riskassess.questionnaires.template_format import schema


def rules_view(definition: Mapping[str, Any]) -> dict[str, Any]:
    def strip_choices(choices):
        return [{k: c[k] for k in schema.CHOICE.names("rule") if k in c} for c in choices or []]

    def strip_question(q):
        out = {k: q[k] for k in schema.QUESTION.names("rule") if k in q}
        if "choices" in out:
            out["choices"] = strip_choices(out["choices"])
        if "fields" in out:
            out["fields"] = [
                {k: v for k, v in f.items() if k not in ("label", "help", "checks")}  # checks: plausibility, not points
                | {"choices": strip_choices(f.get("choices"))}
                for f in out["fields"]
            ]
        return out

    return {
        "sections": [
            {"key": s["key"], "weight": s.get("weight", 0), "questions": [strip_question(q) for q in s["questions"]]}
            for s in definition["sections"]
        ],
        "scoring": {k: v for k, v in definition.get("scoring", {}).items()},
    }


def rules_hash(definition: Mapping[str, Any]) -> str:
    """SHA-256 of everything that changes a score: the rule-set version."""
    canonical = json.dumps(rules_view(definition), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()
