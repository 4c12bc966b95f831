"""The confidentiality rule of riskassess, in one place (docs/confidentiality.md).

Every page, PDF, export, API answer, admin page and audit view asks this module:

- MIN_CELL_SIZE: an EU figure that rests on fewer than 3 member states is not shown to anyone
  outside the member state (coordinators and observers included); SMALL_CELL_NOTE says so instead.
- a viewer (`Viewer`): the member state whose own data it may read in full (None for EU-wide
  viewers and EU reports), and whether it may see per-state cells (coordinators yes, observers no).
- which questions carry designation data and which answer means "confidential": read by key from
  the template's `confidentiality` block (`confidentiality_spec`), never from the wording.
- `designation_withheld`: whether the designation of (member state, supplier) is hidden from a viewer.
- `confidential_counted`: whether a group of confidential designations may count in an aggregate.
- `revision_for_viewer`, `evidence_keys_withheld`: what a submission looks like outside its state.
- `score_for_viewer`: the one function that decides how a score's band and triggers look to a viewer.
- `WITHHELD_MESSAGE`: a withheld object answers exactly as a missing one.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from riskassess.questionnaires.models import Revision
    from riskassess.scoring.models import Score

MIN_CELL_SIZE = 3
# The assessments that may leave their member state: drafts and returned ones never do.
REPORTED_STATUSES = ("submitted", "approved")
SMALL_CELL_NOTE = _("fewer than 3 member states: not shown")
DESIGNATED_BAND = "designated"
# What a withheld object answers: the same as an object that does not exist.
WITHHELD_MESSAGE = _("Not found.")

# The template's `confidentiality` block when a stored version has none: today's questionnaire.
DEFAULT_CONFIDENTIALITY: dict[str, Any] = {
    "designation_section": "D",
    "confidential_when": {"question": "D1c", "equals": "yes"},
    "register": {
        "status": "D1",
        "legal_instrument": "D1a",
        "decided_on": "D1b",
        "asset_classes": "D2",
        "phase_out": "D3",
    },
}
REGISTER_FIELDS = ("status", "legal_instrument", "decided_on", "asset_classes", "phase_out")


# ---------------------------------------------------------------------------------------------
# Viewers
# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Viewer:
    """Who looks. member_state_id: the state whose own data the viewer reads in full (None: an
    EU-wide viewer or report). state_cells: may see one member state's scores (heatmap cells)."""

    member_state_id: int | None
    state_cells: bool


EU_AUDIENCE = Viewer(member_state_id=None, state_cells=False)


def viewer_for_user(user: Any) -> Viewer:
    if getattr(user, "is_national", False) and getattr(user, "member_state_id", None):
        return Viewer(member_state_id=user.member_state_id, state_cells=False)
    return Viewer(member_state_id=None, state_cells=bool(getattr(user, "is_coordinator", False)))


def viewer_for_audience(*, audience: str, kind: str | None = None) -> Viewer:
    """A report's reader: its member state (audience = ISO code), or the EU audience. EU-audience
    supplier and EU reports are read by observers too, so they carry no per-state cells; the
    member-state overview (EU audience) is read by coordinators only."""
    from riskassess.accounts.models import MemberState
    from riskassess.reports.models import AUDIENCE_EU, Report

    if audience == AUDIENCE_EU:
        return Viewer(member_state_id=None, state_cells=kind in (Report.Kind.MEMBER_STATE, Report.Kind.ASSESSMENT))
    ms_id = MemberState.objects.filter(iso_code=audience).values_list("id", flat=True).first()
    return Viewer(member_state_id=ms_id, state_cells=False)


def may_see_state_cells(viewer: Viewer) -> bool:
    """Per-state cells (one state's score for one supplier): coordinators, on pages and API alike."""
    return viewer.state_cells


def is_own_state(viewer: Viewer, member_state_id: int | None) -> bool:
    return viewer.member_state_id is not None and viewer.member_state_id == member_state_id


# ---------------------------------------------------------------------------------------------
# Small cells
# ---------------------------------------------------------------------------------------------


def cell_shown(n_states: int) -> bool:
    """An aggregate over n member states may be shown outside them."""
    return n_states >= MIN_CELL_SIZE


def confidential_counted(n_confidential_states: int) -> bool:
    """A group of confidential designations (one supplier, one status) counts in an aggregate only
    when it holds at least MIN_CELL_SIZE member states: never a "1 confidential"."""
    return n_confidential_states >= MIN_CELL_SIZE


# ---------------------------------------------------------------------------------------------
# The template: which questions carry designation data
# ---------------------------------------------------------------------------------------------


def confidentiality_spec(definition: Mapping[str, Any] | None) -> dict[str, Any]:
    """The template's confidentiality block, or the default for versions stored without one."""
    block = (definition or {}).get("confidentiality") or {}
    spec = copy.deepcopy(DEFAULT_CONFIDENTIALITY)
    spec.update({k: copy.deepcopy(v) for k, v in block.items() if k in DEFAULT_CONFIDENTIALITY})
    if "register" in block:
        spec["register"] = dict(block["register"])
    return spec


def designation_keys(definition: Mapping[str, Any] | None) -> set[str]:
    """Keys of the questions that carry designation data: every question of the designation section."""
    section = confidentiality_spec(definition)["designation_section"]
    return {
        q["key"]
        for s in (definition or {}).get("sections", [])
        if s.get("key") == section
        for q in s.get("questions", [])
    }


def designation_section(definition: Mapping[str, Any] | None) -> str:
    return str(confidentiality_spec(definition)["designation_section"])


def answers_say_confidential(definition: Mapping[str, Any] | None, answers: Mapping[str, Any] | None) -> bool:
    when = confidentiality_spec(definition)["confidential_when"]
    return bool(answers) and (answers or {}).get(when["question"]) == when["equals"]


def confidential_question(definition: Mapping[str, Any] | None) -> tuple[str, Any]:
    when = confidentiality_spec(definition)["confidential_when"]
    return when["question"], when["equals"]


# ---------------------------------------------------------------------------------------------
# Designations
# ---------------------------------------------------------------------------------------------


def confidential_designation_pairs(
    *, campaign_id: int | None = None, definition: Mapping[str, Any] | None = None
) -> set[tuple[int, int]]:
    """(member_state_id, supplier_id) of every confidential designation: on the register, and, with
    a campaign, of its designated scores whose submission says the designation is confidential but
    is not approved into the register yet. One query, two with a campaign (three when the
    campaign's template `definition` is not given)."""
    from riskassess.questionnaires.models import Campaign
    from riskassess.scoring.models import Score
    from riskassess.suppliers.models import Designation

    pairs = set(Designation.objects.filter(confidential=True).values_list("member_state_id", "supplier_id"))
    if campaign_id is not None:
        if definition is None:
            definition = (
                Campaign.objects.filter(pk=campaign_id).values_list("template_version__definition", flat=True).first()
            )
        key, value = confidential_question(definition)
        # The answer is read for the campaign's designated scores only, not filtered on in SQL: a
        # filter on a key of the answers made PostgreSQL decode every revision of every campaign.
        rows = Score.objects.filter(
            is_current=True, band=DESIGNATED_BAND, assessment__campaign_id=campaign_id
        ).values_list("assessment__member_state_id", "assessment__supplier_id", f"revision__answers__{key}")
        pairs |= {(state_id, supplier_id) for state_id, supplier_id, answer in rows if answer == value}
    return pairs


def designation_withheld(
    *,
    viewer: Viewer,
    member_state_id: int,
    supplier_id: int,
    answers: Mapping[str, Any] | None = None,
    definition: Mapping[str, Any] | None = None,
) -> bool:
    """True when the designation of (member state, supplier) must not be attributed to that state
    for this viewer."""
    from riskassess.suppliers.models import Designation

    if is_own_state(viewer, member_state_id):
        return False
    if answers_say_confidential(definition, answers):
        return True
    return Designation.objects.filter(
        member_state_id=member_state_id, supplier_id=supplier_id, confidential=True
    ).exists()


def designation_row_visible(*, viewer: Viewer, member_state_id: int, confidential: bool) -> bool:
    """May the viewer see this register row itself (state, instrument, scope)?"""
    return not confidential or is_own_state(viewer, member_state_id)


# ---------------------------------------------------------------------------------------------
# Revisions and evidence
# ---------------------------------------------------------------------------------------------


def section_withheld(*, viewer: Viewer, member_state_id: int, definition: Mapping[str, Any], section_key: str) -> bool:
    """The designation section of a submission is shown only within its member state."""
    return section_key == designation_section(definition) and not is_own_state(viewer, member_state_id)


def evidence_keys_withheld(*, viewer: Viewer, member_state_id: int, definition: Mapping[str, Any]) -> set[str]:
    """Question keys whose evidence (file names included) the viewer may not see."""
    return set() if is_own_state(viewer, member_state_id) else designation_keys(definition)


def revision_for_viewer(*, revision: Revision, viewer: Viewer, member_state_id: int) -> Revision:
    """A copy of `revision` without the designation questions when the viewer is outside its
    member state. For reading only; never saved."""
    if is_own_state(viewer, member_state_id):
        return revision
    # An allow-list: only questions of the template outside the designation section (an answer
    # under a key the template does not know is withheld too).
    keys = shown_question_keys(revision.template_version.definition)
    seen = copy.copy(revision)
    seen.answers = {k: v for k, v in (revision.answers or {}).items() if k in keys}
    seen.comments = {k: v for k, v in (revision.comments or {}).items() if k in keys}
    seen.evidence = [e for e in revision.evidence or [] if e.get("question_key") in keys]
    return seen


def shown_question_keys(definition: Mapping[str, Any] | None) -> set[str]:
    """Keys of the questions a viewer outside the member state may read: all but designation data."""
    section = designation_section(definition)
    return {
        q["key"]
        for s in (definition or {}).get("sections", [])
        if s.get("key") != section
        for q in s.get("questions", [])
    }


# ---------------------------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------------------------


def _refers_to(cond: Any, keys: set[str]) -> bool:
    if isinstance(cond, Mapping):
        if cond.get("question") in keys:
            return True
        return any(_refers_to(v, keys) for v in cond.values())
    if isinstance(cond, list):
        return any(_refers_to(v, keys) for v in cond)
    return False


def withheld_trigger_ids(definition: Mapping[str, Any]) -> set[str]:
    """Triggers that rest on designation data: the designation band, or a condition on a
    designation question."""
    keys = designation_keys(definition)
    return {
        t["id"]
        for t in (definition.get("scoring") or {}).get("triggers", [])
        if t.get("min_band") == DESIGNATED_BAND or _refers_to(t.get("when"), keys)
    }


def _band_of(*, overall: float | None, triggers: Iterable[Mapping[str, Any]], definition: Mapping[str, Any]) -> str:
    rules = definition.get("scoring") or {}
    bands = sorted(rules.get("bands") or [], key=lambda b: b.get("min", 0))
    order = [b["key"] for b in bands] + [b["key"] for b in rules.get("trigger_bands") or []]
    band = bands[0]["key"] if bands else "low"
    value = round(overall or 0.0, 9)  # as the engine: float noise never moves a band limit
    for b in bands:
        if value >= b.get("min", 0):
            band = b["key"]
    for t in triggers:
        wanted = t.get("min_band")
        if wanted and wanted in order and band in order and order.index(wanted) > order.index(band):
            band = wanted
    return band


def shown_band_and_triggers(
    *,
    band: str,
    overall: float | None,
    triggers: list[dict[str, Any]] | None,
    definition: Mapping[str, Any],
    withheld: bool,
) -> tuple[str, list[dict[str, Any]]]:
    """The band and triggers as shown: with `withheld`, without any trigger that rests on designation
    data, and the band of the score and the remaining triggers only (so no "High, 0 triggers")."""
    triggers = [dict(t) for t in triggers or []]
    if not withheld:
        return band, triggers
    hidden = withheld_trigger_ids(definition)
    kept = [t for t in triggers if t.get("id") not in hidden and t.get("min_band") != DESIGNATED_BAND]
    if len(kept) == len(triggers) and band != DESIGNATED_BAND:
        return band, kept
    return _band_of(overall=overall, triggers=kept, definition=definition), kept


# Shown instead of the legal status (dimensions model) to a viewer outside the member state when
# its designation or restriction is confidential: the same words as for no status, so nothing is
# given away.
LEGAL_STATUS_NOT_PUBLIC = {"key": "none", "label": _("No public designation or restriction"), "generations": []}


def legal_status_as_seen(*, legal_status: Mapping[str, Any] | None, withhold_designation: bool) -> dict[str, Any]:
    """The legal status a viewer may see: a confidential one is never attributed outside its
    member state, and "none" reads the same either way."""
    status = dict(legal_status or {})
    if withhold_designation or status.get("key", "none") == "none":
        return dict(LEGAL_STATUS_NOT_PUBLIC)
    return status


def score_for_viewer(*, score: Score | None, viewer: Viewer, withheld: bool | None = None) -> Score | None:
    """A copy of `score` as the viewer may see it (never saved): outside its member state, when the
    designation is confidential, the band and triggers leave out everything that rests on it.
    `withheld` may be given when the caller already knows (bulk reads)."""
    if score is None:
        return None
    assessment = score.assessment
    definition = score.revision.template_version.definition
    if withheld is None:
        withheld = designation_withheld(
            viewer=viewer,
            member_state_id=assessment.member_state_id,
            supplier_id=assessment.supplier_id,
            answers=score.revision.answers,
            definition=definition,
        )
    if not withheld:
        return score
    seen = copy.copy(score)
    seen.band, seen.triggers = shown_band_and_triggers(
        band=score.band, overall=score.overall, triggers=score.triggers, definition=definition, withheld=True
    )
    if getattr(score, "model", "") == "dimensions":  # the legal status is stored apart from the levels
        seen.legal_status = legal_status_as_seen(legal_status=score.legal_status, withhold_designation=True)
        # The level from the evidence is the level as shown (a trigger on designation data, such as a
        # national prohibition, raised it), and nothing to clarify names a withheld trigger or question.
        seen.evidence_level = seen.band
        hidden_triggers, hidden_keys = withheld_trigger_ids(definition), designation_keys(definition)
        seen.to_clarify = [
            c
            for c in score.to_clarify or []
            if c.get("trigger") not in hidden_triggers and c.get("question") not in hidden_keys
        ]
    return seen


def band_for_row(
    *,
    band: str,
    overall: float | None,
    triggers: list[dict[str, Any]] | None,
    definition: Mapping[str, Any],
    pair: tuple[int, int],
    confidential_pairs: set[tuple[int, int]],
    viewer: Viewer,
) -> str:
    """The band of a stored score row (aggregates, heatmap) as the viewer sees it."""
    withheld = pair in confidential_pairs and not is_own_state(viewer, pair[0])
    return shown_band_and_triggers(
        band=band, overall=overall, triggers=triggers, definition=definition, withheld=withheld
    )[0]


# ---------------------------------------------------------------------------------------------
# Admin and audit views (EU coordinators: outside every member state)
# ---------------------------------------------------------------------------------------------


def designations_for_viewer(qs: Any, viewer: Viewer) -> Any:
    """The register rows a viewer may open (admin): public ones, and their own state's."""
    from django.db.models import Q

    if viewer.member_state_id is None:
        return qs.filter(confidential=False)
    return qs.filter(Q(confidential=False) | Q(member_state_id=viewer.member_state_id))


def legal_records_visible_q(viewer: Viewer, *, prefix: str = "") -> Any:
    """The legal records of the restriction register a viewer may see (a Q over LegalRecord, or
    over a model reaching it through `prefix`, e.g. "record__"): every record of their own state;
    another state's only while its current version is public; an EU-level record while public, or
    when confidential to coordinators only (`viewer.state_cells`)."""
    from django.db.models import Q

    p = prefix
    public = Q(**{f"{p}current__confidential": False})
    q = public
    if viewer.member_state_id is not None:
        q |= Q(**{f"{p}authority_state_id": viewer.member_state_id})
    elif viewer.state_cells:
        q |= Q(**{f"{p}eu_level": True})
    return q


def legal_record_versions_visible(versions: Any, *, viewer: Viewer, record: Any) -> list[Any]:
    """The versions of a visible record a viewer may read: all within the deciding state (and for
    coordinators, of an EU-level record); elsewhere only the public ones (a decision once
    confidential stays unattributed in its history)."""
    own = (not record.eu_level and record.authority_state_id == viewer.member_state_id) or (
        record.eu_level and viewer.member_state_id is None and viewer.state_cells
    )
    return [v for v in versions if own or not v.confidential]


def audit_events_for_viewer(qs: Any, viewer: Viewer) -> Any:
    """Audit rows a viewer may read: none about a confidential designation of another state, and
    none naming evidence of a designation question (its file name would tell)."""
    import re

    from django.db.models import Q

    from riskassess.questionnaires.models import TemplateVersion
    from riskassess.suppliers.models import Designation

    hidden = Designation.objects.filter(confidential=True)
    if viewer.member_state_id is not None:
        hidden = hidden.exclude(member_state_id=viewer.member_state_id)
    ids = [str(pk) for pk in hidden.values_list("pk", flat=True)]
    keys: set[str] = set()
    for definition in TemplateVersion.objects.values_list("definition", flat=True):
        keys |= designation_keys(definition)
    qs = qs.exclude(object_type="suppliers.designation", object_id__in=ids)
    from riskassess.register.models import LegalRecord

    hidden_records = LegalRecord.objects.exclude(legal_records_visible_q(viewer))
    qs = qs.exclude(
        object_type="register.legalrecord",
        object_id__in=[str(pk) for pk in hidden_records.values_list("pk", flat=True)],
    )
    if keys:
        pattern = r" (to|from) (" + "|".join(sorted(re.escape(k) for k in keys)) + r") of "
        qs = qs.exclude(Q(object_type="questionnaires.evidence") & Q(summary__regex=pattern))
    return qs


def score_withheld_q() -> Any:
    """An annotation: the score rests on a confidential designation on the register."""
    from django.db.models import Exists, OuterRef

    from riskassess.suppliers.models import Designation

    return Exists(
        Designation.objects.filter(
            confidential=True,
            member_state_id=OuterRef("assessment__member_state_id"),
            supplier_id=OuterRef("assessment__supplier_id"),
        )
    )


def score_band_for_eu(score: Score, *, register_confidential: bool) -> tuple[str, list[dict[str, Any]]]:
    """Band and triggers of a stored score for an EU-wide viewer (admin lists)."""
    definition = score.revision.template_version.definition
    withheld = register_confidential or answers_say_confidential(definition, score.revision.answers)
    return shown_band_and_triggers(
        band=score.band, overall=score.overall, triggers=score.triggers, definition=definition, withheld=withheld
    )
