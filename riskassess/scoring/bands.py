"""Risk bands: their order and labels, the one definition. A template may rename a band (its
`scoring.bands` and `scoring.trigger_bands` labels); these are the labels otherwise."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import pgettext_lazy

# The legacy bands, then the levels of the dimensions model (docs/scoring.md).
BAND_ORDER = ("low", "moderate", "elevated", "high", "critical", "designated", "significant", "severe")
BAND_LABELS = {
    "low": pgettext_lazy("risk band", "Low"),
    "moderate": pgettext_lazy("risk band", "Moderate"),
    "elevated": pgettext_lazy("risk band", "Elevated"),
    "high": pgettext_lazy("risk band", "High"),
    "critical": pgettext_lazy("risk band", "Critical"),
    "designated": pgettext_lazy("risk band", "Designated high-risk"),
    "significant": pgettext_lazy("risk band", "Significant concern"),
    "severe": pgettext_lazy("risk band", "Severe concern"),
    "none": pgettext_lazy("risk band", "Not scored"),
}


def band_labels(definition: Mapping[str, Any] | None) -> dict[str, str]:
    """Band key -> label: the defaults, overridden by the template's own bands and trigger bands."""
    labels = {key: str(label) for key, label in BAND_LABELS.items()}
    rules = (definition or {}).get("scoring") or {}
    for band in [*(rules.get("bands") or []), *(rules.get("trigger_bands") or [])]:
        labels[band["key"]] = band.get("label", band["key"])
    return labels


def band_label(key: str, labels: Mapping[str, str] | None = None) -> str:
    return str((labels or {}).get(key) or BAND_LABELS.get(key) or key.replace("_", " ").capitalize())


def rule_set_bands(definition: Mapping[str, Any] | None) -> list[str]:
    """The band keys a rule set can give, in order: the levels of a dimensions model (no legal term among
    them), otherwise the legacy bands. Pages, PDFs and exports list these and no others."""
    scoring = (definition or {}).get("scoring") or {}
    if scoring.get("model") == "dimensions":
        return [b["key"] for b in scoring.get("bands") or []]
    return [k for k in BAND_ORDER if k not in ("significant", "severe")]
