from apps.core.seeding import SeedFile
from apps.deposits.models import Deposit, ResourceEstimate
from apps.deposits.services import DEPOSIT_PARTS, ESTIMATE_PARTS

SEED_FILES = [
    SeedFile("deposits.yaml", Deposit, parts=DEPOSIT_PARTS),
    SeedFile("resource_estimates.yaml", ResourceEstimate, parts=ESTIMATE_PARTS),
]
