"""Checks of a rule set of the dimensions model (docs/scoring.md), run on the normalised template
once its questions are known. A rule set that breaks one of them is refused at import and at
publication.

- Every scored question belongs to a dimension and states a rationale and a source; so do the
  dimensions, the overall rule and every trigger (which also states its legal or Toolbox basis).
- An unknown answer never scores more points than the question's worst real answer.
- Level labels stay apart from the legal terms ("high-risk", "designated"): legal status is a
  separate field, never a level.
- Triggers are scoped to asset classes the supply question knows.
- The legal status is read from a question that does not score.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from riskassess.scoring.engine import MODEL_DIMENSIONS, OVERALL, UNKNOWN, real_points_range

DIMENSION_ROLES = ("supplier", "context")
LEGAL_STATUS_KEYS = ("designated", "restricted", "under_assessment", "eu_designated", "none")
# Words a level label must not use: they are legal terms, shown only as the legal status.
LEGAL_WORDS = ("high", "designat", "restrict", "prohibit")
KEY_ASSETS = "key_assets"


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _declared_unknown(scoring: Mapping[str, Any]) -> float | None:
    points = scoring.get("points")
    if isinstance(points, Mapping) and UNKNOWN in points:
        return points[UNKNOWN]
    return scoring.get("unknown_points")


def dimensions_model_errors(definition: Mapping[str, Any]) -> list[str]:
    """Every problem of the dimensions model in `definition`, as "<where>: <what>" messages."""
    errors: list[str] = []
    scoring = definition.get("scoring") or {}
    if scoring.get("model") != MODEL_DIMENSIONS:
        return [f"scoring: model must be '{MODEL_DIMENSIONS}'"]

    rule = scoring.get("overall_rule")
    if not isinstance(rule, Mapping) or not all(_text(rule.get(k)) for k in ("id", "version", "text", "rationale")):
        errors.append(_("scoring, overall_rule: needs id, version, text and rationale (the published rule)"))

    dims = scoring.get("dimensions")
    dim_keys: list[str] = []
    if not isinstance(dims, list) or not dims:
        errors.append(_("scoring: dimensions must be a non-empty list of {key, label, role, rationale, source}"))
        dims = []
    for i, d in enumerate(dims, 1):
        where = f"scoring, dimension {d.get('key') if isinstance(d, Mapping) else i}"
        if not isinstance(d, Mapping) or not _text(d.get("key")) or not _text(d.get("label")):
            errors.append(_("%(where)s: needs a key and a label") % {"where": where})
            continue
        if d["key"] in dim_keys or d["key"] == OVERALL:
            errors.append(_("%(where)s: the key is used twice or reserved") % {"where": where})
        dim_keys.append(d["key"])
        if d.get("role") not in DIMENSION_ROLES:
            errors.append(
                _("%(where)s: role must be one of %(roles)s") % {"where": where, "roles": ", ".join(DIMENSION_ROLES)}
            )
        if not (_text(d.get("rationale")) and _text(d.get("source"))):
            errors.append(_("%(where)s: needs a rationale and a source") % {"where": where})
    if dims and not any(isinstance(d, Mapping) and d.get("role") == "supplier" for d in dims):
        errors.append(_("scoring: at least one dimension must have the role 'supplier'"))

    for b in scoring.get("bands") or []:
        label = str(b.get("label", "")).lower()
        if any(w in label for w in LEGAL_WORDS):
            errors.append(
                _(
                    "scoring, band %(value)s: the label %(label)r reads like a legal term; "
                    "name levels apart from it (e.g. 'Severe concern')"
                )
                % {"value": b.get("key"), "label": b.get("label")}
            )
    if scoring.get("trigger_bands"):
        errors.append(_("scoring: trigger_bands are not used by the dimensions model (legal status is kept apart)"))

    questions: dict[str, Mapping[str, Any]] = {}
    for section in definition.get("sections") or []:
        sdim = section.get("dimension")
        if sdim is not None and sdim not in dim_keys:
            errors.append(
                _("section %(value)s: dimension %(sdim)r is not a dimension")
                % {"value": section.get("key"), "sdim": sdim}
            )
        for q in section.get("questions") or []:
            questions[q["key"]] = q
            qs = q.get("scoring")
            if not qs:
                continue
            where = f"question {q['key']}, scoring"
            dim = qs.get("dimension") or sdim
            if dim not in dim_keys:
                errors.append(
                    _("%(where)s: belongs to no dimension (set 'dimension' on the section or the question)")
                    % {"where": where}
                )
            if not (_text(qs.get("rationale")) and _text(qs.get("source"))):
                errors.append(
                    _("%(where)s: every weight and points table needs a rationale and a source") % {"where": where}
                )
            declared = _declared_unknown(qs)
            _best, worst = real_points_range(q, qs)
            if declared is not None and declared > worst:
                errors.append(
                    _(
                        "%(where)s: 'unknown' scores %(declared)s points, more than the worst real answer "
                        "(%(worst)s); an unknown must never score above the worst real answer"
                    )
                    % {"where": where, "declared": declared, "worst": format(worst, "g")}
                )

    supply = scoring.get("supply")
    asset_classes: set[str] = set()
    if not isinstance(supply, Mapping):
        errors.append(
            _("scoring: supply must name the question listing the asset classes supplied in the member state")
        )
    else:
        sq = questions.get(str(supply.get("question")))
        if sq is None or sq.get("type") != "multi":
            errors.append(_("scoring, supply: question must be a multi question of the template"))
        else:
            asset_classes = {c["value"] for c in sq.get("choices") or []}
            for k in ("key_assets", "ran_classes"):
                unknown = set(supply.get(k) or []) - asset_classes
                if unknown:
                    errors.append(
                        _("scoring, supply: %(key)s names %(unknown)s, not choices of it")
                        % {"key": k, "unknown": ", ".join(sorted(unknown))}
                    )
        rk = supply.get("ran_key_question")
        if rk and (questions.get(rk) or {}).get("type") not in ("yn", "ynu"):
            errors.append(_("scoring, supply: ran_key_question must be a yes/no question of the template"))

    for t in scoring.get("triggers") or []:
        where = f"scoring, trigger {t.get('id')}"
        target = t.get("dimension", OVERALL)
        if target != OVERALL and target not in dim_keys:
            errors.append(
                _("%(where)s: dimension %(target)r is neither 'overall' nor a dimension")
                % {"where": where, "target": target}
            )
        if not all(_text(t.get(k)) for k in ("basis", "rationale", "source")):
            errors.append(_("%(where)s: needs its legal or Toolbox basis, a rationale and a source") % {"where": where})
        applies = t.get("applies_to")
        if applies is not None:
            items = [applies] if isinstance(applies, str) else applies
            if not isinstance(items, list) or not items:
                errors.append(_("%(where)s: applies_to must list asset classes or 'key_assets'") % {"where": where})
            else:
                unknown = {a for a in items if a != KEY_ASSETS and a not in asset_classes}
                if unknown:
                    errors.append(
                        _("%(where)s: applies_to names %(names)s, not asset classes")
                        % {"where": where, "names": ", ".join(sorted(map(str, unknown)))}
                    )

    legal = scoring.get("legal_status")
    if not isinstance(legal, Mapping):
        errors.append(_("scoring: legal_status must name the question the legal status is read from"))
    else:
        lq = questions.get(str(legal.get("question")))
        if lq is None or lq.get("type") != "choice":
            errors.append(_("scoring, legal_status: question must be a choice question of the template"))
        else:
            if lq.get("scoring"):
                errors.append(_("scoring, legal_status: the legal status is a legal fact and must not score"))
            answers = {c["value"] for c in lq.get("choices") or []}
            mapped = set()
            for v in legal.get("values") or []:
                if v.get("answer") not in answers:
                    errors.append(
                        _("scoring, legal_status: %(value)r is not an answer of %(key)s")
                        % {"value": v.get("answer"), "key": lq["key"]}
                    )
                if v.get("key") not in LEGAL_STATUS_KEYS:
                    errors.append(
                        _("scoring, legal_status: key must be one of %(keys)s") % {"keys": ", ".join(LEGAL_STATUS_KEYS)}
                    )
                if not _text(v.get("label")):
                    errors.append(_("scoring, legal_status: %(value)r needs a label") % {"value": v.get("answer")})
                mapped.add(v.get("answer"))
            if answers - mapped:
                errors.append(
                    _("scoring, legal_status: no status for %(names)s") % {"names": ", ".join(sorted(answers - mapped))}
                )
        gq = legal.get("generations_question")
        if gq and gq not in questions:
            errors.append(_("scoring, legal_status: generations_question is not a question of the template"))
    return errors
