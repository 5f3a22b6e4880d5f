"""Nested parts deposits and estimates own, shared by the seed loader and the API."""

from apps.core.services import citations

DEPOSIT_PARTS = (citations("deposit"),)
ESTIMATE_PARTS = (citations("estimate"),)
