from apps.deposits.models import Deposit, ResourceEstimate
from apps.deposits.services import DEPOSIT_PARTS, ESTIMATE_PARTS
from apps.provenance.seeding import SeedFile

SEED_FILES = [
    SeedFile("deposits.yaml", Deposit, parts=DEPOSIT_PARTS),
    SeedFile("resource_estimates.yaml", ResourceEstimate, parts=ESTIMATE_PARTS),
]
