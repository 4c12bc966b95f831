"""Section D of the questionnaire and the register: every answer of D maps to a field of the
member state's questionnaire record (`LegalRecord.from_questionnaire`).

| Question | Register |
|---|---|
| D1 status | `state` and `kind`: designated, a designation in force; restricted, a restriction in |
| | force (or the strongest measure of D2); under assessment; none |
| D1a legal instrument | `instrument` |
| D1b date of the decision | `instrument_date` |
| D1c confidential | `confidential` |
| D1d technology generations | `technology` of every scope |
| D2 scope | asset classes: the scopes; share cap, government networks, full exclusion: `kind` or `measures` |
| D3 phase-out deadlines | `phase_out_deadline` of the scopes of that asset class |
| D4 footprint | `footprint` |
| D5 individual decisions | `individual_decisions` (a decision "with conditions" adds the `conditions` measure) |
| D6 other designating countries | `other_countries` |
| D7 litigation pending, D7a court and status | `appeal_status` (litigation pending) and `litigation_notes` |

The keys are the template's (`confidentiality.register` names status, legal_instrument,
decided_on, asset_classes and phase_out; the others default to the 2027.1 keys).
"""

from __future__ import annotations

from typing import Any

from riskassess.register.models import AppealStatus, LegalRecord, RecordKind, RecordState, RecordVersion

# D1 answer -> (state, kind); None: keep the record's kind.
D1_STATE: dict[str, tuple[str, str | None]] = {
    "yes": (RecordState.IN_FORCE, RecordKind.DESIGNATION),
    "designated": (RecordState.IN_FORCE, RecordKind.DESIGNATION),
    "high_risk": (RecordState.IN_FORCE, RecordKind.DESIGNATION),
    "restricted": (RecordState.IN_FORCE, RecordKind.RESTRICTION),
    "under_assessment": (RecordState.UNDER_ASSESSMENT, None),
    "no": (RecordState.NONE, None),
    "none": (RecordState.NONE, None),
}
# D2 answers that are measures, not asset classes.
D2_MEASURES = {
    "share_cap": RecordKind.SHARE_CAP,
    "government_networks": RecordKind.SECTOR_EXCLUSION,
    "full_exclusion": RecordKind.FULL_EXCLUSION,
}
# Strongest first: the kind of a restriction without designation that names measures.
_MEASURE_ORDER = (RecordKind.FULL_EXCLUSION, RecordKind.SECTOR_EXCLUSION, RecordKind.SHARE_CAP)
DEFAULT_KEYS = {
    "technologies": "D1d",
    "footprint": "D4",
    "individual_decisions": "D5",
    "other_countries": "D6",
    "litigation": "D7",
    "litigation_details": "D7a",
}
# Section D technology answers -> register generations.
D1D_TECHNOLOGY = {"g5": "g5", "g2_4": "g2_4", "g5_nsa": "g5_nsa", "g5_sa": "g5_sa"}


def _answered(answers: dict, key: str | None) -> bool:
    return bool(key) and answers.get(key) not in (None, "", [])


def section_d_changes(*, definition, answers, current: RecordVersion | None) -> dict[str, Any] | None:
    """The register fields section D's answers give, over the record's current version; None when
    D1 is not answered (nothing changes)."""
    from riskassess.confidentiality import answers_say_confidential, confidential_question, confidentiality_spec

    keys = {**DEFAULT_KEYS, **confidentiality_spec(definition)["register"]}
    answers = answers or {}
    status = D1_STATE.get(str(answers.get(keys.get("status", ""), "")).lower())
    if status is None:
        return None
    state, kind = status
    changes: dict[str, Any] = {"state": state}
    raw_d2 = answers.get(keys.get("asset_classes", "")) if keys.get("asset_classes") else None
    d2_given = isinstance(raw_d2, list)
    d2: list[str] = [v for v in raw_d2 if isinstance(v, str)] if isinstance(raw_d2, list) else []
    measures = [D2_MEASURES[v] for v in d2 if v in D2_MEASURES]
    decisions = answers.get(keys["individual_decisions"]) if _answered(answers, keys["individual_decisions"]) else None
    if isinstance(decisions, list):
        changes["individual_decisions"] = [d for d in decisions if isinstance(d, dict)]
        if any(d.get("decision") == "conditions" for d in changes["individual_decisions"]):
            measures.append(RecordKind.CONDITIONS)
    if kind == RecordKind.RESTRICTION:
        kind = next((m for m in _MEASURE_ORDER if m in measures), kind)
    changes["kind"] = kind or (current.kind if current else RecordKind.DESIGNATION)
    if d2_given or isinstance(decisions, list):
        changes["measures"] = sorted(set(measures) - {changes["kind"]})
    if _answered(answers, keys.get("legal_instrument")):
        changes["instrument"] = str(answers[keys["legal_instrument"]])[:300]
    if _answered(answers, keys.get("decided_on")):
        changes["instrument_date"] = answers[keys["decided_on"]]
    question, _value = confidential_question(definition)
    if answers.get(question) not in (None, ""):
        changes["confidential"] = answers_say_confidential(definition, answers)
    technologies = answers.get(keys["technologies"]) if _answered(answers, keys["technologies"]) else None
    generations = (
        sorted({D1D_TECHNOLOGY[t] for t in technologies if t in D1D_TECHNOLOGY})
        if isinstance(technologies, list)
        else None
    )
    phase_out_key = keys.get("phase_out")
    d3 = answers.get(phase_out_key) if phase_out_key else None
    deadlines_given = d3 not in (None, "", [])
    if d2_given or deadlines_given or generations is not None:
        classes = [v for v in d2 if v not in D2_MEASURES] if d2_given else _listed_classes(current)
        old_deadlines = _deadlines_by_class(current)
        deadlines: dict[str, str] = {}
        if deadlines_given:
            if isinstance(d3, list):
                for item in d3:
                    if not isinstance(item, dict):
                        continue
                    when = item.get("date") or item.get("deadline") or item.get("phase_out_date")
                    if item.get("asset_class") and when:
                        deadlines[str(item["asset_class"])] = str(when)
            elif isinstance(d3, str):
                deadlines["all"] = d3
        else:
            deadlines = old_deadlines
        techs = generations if generations is not None else _technologies(current)
        techs = techs or [""]
        scopes = [{"asset_class": c, "technology": t} for c in classes for t in techs]
        if not scopes and techs != [""]:
            scopes = [{"asset_class": "", "technology": t} for t in techs]
        changes["scopes"] = scopes
        changes["deadlines"] = [
            {"asset_class": "" if c == "all" else c, "technology": t, "phase_out": when}
            for c, when in deadlines.items()
            for t in techs
        ]
    footprint = answers.get(keys["footprint"]) if _answered(answers, keys["footprint"]) else None
    if isinstance(footprint, list):
        changes["footprint"] = [f for f in footprint if isinstance(f, dict)]
    others = answers.get(keys["other_countries"]) if _answered(answers, keys["other_countries"]) else None
    if isinstance(others, list):
        changes["other_countries"] = [c for c in others if isinstance(c, str)]
    litigation = str(answers.get(keys["litigation"], "")).lower()
    if litigation == "yes":
        changes["appeal_status"] = AppealStatus.LITIGATION_PENDING
        changes["litigation_notes"] = str(answers.get(keys["litigation_details"]) or "")
    elif litigation == "no" and current is not None and current.appeal_status == AppealStatus.LITIGATION_PENDING:
        changes["appeal_status"] = AppealStatus.NONE
        changes["litigation_notes"] = ""
    return changes


def _listed_classes(current: RecordVersion | None) -> list[str]:
    if current is None:
        return []
    return sorted({s["asset_class"] for s in current.scopes if s.get("asset_class") and s.get("listed", True)})


def _technologies(current: RecordVersion | None) -> list[str]:
    if current is None:
        return []
    return sorted({s.get("technology") or "" for s in current.scopes} - {""})


def _deadlines_by_class(current: RecordVersion | None) -> dict[str, str]:
    if current is None:
        return {}
    return {
        (s.get("asset_class") or "all"): s["phase_out_deadline"] for s in current.scopes if s.get("phase_out_deadline")
    }


def register_sync_from_revision(*, revision, user) -> RecordVersion | None:
    """Write the member state's questionnaire record from an approved revision's section D: a new
    version when D1 is answered and something changed. Returns the version in force after it."""
    from riskassess.register.services import decision_record, record_amend

    assessment = revision.assessment
    record = (
        LegalRecord.objects.filter(
            authority_state_id=assessment.member_state_id, supplier_id=assessment.supplier_id, from_questionnaire=True
        )
        .select_related("current", "authority_state", "supplier")
        .first()
    )
    current = record.current if record else None
    changes = section_d_changes(
        definition=revision.template_version.definition, answers=revision.answers or {}, current=current
    )
    if changes is None:
        return None
    reason = f"Section D of revision {revision.number} of assessment {assessment.pk}, approved"
    if record is None or current is None:
        return decision_record(
            authority_state=assessment.member_state,
            supplier=assessment.supplier,
            instrument=changes.pop("instrument", ""),
            instrument_date=changes.pop("instrument_date", None),
            confidential=changes.pop("confidential", False),
            reason=reason,
            user=user,
            record=record,
            source_assessment=assessment,
            source_revision=revision.number,
            from_questionnaire=True,
            **changes,
        )
    return record_amend(
        record=record,
        user=user,
        reason=reason,
        source_assessment=assessment,
        source_revision=revision.number,
        **changes,
    )
