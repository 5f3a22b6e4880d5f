from apps.entities.models import Entity
from apps.entities.services import ENTITY_PARTS
from apps.provenance.seeding import SeedFile

# Parents must come before their children in entities.yaml.
SEED_FILES = [SeedFile("entities.yaml", Entity, parts=ENTITY_PARTS)]
