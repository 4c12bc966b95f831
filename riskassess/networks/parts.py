"""Network parts of the inventory and how they map to the asset classes of the register.

The four main parts of a mobile network, then the asset classes of the reference data
(riskassess.suppliers.AssetClass, DOMAIN.md section 3.2) for states that collect finer figures.
A restriction on an asset class applies to every part that contains it.
"""

from django.utils.translation import gettext_lazy as _

from riskassess.suppliers.models import AssetClass

RAN, CORE, TRANSPORT, OSS_MANO = "ran", "core", "transport", "oss_mano"

MAIN_PARTS: dict[str, object] = {
    RAN: _("Radio access"),
    CORE: _("Core"),
    TRANSPORT: _("Transport"),
    OSS_MANO: _("OSS, management and orchestration"),
}
# Main part -> the asset classes it contains.
PART_ASSET_CLASSES: dict[str, tuple[str, ...]] = {
    RAN: ("ran_general", "ran_sensitive_area"),
    CORE: ("core_nf",),
    TRANSPORT: ("transport",),
    OSS_MANO: ("oss_nms_aaa", "nfv_mano_sdn"),
}


def part_choices() -> list[tuple[str, str]]:
    """Every network part code with its name: the main parts, then the asset classes (one query)."""
    choices = [(code, str(name)) for code, name in MAIN_PARTS.items()]
    choices += [(a.code, str(a.name)) for a in AssetClass.objects.order_by("order", "code")]
    return choices


def asset_classes_of(part: str) -> tuple[str, ...]:
    """The asset classes a restriction of which applies to `part`."""
    return PART_ASSET_CLASSES.get(part, (part,))


def parts_of(asset_class: str, parts: list[str]) -> list[str]:
    """The parts among `parts` that contain `asset_class`."""
    return [p for p in parts if asset_class in asset_classes_of(p)]
