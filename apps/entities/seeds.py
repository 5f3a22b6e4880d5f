from apps.core.seeding import SeedFile
from apps.entities.models import Entity
from apps.entities.services import ENTITY_PARTS

# Parents must come before their children in entities.yaml.
SEED_FILES = [SeedFile("entities.yaml", Entity, parts=ENTITY_PARTS)]
