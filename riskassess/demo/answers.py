"""Realistic, valid demo answers for the default questionnaire (and a sensible fallback for any
other template), by supplier profile:

- "high_risk": suppliers named in the 2023 Communication: state links unknown or confirmed,
  manufacture in the HQ country, evidence patchy, designated in some member states;
- "eu_major": the large EU suppliers: no state control, certified and tested products;
- "other": everyone else, mixed.

Pure and fast (called thousands of times by the EU-scale generator): the plan of each template
is cached by the identity of its definition dict. Every value is checked with `validate_answer`
before it is returned. Demo answers are fictitious: they describe no real finding.
"""

import datetime as dt
import random
from collections.abc import Callable, Mapping
from typing import Any

from riskassess.questionnaires.conditions import visible_question_keys
from riskassess.questionnaires.definition import iter_questions
from riskassess.questionnaires.validation import AnswerError, validate_answer

PROFILES = ("high_risk", "eu_major", "other")
HIGH_RISK_SUPPLIERS = ("Huawei", "ZTE")
EU_MAJOR_SUPPLIERS = ("Ericsson", "Nokia")

_HQ = {"high_risk": "CN", "eu_major": "SE", "other": "US"}
_MANUFACTURE = {
    "high_risk": (["CN"], ["CN", "HU"], ["CN", "MY"]),
    "eu_major": (["SE", "EE"], ["FI", "EE", "CN"], ["SE", "EE", "US"], ["FI", "IN"], ["EE", "PL", "MX"]),
    "other": (["KR"], ["JP", "VN"], ["US", "MX"], ["US", "TW"], ["KR", "VN", "IN"]),
}
_PRODUCTS = (
    ("core_nf", "5G core: AMF/SMF"),
    ("core_nf", "5G core: UPF"),
    ("core_nf", "5G core: UDM/AUSF"),
    ("nfv_mano_sdn", "NFV orchestrator (MANO)"),
    ("nfvi_cloud", "Telco cloud infrastructure"),
    ("oss_nms_aaa", "Network management system"),
    ("transport", "IP core router"),
    ("ran_general", "gNodeB baseband unit"),
    ("ran_general", "Active antenna unit"),
    ("ran_sensitive_area", "gNodeB for critical sites"),
)
_SCAS = {
    "core_nf": ("TS 33.117 + TS 33.512 (AMF)", "TS 33.117 + TS 33.513 (UPF)", "TS 33.117 + TS 33.514 (UDM)"),
    "ran_general": ("TS 33.117 + TS 33.511 (gNB)", "TS 33.117 + TS 33.523 (split gNB)"),
    "ran_sensitive_area": ("TS 33.117 + TS 33.511 (gNB)",),
}
_LABS = (
    ("Nordic Telecom Test Lab (demo)", "ISO/IEC 17025 no. D-1432"),
    ("Atlantic Security Evaluation (demo)", "ISO/IEC 17025 no. F-0871"),
    ("Central European ITSEF (demo)", "ISO/IEC 17025 no. A-2210"),
)
_ISSUERS = (
    "Demo certification body, accreditation no. CB-041",
    "Demo NESAS auditor, appointment GSMA-07",
    "Demo certification authority, accreditation no. NCCA-12",
)
_OPERATORS = ("MNO North", "MNO South", "MNO Central", "MNO Coastal")
_OTHER_DESIGNATORS = ("SE", "EE", "LT", "RO", "PL", "DE", "LV", "GB")

Gen = Callable[["_Ctx"], Any]


class _Ctx:
    __slots__ = ("rng", "profile", "today", "hr", "eu", "question")

    def __init__(self, rng: random.Random, profile: str, today: dt.date):
        self.rng = rng
        self.profile = profile
        self.today = today
        self.hr = profile == "high_risk"
        self.eu = profile == "eu_major"
        self.question: Mapping[str, Any] = {}

    def pick(self, weights: Mapping[str, float]) -> Any:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def by_profile(self, high_risk: Mapping[Any, float], eu_major: Mapping[Any, float], other: Mapping[Any, float]):
        return self.pick(high_risk if self.hr else eu_major if self.eu else other)

    def days(self, n: int) -> str:
        return (self.today + dt.timedelta(days=n)).isoformat()

    def hexid(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"


# ---------------------------------------------------------------------------------------------
# Generators of the default template's questions
# ---------------------------------------------------------------------------------------------


def _certificate(c: _Ctx, asset_class: str, product: str, state: str) -> dict[str, Any]:
    rng = c.rng
    scheme = (
        rng.choice(("eucc", "cc", "nesas_evaluation", "nesas_ccs_gi"))
        if asset_class != "ran_general"
        else rng.choice(("nesas_evaluation", "nesas_ccs_gi", "bsz", "cc"))
    )
    if state == "valid":
        expiry = rng.randint(120, 1400)
    elif state == "expiring":
        expiry = rng.randint(5, 85)
    else:  # expired, suspended, withdrawn
        expiry = -rng.randint(10, 500) if state == "expired" else rng.randint(100, 900)
    validity_years = rng.choice((2, 3, 4, 5))
    over_limit = scheme == "eucc" and rng.random() < 0.08  # data-quality flag: over 5 years, no note
    if over_limit:
        validity_years = 6
    expiry_date = c.today + dt.timedelta(days=expiry)
    # Issued in the past, whatever the validity (the questionnaire refuses a future issue date).
    issue_date = min(expiry_date - dt.timedelta(days=365 * validity_years), c.today - dt.timedelta(days=30))
    lab, accreditation = rng.choice(_LABS)
    covers = (
        "yes"
        if state in ("valid", "expiring") and rng.random() < (0.9 if c.eu else 0.7)
        else rng.choice(("no", "unknown", "yes"))
    )
    year_month = issue_date.strftime("%Y-%m")
    version = f"{rng.randint(20, 25)}.{rng.randint(0, 4)}.{rng.randint(0, 9)}"
    item = {
        "id": c.hexid(),
        "product": product,
        "asset_class": asset_class,
        "scheme": scheme,
        "certificate_id": f"{scheme.upper()}-DEMO-{year_month}-{rng.randint(100, 999)}",
        "issuer": rng.choice(_ISSUERS),
        "lab": lab,
        "lab_accreditation": accreditation,
        "scope": f"{product}, version {version}, whole product",
        "certified_version": version,
        "assurance_level": rng.choice(("substantial (AVA_VAN.2)", "high (AVA_VAN.3)", "EAL4+", "NESAS SCAS")),
        "issue_date": issue_date.isoformat(),
        "expiry_date": expiry_date.isoformat(),
        "status": {"expiring": "valid"}.get(state, state),
        "covers_deployed": covers,
    }
    if validity_years > 5 and rng.random() < 0.5:
        item["ncca_approval_note"] = "Validity of 6 years approved by the national authority (demo)."
    return item


def _certificates(c: _Ctx) -> list[dict[str, Any]]:
    rng = c.rng
    n = rng.randint(2, 5) if c.eu else rng.randint(1, 4)
    products = rng.sample(_PRODUCTS, n)
    if c.eu and not any(a == "core_nf" for a, _ in products):
        products[0] = _PRODUCTS[0]
    states = {"valid": 0.78, "expiring": 0.12, "expired": 0.08, "suspended": 0.02}
    if not c.eu:
        states = {"valid": 0.45, "expiring": 0.15, "expired": 0.3, "suspended": 0.05, "withdrawn": 0.05}
    return [_certificate(c, a, p, c.pick(states)) for a, p in products]


def _tests(c: _Ctx) -> list[dict[str, Any]]:
    rng = c.rng
    n = rng.randint(1, 4)
    out = []
    for asset_class, product in rng.sample(_PRODUCTS, n):
        old = rng.random() < (0.15 if c.eu else 0.4)
        months = rng.randint(37, 60) if old else rng.randint(1, 30)
        lab, accreditation = rng.choice(_LABS)
        result = c.pick({"pass": 0.7, "pass_with_findings": 0.25, "fail": 0.05})
        out.append(
            {
                "id": c.hexid(),
                "product": product,
                "asset_class": asset_class,
                "specification": rng.choice(_SCAS.get(asset_class, ("TS 33.117",))),
                "release": rng.choice(("Rel-16", "Rel-17", "Rel-18")),
                "lab": lab,
                "lab_accreditation": accreditation,
                "test_date": c.days(-30 * months - rng.randint(0, 20)),
                "result": result,
                "report_id": f"SCAS-DEMO-{rng.randint(1000, 9999)}",
            }
        )
    return out


def _owners(c: _Ctx) -> list[dict[str, Any]]:
    if c.hr:
        return [
            {"id": c.hexid(), "owner": "Holding company of the founders (demo)", "country": "CN", "share": 60},
            {
                "id": c.hexid(),
                "owner": "State-linked investment fund (demo)",
                "country": "CN",
                "share": 25,
                "state_body": "yes",
            },
        ]
    hq = _HQ[c.profile]
    return [
        {"id": c.hexid(), "owner": "Public shareholders (free float)", "country": hq, "share": 80, "state_body": "no"},
        {"id": c.hexid(), "owner": "Foundation of the group (demo)", "country": hq, "share": 20, "state_body": "no"},
    ]


def _decisions(c: _Ctx) -> list[dict[str, Any]]:
    rng = c.rng
    out = []
    for _ in range(rng.randint(1, 3)):
        kind = c.pick({"prohibition": 0.3, "refusal": 0.2, "conditions": 0.35, "authorisation": 0.15})
        asset_class = rng.choice(("core_nf", "oss_nms_aaa", "ran_sensitive_area", "ran_general"))
        out.append(
            {
                "id": c.hexid(),
                "decision": kind,
                "date": c.days(-rng.randint(60, 1500)),
                "component": dict(_PRODUCTS).get(asset_class, "Network equipment"),
                "asset_class": asset_class,
                "outcome": {
                    "prohibition": "Use prohibited; removal by the phase-out deadline.",
                    "refusal": "Authorisation refused for the planned deployment.",
                    "conditions": "Authorised for 5 years with conditions on remote access and logging.",
                    "authorisation": "Authorised for 8 years.",
                }[kind],
            }
        )
    return out


def _mno_shares(c: _Ctx) -> list[dict[str, Any]]:
    rng = c.rng
    out = []
    for mno in rng.sample(_OPERATORS, rng.randint(2, 4)):
        ran = rng.choice((0, 10, 25, 40, 55, 70)) if not c.eu else rng.choice((20, 35, 50, 65, 80))
        core = rng.choice((0, 0, 0, 30, 100)) if c.hr else rng.choice((0, 50, 100))
        out.append({"id": c.hexid(), "mno": mno, "ran_share": ran, "core_share": core})
    return out


def _phase_out(c: _Ctx) -> list[dict[str, Any]]:
    return [
        {"id": c.hexid(), "asset_class": "core_nf", "date": f"{c.today.year + c.rng.randint(0, 1)}-12-31"},
        {"id": c.hexid(), "asset_class": "oss_nms_aaa", "date": f"{c.today.year + c.rng.randint(1, 3)}-12-31"},
    ]


def _footprint(c: _Ctx) -> list[dict[str, Any]]:
    rng = c.rng
    return [
        {"id": c.hexid(), "asset_class": "core_nf", "share": rng.choice((0, 5, 15, 30))},
        {"id": c.hexid(), "asset_class": "ran_general", "share": rng.choice((10, 25, 40, 60))},
    ]


def _sub_suppliers(c: _Ctx) -> list[dict[str, Any]]:
    rows = [
        ("Baseband chips", "Demo Semiconductor", "CN" if c.hr else c.rng.choice(("US", "TW", "NL"))),
        ("Operating system", "Demo OS vendor", "CN" if c.hr else "US"),
        ("Virtualisation layer", "Demo cloud software", c.rng.choice(("US", "FI", "DE"))),
    ]
    return [{"id": c.hexid(), "component": a, "sub_supplier": b, "hq_country": d} for a, b, d in rows]


def _legal_status(c: _Ctx, answer: str) -> str:
    """D1 of the 2026.1 template (yes / under assessment / no) or of 2027.1 (designated /
    restricted / under assessment / none)."""
    values = {ch["value"] for ch in c.question.get("choices") or []}
    if "designated" in values:
        return {"yes": "designated", "no": "none"}.get(answer, answer)
    return answer


def _subset(c: _Ctx, probabilities: Mapping[str, float]) -> list[str]:
    """Each option with its probability; "none" (when the question offers it) if none is drawn."""
    chosen = [v for v, p in probabilities.items() if c.rng.random() < p]
    if not chosen and any(ch["value"] == "none" for ch in c.question.get("choices", ())):
        return ["none"]
    return chosen


_YNU_HR = {"yes": 0.5, "unknown": 0.5}
_SPECIFIC: dict[str, Gen] = {
    "A1": lambda c: "Demo legal entity of the supplier; group parent listed in A3; LEI not provided",
    "A2": lambda c: _HQ[c.profile],
    "A3": _owners,
    "A3a": lambda c: c.rng.choice((0, 5, 25, "unknown")) if c.hr else 0,
    "A4": lambda c: c.by_profile(_YNU_HR, {"no": 1}, {"no": 0.85, "unknown": 0.15}),
    "A5": lambda c: c.by_profile({"yes": 0.85, "unknown": 0.15}, {"no": 1}, {"no": 0.8, "unknown": 0.2}),
    "A6": lambda c: "no" if c.hr else "yes",
    "A7": lambda c: list(c.rng.choice(_MANUFACTURE[c.profile])),
    "A7a": lambda c: c.rng.choice((70, 85, 100)) if c.hr else c.rng.choice((0, 0, 10, 25, 40)),
    "A8": lambda c: c.by_profile({"unknown": 0.7, "no": 0.3}, {"no": 1}, {"no": 0.9, "unknown": 0.1}),
    "A9": lambda c: c.by_profile({"yes": 0.5, "unknown": 0.5}, {"no": 1}, {"no": 0.8, "unknown": 0.2}),
    "A10": lambda c: (
        ["public", "intelligence"] if c.hr else _subset(c, {"public": 1, "vendor_declaration": 0.8, "operator": 0.6})
    ),
    "B1": _certificates,
    "B2": lambda c: c.by_profile({"yes": 0.8, "no": 0.2}, {"yes": 1}, {"yes": 0.6, "no": 0.4}),
    "B2a": lambda c: "Demo NESAS auditor; product development and lifecycle process 3.0; no major findings",
    "B2b": lambda c: c.days(-30 * c.rng.randint(3, 30)),
    "B3": lambda c: (
        c.rng.choice((10, 25, 40, "unknown")) if c.hr else c.rng.choice((70, 85, 95, 100) if c.eu else (30, 55, 80))
    ),
    "B4": lambda c: c.rng.choice(("yes", "no")),
    "B4a": lambda c: "National telecommunications act, section on critical components (demo)",
    "B4b": lambda c: f"{c.today.year - c.rng.randint(0, 2)}-01-01",
    "B5": lambda c: c.pick({"no": 0.9, "yes": 0.1}),
    "B6": lambda c: c.pick({"yes": 0.95, "no": 0.05}) if not c.hr else c.pick({"yes": 0.8, "no": 0.2}),
    "B6a": lambda c: "https://psirt.example.com/vulnerability-disclosure",
    "B7": lambda c: c.by_profile(
        {"partly": 0.5, "unknown": 0.5}, {"yes": 0.8, "partly": 0.2}, {"yes": 0.4, "partly": 0.4, "unknown": 0.2}
    ),
    "C1": _tests,
    "C2": lambda c: c.pick({"yes": 0.4, "no": 0.6}),
    "C2a": lambda c: c.days(-30 * c.rng.randint(2, 40)),
    "C3": lambda c: c.by_profile(
        {"partial": 0.6, "no": 0.4}, {"yes": 0.5, "partial": 0.5}, {"partial": 0.5, "no": 0.3, "not_applicable": 0.2}
    ),
    "C4": lambda c: c.days(-30 * c.rng.randint(1, 30)),
    "C5": lambda c: c.rng.choice((0, 1, 3)) if c.hr else c.rng.choice((0, 0, 0, 1)),
    "C5a": lambda c: c.rng.randint(3, 25) if c.hr else c.rng.randint(0, 8),
    "C6": lambda c: c.rng.choice((20, 45, 95, 130)) if c.hr else c.rng.choice((7, 12, 21, 35)),
    "C7": lambda c: c.by_profile({"unknown": 0.5, "yes": 0.3, "no": 0.2}, {"yes": 1}, {"yes": 0.7, "unknown": 0.3}),
    "C8": lambda c: _subset(
        c, {"signed_updates": 0.95, "secure_boot": 0.9 if c.eu else 0.7, "sbom": 0.7 if c.eu else 0.3}
    ),
    "D1": lambda c: _legal_status(
        c,
        c.by_profile(
            {"yes": 0.35, "under_assessment": 0.3, "no": 0.35}, {"no": 1}, {"no": 0.95, "under_assessment": 0.05}
        ),
    ),
    "D1d": lambda c: ["g5"] if c.rng.random() < 0.6 else ["g5", "g2_4"],
    "E0": lambda c: list(
        c.by_profile(
            {("ran_general", "oss_nms_aaa"): 0.6, ("ran_general", "core_nf", "oss_nms_aaa"): 0.4},
            {("core_nf", "nfv_mano_sdn", "ran_general", "transport"): 0.7, ("ran_general", "transport"): 0.3},
            {("ran_general",): 0.6, ("transport",): 0.4},
        )
    ),
    "E0a": lambda c: c.pick({"no": 0.7, "yes": 0.3}),
    "D1a": lambda c: (
        f"National decision no. {c.today.year - c.rng.randint(0, 4)}/{c.rng.randint(1, 90)} "
        "on high-risk suppliers (demo)"
    ),
    "D1b": lambda c: c.days(-c.rng.randint(90, 1800)),
    "D1c": lambda c: c.pick({"no": 0.75, "yes": 0.25}),
    "D2": lambda c: (
        ["core_nf", "oss_nms_aaa", "security_functions"]
        + (["ran_sensitive_area", "government_networks"] if c.rng.random() < 0.5 else ["share_cap"])
    ),
    "D3": _phase_out,
    "D4": _footprint,
    "D5": _decisions,
    "D6": lambda c: sorted(c.rng.sample(_OTHER_DESIGNATORS, c.rng.randint(2, 6))) if c.hr else [],
    "D7": lambda c: c.pick({"no": 0.8, "yes": 0.2}) if c.hr else "no",
    "D7a": lambda c: "Appeal by the supplier pending before the administrative court (demo).",
    "D8": lambda c: c.pick({"adopted": 0.7, "in_preparation": 0.25, "none": 0.05}),
    "E1": _mno_shares,
    "E2": lambda c: c.pick({"yes": 0.4, "no": 0.6}),
    "E3": lambda c: "yes" if c.hr else c.pick({"yes": 0.3, "no": 0.7}),
    "E3a": lambda c: ["CN"] if c.hr else c.rng.choice((["US"], ["IN"], ["US", "IN"], ["KR"])),
    "E4": lambda c: c.pick({"yes": 0.2, "no": 0.8}),
    "E4a": lambda c: "Managed service provider of the supplier's group operates the RAN of one operator (demo).",
    "E5": _sub_suppliers,
    "E6": lambda c: _subset(
        c, {"spares_stock": 0.9, "dual_sourcing": 0.7 if c.eu else 0.4, "exit_plan": 0.2 if c.hr else 0.5}
    ),
    "E7": lambda c: c.by_profile({"partly": 0.7, "no": 0.3}, {"yes": 0.7, "partly": 0.3}, {"yes": 0.4, "partly": 0.6}),
    "E8": lambda c: c.by_profile(
        {"proprietary": 0.7, "partial": 0.3},
        {"partial": 0.6, "open": 0.4},
        {"open": 0.4, "partial": 0.4, "proprietary": 0.2},
    ),
    "F1": lambda c: c.pick({"yes": 0.6, "no": 0.4}) if c.hr else "yes",
    "F2": lambda c: "yes" if c.hr or c.eu else c.pick({"yes": 0.85, "no": 0.15}),
    "F2a": lambda c: "https://psirt.example.com/",
    "F3": lambda c: (
        c.rng.choice((30, 45, 90, 120)) if c.hr else c.rng.choice((7, 14, 14, 30) if c.eu else (14, 30, 60))
    ),
    "F4": lambda c: c.rng.choice((5, 7, 10)) if not c.eu else c.rng.choice((10, 12, 15)),
    "F5": lambda c: "yes" if c.eu else c.pick({"yes": 0.7, "no": 0.3}),
    "F6": lambda c: c.rng.choice((0, 1, 2, 3)) if c.hr else c.rng.choice((0, 0, 0, 1)),
    # Backdoors (trigger T3) never appear in demo data: it would read as a finding about a real supplier.
    "F7": lambda c: "no",
    "F8": lambda c: c.by_profile({"yes": 0.5, "unknown": 0.5}, {"no": 1}, {"no": 0.7, "unknown": 0.3}),
    "F9": lambda c: c.by_profile({"partial": 0.6, "yes": 0.4}, {"yes": 1}, {"yes": 0.5, "partial": 0.5}),
}


# ---------------------------------------------------------------------------------------------
# Fallback by type, for questions of other templates
# ---------------------------------------------------------------------------------------------


def _generic_scalar(c: _Ctx, q: Mapping[str, Any]) -> Any:
    rng, qtype = c.rng, q.get("type")
    if qtype == "ynu":
        return rng.choice(("yes", "no", "unknown"))
    if qtype == "yn":
        return rng.choice(("yes", "no"))
    if qtype == "choice":
        return rng.choice(q["choices"])["value"]
    if qtype == "multi":
        return [ch["value"] for ch in q["choices"] if rng.random() < 0.5] or [q["choices"][0]["value"]]
    if qtype == "number":
        lo = q.get("min", 0)
        hi = q.get("max", lo + 100)
        return rng.randint(int(lo), int(min(hi, lo + 365)))
    if qtype == "percent":
        return rng.choice((0, 10, 25, 50, 75, 100))
    if qtype == "date":
        return c.days(-rng.randint(30, 900))
    if qtype == "country":
        return rng.choice(("FR", "DE", "SE", "FI", "US", "CN", "KR", "JP"))
    if qtype == "countries":
        return sorted(rng.sample(("FR", "DE", "SE", "FI", "US", "CN"), rng.randint(1, 3)))
    if qtype == "text":
        return "Demo answer"
    if qtype == "url":
        return "https://example.com/demo"
    return None


def _generic_item(c: _Ctx, q: Mapping[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": c.hexid()}
    kind = q.get("item_kind")
    for f in q.get("fields", []):
        if f["key"] == "status" and kind == "certificate":
            item[f["key"]] = c.pick({"valid": 0.7, "expired": 0.3})
        elif f["key"] == "expiry_date":
            item[f["key"]] = c.days(c.rng.randint(-200, 900))
        elif f["key"] == "covers_deployed":
            item[f["key"]] = "yes"
        elif f.get("type") == "text":
            item[f["key"]] = f"Demo {f.get('label', f['key']).lower()}"
        else:
            item[f["key"]] = _generic_scalar(c, f)
    if "issue_date" in item and "expiry_date" in item:
        # Plausible as the questionnaire checks it: issued in the past, expiring after the issue.
        expiry = dt.date.fromisoformat(item["expiry_date"])
        item["issue_date"] = min(expiry - dt.timedelta(days=730), c.today - dt.timedelta(days=30)).isoformat()
    return item


def _generic(c: _Ctx) -> Any:
    q = c.question
    if q.get("type") == "repeat":
        return [_generic_item(c, q) for _ in range(c.rng.randint(1, 3))]
    return _generic_scalar(c, q)


# ---------------------------------------------------------------------------------------------
# Plan per template and the public functions
# ---------------------------------------------------------------------------------------------

_PLANS: dict[int, tuple[Mapping[str, Any], list[tuple[dict[str, Any], Gen]], list[dict[str, Any]]]] = {}


def _plan(definition: Mapping[str, Any]) -> tuple[list[tuple[dict[str, Any], Gen]], list[dict[str, Any]]]:
    cached = _PLANS.get(id(definition))
    if cached is not None and cached[0] is definition:
        return cached[1], cached[2]
    questions = list(iter_questions(definition))
    plan = [(q, _SPECIFIC.get(q["key"], _generic)) for q in questions]
    if len(_PLANS) > 32:
        _PLANS.clear()
    _PLANS[id(definition)] = (definition, plan, questions)
    return plan, questions


def demo_answers(
    *,
    definition: Mapping[str, Any],
    profile: str,
    rng: random.Random,
    assessment_date: dt.date,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Valid answers {question_key: value} of a plausible assessment of a supplier of `profile`
    ("high_risk", "eu_major" or "other") at `assessment_date`, for the visible questions only.
    `overrides` fixes some answers (e.g. {"D1": "yes"} where the state designates the supplier).
    Deterministic for a seeded `rng`."""
    if profile not in PROFILES:
        raise ValueError(f"unknown demo profile {profile!r} (profiles: {', '.join(PROFILES)})")
    plan, questions = _plan(definition)
    c = _Ctx(rng, profile, assessment_date)
    answers: dict[str, Any] = {}
    for q, gen in plan:
        c.question = q
        key = q["key"]
        if overrides and key in overrides:
            value = overrides[key]
        else:
            value = gen(c)
        try:
            value = validate_answer(q, value)
        except AnswerError:
            # The template differs from the default one: fall back to a value of the right type.
            value = validate_answer(q, _generic(c))
        if value is not None:
            answers[key] = value
    shown = visible_question_keys(questions, answers)
    return {k: answers[k] for k in shown if k in answers}


def profile_for_supplier(supplier: Any) -> str:
    """The demo profile of a supplier (a Supplier or its name)."""
    name = supplier if isinstance(supplier, str) else getattr(supplier, "name", "")
    if getattr(supplier, "named_in_2023_communication", False) or name in HIGH_RISK_SUPPLIERS:
        return "high_risk"
    if name in EU_MAJOR_SUPPLIERS:
        return "eu_major"
    return "other"
