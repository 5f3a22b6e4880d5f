"""Nested parts an agreement owns, shared by the seed loader and the API."""

from apps.core.services import NestedPart, citations

AGREEMENT_PARTS = (NestedPart("parties", "agreement", ("entity", "role")), citations("agreement"))
