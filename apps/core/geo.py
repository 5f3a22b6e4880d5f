"""ISO 3166-2 subdivision checks, which django-countries does not do."""

from functools import cache

import pycountry
from django.core.exceptions import ValidationError


@cache
def subdivision_codes() -> frozenset[str]:
    """Every ISO 3166-2 code pycountry knows (e.g. ``IN-RJ``), loaded once."""
    return frozenset(sub.code for sub in pycountry.subdivisions)


def validate_subdivision(region: str, country: str | None) -> None:
    """Refuse a region that is not an ISO 3166-2 code, or that belongs to another country."""
    if not region:
        return
    if region not in subdivision_codes():
        raise ValidationError(
            "'%(region)s' is not an ISO 3166-2 subdivision code (e.g. IN-RJ).",
            params={"region": region},
            code="invalid_region",
        )
    if country and not region.startswith(f"{country}-"):
        raise ValidationError(
            "Region '%(region)s' is not in country '%(country)s'.",
            params={"region": region, "country": country},
            code="region_country_mismatch",
        )
