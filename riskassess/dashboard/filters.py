"""Dashboard filters: campaign, supplier, asset class, band, member state, kept in the URL.

Parsed plainly from request.GET; a value that does not parse is ignored (the page then shows
everything for that dimension) rather than turned into an error page.
"""

from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from riskassess.scoring.bands import BAND_ORDER as BAND_KEYS


def _int_or_none(raw) -> int | None:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


@dataclass(frozen=True)
class DashboardFilters:
    campaign: int | None = None
    supplier: int | None = None
    asset_class: str | None = None
    band: str | None = None
    member_state: int | None = None

    @classmethod
    def from_query(cls, query) -> "DashboardFilters":
        asset_class = (query.get("asset_class") or "").strip()[:40] or None
        band = (query.get("band") or "").strip()
        return cls(
            campaign=_int_or_none(query.get("campaign")),
            supplier=_int_or_none(query.get("supplier")),
            asset_class=asset_class
            if asset_class and asset_class.replace("_", "").replace("-", "").isalnum()
            else None,
            band=band if band in BAND_KEYS else None,
            member_state=_int_or_none(query.get("member_state")),
        )

    def as_query(self, **overrides) -> str:
        """The filters as a query string (without '?'), e.g. for export links and pagination."""
        values = asdict(self) | overrides
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})

    def cache_key(self) -> str:
        return ":".join(f"{v}" for v in asdict(self).values())

    @property
    def is_empty(self) -> bool:
        return not any(v for k, v in asdict(self).items() if k != "campaign")
