from decimal import Decimal

from django.db import models


class DepositType(models.TextChoices):
    HARD_ROCK = "hard_rock", "Hard rock"
    CARBONATITE = "carbonatite", "Carbonatite"
    ALKALINE_IGNEOUS = "alkaline_igneous", "Alkaline igneous"
    ION_ADSORPTION_CLAY = "ion_adsorption_clay", "Ion-adsorption clay"
    PLACER = "placer", "Placer (e.g. beach sand)"
    PEGMATITE = "pegmatite", "Pegmatite"
    BRINE = "brine", "Brine"
    SEDIMENT_HOSTED = "sediment_hosted", "Sediment-hosted"
    OTHER = "other", "Other"


class DepositStatus(models.TextChoices):
    REPORTED = "reported", "Reported"
    IDENTIFIED = "identified", "Identified"
    EXPLORATION = "exploration", "Exploration"
    FEASIBILITY = "feasibility", "Feasibility"
    DEVELOPMENT = "development", "Development"
    PRODUCING = "producing", "Producing"
    SUSPENDED = "suspended", "Suspended"
    CLOSED = "closed", "Closed"


class QuantityUnit(models.TextChoices):
    """Mass units as written in the sources (SI symbols, hence not snake_case)."""

    TONNE = "t", "tonnes (t)"
    KILOTONNE = "kt", "thousand tonnes (kt)"
    MEGATONNE = "Mt", "million tonnes (Mt)"


TONNES_PER_UNIT: dict[str, Decimal] = {
    QuantityUnit.TONNE: Decimal(1),
    QuantityUnit.KILOTONNE: Decimal(1_000),
    QuantityUnit.MEGATONNE: Decimal(1_000_000),
}


class Material(models.TextChoices):
    """What a quantity measures, in the notation of the sources (chemical formulas kept)."""

    REO = "REO", "rare-earth oxides (REO)"
    TREO = "TREO", "total rare-earth oxides (TREO)"
    ORE = "ore", "ore"
    LI2O = "Li2O", "lithium oxide (Li2O)"
    METAL = "metal", "contained metal"
    OTHER = "other", "other"


class EstimateCategory(models.TextChoices):
    UNCLASSIFIED = "unclassified", "Unclassified"
    INFERRED = "inferred", "Inferred resource"
    INDICATED = "indicated", "Indicated resource"
    MEASURED = "measured", "Measured resource"
    PROBABLE = "probable", "Probable reserve"
    PROVEN = "proven", "Proven reserve"
