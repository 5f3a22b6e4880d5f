from apps.elements.models import Element
from apps.provenance.seeding import SeedFile

SEED_FILES = [SeedFile("elements.yaml", Element)]
