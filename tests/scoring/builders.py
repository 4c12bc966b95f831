"""Answers and definitions for the scoring tests: certificates, test reports, an extended small template."""

import copy
import datetime as dt
from pathlib import Path

from tests.factories import SMALL_DEFINITION

ASSESSMENT_DATE = dt.date(2026, 11, 25)
SHIPPED_TEMPLATE = (
    Path(__file__).resolve().parents[2] / "riskassess/questionnaires/templates_yaml/eu-5g-supplier-2026.1.yaml"
)


def certificate(**overrides):
    item = {
        "id": "c1",
        "product": "Core 5",
        "asset_class": "core_nf",
        "certificate_id": "EUCC-2025-001",
        "scheme": "eucc",
        "issue_date": "2025-01-10",
        "expiry_date": "2028-01-10",
        "status": "valid",
        "covers_deployed": "yes",
    }
    item.update(overrides)
    return item


def report_item(**overrides):
    item = {
        "id": "t1",
        "product": "Core 5",
        "asset_class": "core_nf",
        "specification": "TS 33.117",
        "test_date": "2025-06-01",
        "result": "pass",
        "report_id": "SCAS-1",
    }
    item.update(overrides)
    return item


# Worked example for SMALL_DEFINITION (see test_engine.py for the arithmetic).
SMALL_ANSWERS = {
    "A4": "yes",
    "A4a": "A state holding",
    "A6": "no",
    "B1": [certificate(expiry_date="2027-01-10")],
    "B6": 20,
    "D1": "no",
}


def extended_definition():
    """SMALL_DEFINITION plus a test-report group, a multi, a date, a conditional scored question,
    trigger T5 and the two flags: every rule kind of the format on a few questions."""
    d = copy.deepcopy(SMALL_DEFINITION)
    d["key"] = "extended"
    sections = {s["key"]: s for s in d["sections"]}
    sections["A"]["questions"].append(
        {
            "key": "A5",
            "text": "Security laws without independent checks?",
            "help": "",
            "source": "",
            "type": "ynu",
            "required": True,
            "evidence": False,
            "condition": {"question": "A4", "equals": "yes"},
            "scoring": {"weight": 4, "points": {"yes": 100, "unknown": 80, "no": 0}},
        }
    )
    sections["B"]["questions"].append(
        {
            "key": "C1",
            "text": "SCAS test reports",
            "help": "",
            "source": "",
            "type": "repeat",
            "item_kind": "test_report",
            "required": False,
            "evidence": True,
            "fields": [
                {"key": "product", "label": "Product", "type": "text", "required": True},
                {
                    "key": "asset_class",
                    "label": "Asset class",
                    "type": "choice",
                    "required": True,
                    "choices": [{"value": "core_nf", "label": "Core"}, {"value": "ran_general", "label": "RAN"}],
                },
                {"key": "test_date", "label": "Test date", "type": "date", "required": True},
                {
                    "key": "result",
                    "label": "Result",
                    "type": "choice",
                    "required": True,
                    "choices": [
                        {"value": "pass", "label": "Pass"},
                        {"value": "pass_with_findings", "label": "Pass with findings"},
                        {"value": "fail", "label": "Fail"},
                    ],
                },
            ],
            "scoring": {"weight": 3, "tests": {"recent_points": 0, "old_points": 50, "missing_points": 100}},
        }
    )
    sections["B"]["questions"].append(
        {
            "key": "C4",
            "text": "Date of the latest penetration test",
            "help": "",
            "source": "",
            "type": "date",
            "required": False,
            "evidence": False,
            "scoring": {
                "weight": 2,
                "age_months": [{"max": 12, "points": 0}, {"max": 36, "points": 40}, {"points": 100}],
            },
        }
    )
    sections["B"]["questions"].append(
        {
            "key": "C8",
            "text": "Signed updates, secure boot, SBOM",
            "help": "",
            "source": "",
            "type": "multi",
            "choices": [
                {"value": "signed_updates", "label": "Signed updates"},
                {"value": "secure_boot", "label": "Secure boot"},
                {"value": "sbom", "label": "SBOM"},
            ],
            "required": False,
            "evidence": False,
            "scoring": {"weight": 2, "absent_points": {"signed_updates": 40, "secure_boot": 30, "sbom": 30}},
        }
    )
    sections["D"]["questions"].append(
        {
            "key": "D6",
            "text": "Designations by other member states or third countries",
            "help": "",
            "source": "",
            "type": "countries",
            "required": False,
            "evidence": False,
        }
    )
    d["scoring"]["triggers"] += [
        {
            "id": "T2",
            "label": "Controlled and subject to security laws",
            "when": {"all": [{"question": "A4", "equals": "yes"}, {"question": "A5", "equals": "yes"}]},
            "min_band": "high",
        },
        {
            "id": "T5",
            "label": "No valid certificate and no SCAS test for any core component",
            "when": {"no_valid_evidence": {"certificates": "B1", "tests": "C1", "asset_classes": ["core_nf"]}},
            "min_band": "elevated",
        },
    ]
    d["scoring"]["flags"] = [
        {"id": "FL1", "label": "Designated elsewhere", "when": {"question": "D6", "not_empty": True}},
        {"id": "FL2", "label": "Named in 2023", "when": {"fact": "supplier_named_in_2023_communication"}},
    ]
    return d


EXTENDED_DEFINITION = extended_definition()


def shipped_definition():
    """The shipped template, parsed as the importer does, or None if it is not there."""
    if not SHIPPED_TEMPLATE.exists():
        return None
    from riskassess.questionnaires.template_format.parser import parse_definition

    return parse_definition(SHIPPED_TEMPLATE.read_text(encoding="utf-8"))
