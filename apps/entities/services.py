"""Nested parts an entity owns, shared by the seed loader and the API."""

from apps.core.services import NestedPart, citations

ENTITY_PARTS = (NestedPart("aliases", "entity", ("name", "kind")), citations("entity"))
