from apps.controls.models import ControlMeasure
from apps.controls.services import MEASURE_PARTS, measure_validate_seed
from apps.provenance.seeding import SeedFile

# A suspension must come after the measures it suspends.
SEED_FILES = [
    SeedFile(
        "control_measures.yaml", ControlMeasure, parts=MEASURE_PARTS, validate=measure_validate_seed
    )
]
