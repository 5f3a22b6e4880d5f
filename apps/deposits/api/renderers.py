"""Deposits as GeoJSON (RFC 7946): one Feature per deposit with coordinates."""

from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import BaseRenderer

from minerals_api.renderers import dumps


class GeoJSONRenderer(BaseRenderer):
    """A FeatureCollection of the page; deposits without coordinates are left out and counted
    in the foreign member ``excluded_without_coordinates``. Paging links ride along as
    foreign members too (``count``, ``next``, ``previous``)."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = None

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if not (isinstance(data, Mapping) and "results" in data):
            return dumps(data)  # an error body or a single deposit: as JSON
        features = []
        excluded = 0
        for deposit in data["results"]:
            lon, lat = deposit.get("longitude"), deposit.get("latitude")
            if lon is None or lat is None:
                excluded += 1
                continue
            features.append(
                {
                    "type": "Feature",
                    "id": deposit.get("id"),
                    "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                    "properties": deposit,
                }
            )
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
