from apps.provenance.seeding import SeedFile
from apps.sources.models import Source

SEED_FILES = [SeedFile("sources.yaml", Source)]
