from apps.agreements.models import Agreement
from apps.agreements.services import AGREEMENT_PARTS
from apps.provenance.seeding import SeedFile

# A parent agreement must come before the arrangements under it.
SEED_FILES = [SeedFile("agreements.yaml", Agreement, parts=AGREEMENT_PARTS)]
