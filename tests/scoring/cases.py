"""The cases of the risk-model review, as answers for the shipped templates (2026.1 legacy and
2027.1 dimensions): a third-country supplier with perfect certificates, an EU supplier with weak
practices, a radio-only supplier, and unknowns."""

from __future__ import annotations

import copy
from typing import Any

from tests.scoring.builders import certificate, report_item

CORE_CERT = certificate(id="c1", asset_class="core_nf", expiry_date="2029-01-10")
MANO_CERT = certificate(id="c2", asset_class="nfv_mano_sdn", product="MANO 3", expiry_date="2029-01-10")
CORE_TEST = report_item(id="t1", asset_class="core_nf", test_date="2026-06-01")

PERFECT_TECHNICAL: dict[str, Any] = {
    "B1": [CORE_CERT, MANO_CERT],
    "B2": "yes",
    "B3": 100,
    "B4": "no",
    "B5": "no",
    "B6": "yes",
    "B7": "yes",
    "C1": [CORE_TEST],
    "C2": "yes",
    "C3": "yes",
    "C4": "2026-09-01",
    "C5": 0,
    "C5a": 0,
    "C6": 7,
    "C7": "yes",
    "C8": ["signed_updates", "secure_boot", "sbom"],
    "F1": "yes",
    "F2": "yes",
    "F3": 7,
    "F4": 12,
    "F5": "yes",
    "F6": 0,
    "F7": "no",
    "F8": "no",
    "F9": "yes",
}
WEAK_TECHNICAL: dict[str, Any] = {
    **PERFECT_TECHNICAL,
    "B1": [],
    "B2": "no",
    "B3": 20,
    "B6": "no",
    "B7": "partly",
    "C1": [],
    "C2": "no",
    "C3": "no",
    "C4": "2022-01-01",
    "C5": 3,
    "C5a": 8,
    "C6": 120,
    "C7": "yes",
    "C8": ["signed_updates"],
    "F1": "no",
    "F2": "no",
    "F3": 120,
    "F4": 3,
    "F5": "no",
    "F6": 1,
    "F8": "no",
    "F9": "partial",
}
THIRD_COUNTRY_PROFILE: dict[str, Any] = {
    "A1": "Example Telecom Ltd",
    "A2": "CN",
    "A3a": 0,
    "A4": "unknown",
    "A5": "yes",
    "A6": "no",
    "A7": ["CN"],
    "A7a": 100,
    "A8": "no",
    "A9": "no",
    "A10": ["public"],
}
EU_PROFILE: dict[str, Any] = {
    "A1": "Example Networks Oy",
    "A2": "FI",
    "A3a": 0,
    "A4": "no",
    "A5": "no",
    "A6": "yes",
    "A7": ["FI", "EE"],
    "A7a": 0,
    "A8": "no",
    "A9": "no",
    "A10": ["public"],
}
EXPOSURE_LOW: dict[str, Any] = {
    "E1": [],
    "E2": "no",
    "E3": "no",
    "E4": "no",
    "E6": ["spares_stock", "dual_sourcing", "exit_plan"],
    "E7": "yes",
    "E8": "open",
}
SUPPLIES_CORE = {"E0": ["core_nf", "nfv_mano_sdn", "ran_general"], "E0a": "no"}
SUPPLIES_RADIO_ONLY = {"E0": ["ran_general"], "E0a": "no"}
NO_LEGAL_STATUS = {"D1": "no", "D6": [], "D7": "no"}


def _for(version: str, answers: dict[str, Any]) -> dict[str, Any]:
    """The 2026.1 template has no E0/E0a and answers D1 with yes/no; 2027.1 has 'none'."""
    out = copy.deepcopy(answers)
    if version == "2026.1":
        out.pop("E0", None)
        out.pop("E0a", None)
        out["D8"] = "adopted"
    elif out.get("D1") == "no":
        out["D1"] = "none"
    return out


def third_country_perfect_certificates(version: str) -> dict[str, Any]:
    return _for(
        version, {**THIRD_COUNTRY_PROFILE, **PERFECT_TECHNICAL, **EXPOSURE_LOW, **SUPPLIES_CORE, **NO_LEGAL_STATUS}
    )


def eu_weak_practices(version: str) -> dict[str, Any]:
    return _for(version, {**EU_PROFILE, **WEAK_TECHNICAL, **EXPOSURE_LOW, **SUPPLIES_CORE, **NO_LEGAL_STATUS})


def radio_only_perfect(version: str) -> dict[str, Any]:
    """A perfect supplier of general RAN only: no certificates or tests of core or MANO (it has none)."""
    answers = {**EU_PROFILE, **PERFECT_TECHNICAL, **EXPOSURE_LOW, **SUPPLIES_RADIO_ONLY, **NO_LEGAL_STATUS}
    answers["B1"] = []
    answers["C1"] = []
    return _for(version, answers)


UNKNOWN_QUESTIONS = ("A4", "A5", "A8", "A9", "C7", "F8")


def eu_with_unknowns(version: str) -> dict[str, Any]:
    answers = eu_weak_practices(version)
    for key in UNKNOWN_QUESTIONS:
        answers[key] = "unknown"
    return answers
