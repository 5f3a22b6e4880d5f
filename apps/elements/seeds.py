from apps.core.seeding import SeedFile
from apps.elements.models import Element

SEED_FILES = [SeedFile("elements.yaml", Element)]
