"""Nested parts an entity owns, shared by the seed loader and the API."""

from apps.core.seeding import citations
from apps.core.services import NestedPart

ENTITY_PARTS = (NestedPart("aliases", "entity", ("name", "kind")), citations("entity"))
