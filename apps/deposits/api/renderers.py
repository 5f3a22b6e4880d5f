"""Deposits as GeoJSON (RFC 7946): one Feature per deposit with coordinates."""

from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import BaseRenderer

from apps.core.api.renderers import dumps


class GeoJSONRenderer(BaseRenderer):
    """A FeatureCollection of the page; deposits without coordinates are left out and counted
    in the foreign member ``excluded_without_coordinates``. Paging links ride along as
    foreign members too (``count``, ``next``, ``previous``). The view's
    ``geojson_properties`` (the fields the request kept) narrows the properties."""

    #: The representation fields the geometry is built from.
    coordinate_fields = frozenset({"longitude", "latitude"})

    media_type = "application/geo+json"
    format = "geojson"
    charset = None

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if not (isinstance(data, Mapping) and "results" in data):
            return dumps(data)  # an error body or a single deposit: as JSON
        keep = getattr((renderer_context or {}).get("view"), "geojson_properties", None)
        features = []
        excluded = 0
        for deposit in data["results"]:
            lon, lat = deposit.get("longitude"), deposit.get("latitude")
            if lon is None or lat is None:
                excluded += 1
                continue
            feature: dict[str, Any] = {"type": "Feature"}
            if "id" in deposit:
                feature["id"] = deposit["id"]
            feature["geometry"] = {"type": "Point", "coordinates": [float(lon), float(lat)]}
            feature["properties"] = (
                deposit
                if keep is None
                else {name: value for name, value in deposit.items() if name in keep}
            )
            features.append(feature)
        return dumps(
            {
                "type": "FeatureCollection",
                "features": features,
                "excluded_without_coordinates": excluded,
                "count": data.get("count"),
                "next": data.get("next"),
                "previous": data.get("previous"),
            }
        )
