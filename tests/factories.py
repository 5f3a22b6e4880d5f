"""factory_boy factories for every model, shared by the model, seed and API tests.

Defaults describe a plausible, valid record of the domain (a Japanese company, a Rajasthan
hard-rock deposit, an open-ended export-licensing measure) so a test only spells out what it
is about. Many-to-many sets are post-generation hooks taking a list:
``DepositFactory(elements=[nd, dy])``, ``ControlMeasureFactory(suspension=True, suspends=[m])``.

Elements are the real periodic table: ``ElementFactory()`` picks the next symbol not yet in the
database, and ``ElementFactory(symbol="Dy")`` returns dysprosium (atomic number 66, heavy rare
earth), creating it only if it is missing, because an element exists once.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import factory
from django.db import models
from factory.django import DjangoModelFactory

from apps.agreements.choices import AgreementKind, AgreementStatus, PartyRole
from apps.agreements.models import Agreement, AgreementCitation, AgreementParty
from apps.controls.choices import MeasureKind
from apps.controls.models import (
    ControlMeasure,
    ControlMeasureCitation,
    ElementControl,
    EntityRestriction,
    EntityRestrictionCitation,
)
from apps.core.choices import Confidence
from apps.deposits.choices import (
    DepositStatus,
    DepositType,
    EstimateCategory,
    Material,
    QuantityUnit,
)
from apps.deposits.models import (
    Deposit,
    DepositCitation,
    ResourceEstimate,
    ResourceEstimateCitation,
)
from apps.elements.choices import ReeGroup
from apps.elements.models import Element, ElementCitation
from apps.entities.choices import AliasKind, EntityKind
from apps.entities.models import Entity, EntityAlias, EntityCitation
from apps.sources.choices import SourceKind
from apps.sources.models import Source

#: (symbol, name) in atomic-number order: PERIODIC_TABLE[z - 1] is element z.
PERIODIC_TABLE: tuple[tuple[str, str], ...] = (
    ("H", "hydrogen"), ("He", "helium"), ("Li", "lithium"), ("Be", "beryllium"), ("B", "boron"),
    ("C", "carbon"), ("N", "nitrogen"), ("O", "oxygen"), ("F", "fluorine"), ("Ne", "neon"),
    ("Na", "sodium"), ("Mg", "magnesium"), ("Al", "aluminium"), ("Si", "silicon"),
    ("P", "phosphorus"), ("S", "sulfur"), ("Cl", "chlorine"), ("Ar", "argon"), ("K", "potassium"),
    ("Ca", "calcium"), ("Sc", "scandium"), ("Ti", "titanium"), ("V", "vanadium"),
    ("Cr", "chromium"), ("Mn", "manganese"), ("Fe", "iron"), ("Co", "cobalt"), ("Ni", "nickel"),
    ("Cu", "copper"), ("Zn", "zinc"), ("Ga", "gallium"), ("Ge", "germanium"), ("As", "arsenic"),
    ("Se", "selenium"), ("Br", "bromine"), ("Kr", "krypton"), ("Rb", "rubidium"),
    ("Sr", "strontium"), ("Y", "yttrium"), ("Zr", "zirconium"), ("Nb", "niobium"),
    ("Mo", "molybdenum"), ("Tc", "technetium"), ("Ru", "ruthenium"), ("Rh", "rhodium"),
    ("Pd", "palladium"), ("Ag", "silver"), ("Cd", "cadmium"), ("In", "indium"), ("Sn", "tin"),
    ("Sb", "antimony"), ("Te", "tellurium"), ("I", "iodine"), ("Xe", "xenon"), ("Cs", "caesium"),
    ("Ba", "barium"), ("La", "lanthanum"), ("Ce", "cerium"), ("Pr", "praseodymium"),
    ("Nd", "neodymium"), ("Pm", "promethium"), ("Sm", "samarium"), ("Eu", "europium"),
    ("Gd", "gadolinium"), ("Tb", "terbium"), ("Dy", "dysprosium"), ("Ho", "holmium"),
    ("Er", "erbium"), ("Tm", "thulium"), ("Yb", "ytterbium"), ("Lu", "lutetium"),
    ("Hf", "hafnium"), ("Ta", "tantalum"), ("W", "tungsten"), ("Re", "rhenium"), ("Os", "osmium"),
    ("Ir", "iridium"), ("Pt", "platinum"), ("Au", "gold"), ("Hg", "mercury"), ("Tl", "thallium"),
    ("Pb", "lead"), ("Bi", "bismuth"), ("Po", "polonium"), ("At", "astatine"), ("Rn", "radon"),
    ("Fr", "francium"), ("Ra", "radium"), ("Ac", "actinium"), ("Th", "thorium"),
    ("Pa", "protactinium"), ("U", "uranium"), ("Np", "neptunium"), ("Pu", "plutonium"),
    ("Am", "americium"), ("Cm", "curium"), ("Bk", "berkelium"), ("Cf", "californium"),
    ("Es", "einsteinium"), ("Fm", "fermium"), ("Md", "mendelevium"), ("No", "nobelium"),
    ("Lr", "lawrencium"), ("Rf", "rutherfordium"), ("Db", "dubnium"), ("Sg", "seaborgium"),
    ("Bh", "bohrium"), ("Hs", "hassium"), ("Mt", "meitnerium"), ("Ds", "darmstadtium"),
    ("Rg", "roentgenium"), ("Cn", "copernicium"), ("Nh", "nihonium"), ("Fl", "flerovium"),
    ("Mc", "moscovium"), ("Lv", "livermorium"), ("Ts", "tennessine"), ("Og", "oganesson"),
)  # fmt: skip
ATOMIC_NUMBERS: dict[str, int] = {symbol: z for z, (symbol, _) in enumerate(PERIODIC_TABLE, 1)}
ELEMENT_NAMES: dict[str, str] = dict(PERIODIC_TABLE)
#: Scandium, yttrium and the lanthanides.
RARE_EARTH_NUMBERS = frozenset({21, 39, *range(57, 72)})


_M = TypeVar("_M", bound=models.Model)


class ModelFactory(DjangoModelFactory[_M]):
    """A ``DjangoModelFactory`` that mypy knows builds ``_M``: ``SourceFactory()`` is a Source."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:
        # factory_boy types ``create()`` and ``build()`` but not calling the factory class,
        # which its metaclass turns into ``create()``: mypy would type ``SourceFactory()`` as a
        # SourceFactory. mypy reports a ``__new__`` returning another type, yet uses it at call
        # sites, so this one stub types every factory call; it never runs.
        def __new__(cls, *args: Any, **kwargs: Any) -> _M: ...  # type: ignore[misc]


def ree_group_of(atomic_number: int) -> str | None:
    """USGS convention, as in seeds/elements.yaml: La-Gd light; Tb-Lu and Y heavy; Sc neither."""
    if 57 <= atomic_number <= 64:
        return ReeGroup.LIGHT
    if 65 <= atomic_number <= 71 or atomic_number == 39:
        return ReeGroup.HEAVY
    return None


def _free_symbol(n: int) -> str:
    """The n-th symbol of the table, or the next one after it not yet in the database."""
    taken = set(Element.objects.values_list("symbol", flat=True))
    for offset in range(len(PERIODIC_TABLE)):
        symbol = PERIODIC_TABLE[(n + offset) % len(PERIODIC_TABLE)][0]
        if symbol not in taken:
            return symbol
    raise RuntimeError("All 118 elements exist already: pass symbol= to reuse one.")


class SourceFactory(ModelFactory[Source]):
    class Meta:
        model = Source
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"news-report-{n}")
    title = factory.Sequence(lambda n: f"Rare-earth supply news report {n}")
    publisher = "Example Wire"
    published_on = datetime.date(2026, 3, 3)
    url = factory.LazyAttribute(lambda o: f"https://news.example.org/{o.slug}")
    kind = SourceKind.NEWS
    document = ""
    notes = ""


class ElementFactory(ModelFactory[Element]):
    """A real element; name, atomic number and rare-earth group follow from the symbol."""

    class Meta:
        model = Element
        django_get_or_create = ("symbol",)

    symbol = factory.Sequence(_free_symbol)
    name = factory.LazyAttribute(lambda o: ELEMENT_NAMES[o.symbol])
    atomic_number = factory.LazyAttribute(lambda o: ATOMIC_NUMBERS[o.symbol])
    is_rare_earth = factory.LazyAttribute(lambda o: o.atomic_number in RARE_EARTH_NUMBERS)
    ree_group = factory.LazyAttribute(lambda o: ree_group_of(o.atomic_number))
    applications = factory.LazyFunction(list)


class EntityFactory(ModelFactory[Entity]):
    class Meta:
        model = Entity
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"example-company-{n}")
    name = factory.Sequence(lambda n: f"Example Heavy Industries {n} Co., Ltd.")
    kind = EntityKind.COMPANY
    country = "JP"
    parent = None
    website = ""
    description = ""


class EntityAliasFactory(ModelFactory[EntityAlias]):
    class Meta:
        model = EntityAlias

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"EHI{n}")
    kind = AliasKind.ABBREVIATION


class DepositFactory(ModelFactory[Deposit]):
    class Meta:
        model = Deposit
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"rajasthan-deposit-{n}")
    name = factory.Sequence(lambda n: f"Rajasthan deposit {n}")
    country = "IN"
    region = "IN-RJ"
    locality = ""
    latitude = None
    longitude = None
    deposit_type = DepositType.HARD_ROCK
    status = DepositStatus.IDENTIFIED
    operator = None
    announced_on = None
    description = ""

    @factory.post_generation
    def elements(self, create: bool, extracted: Sequence[Element] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.elements.set(extracted)


class ResourceEstimateFactory(ModelFactory[ResourceEstimate]):
    """1.29 Mt REO for one new deposit, unless ``deposits=[...]`` names the deposits covered."""

    class Meta:
        model = ResourceEstimate
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"hard-rock-estimate-{n}")
    quantity = Decimal("1.29")
    unit = QuantityUnit.MEGATONNE
    material = Material.REO
    grade_percent = None
    category = EstimateCategory.UNCLASSIFIED
    as_of = datetime.date(2026, 1, 28)
    source = factory.SubFactory(SourceFactory)

    @factory.post_generation
    def deposits(self, create: bool, extracted: Sequence[Deposit] | None, **kwargs: Any) -> None:
        if not create:
            return
        self.deposits.set(extracted if extracted is not None else [DepositFactory()])


class AgreementFactory(ModelFactory[Agreement]):
    class Meta:
        model = Agreement
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"memorandum-on-mineral-resources-{n}")
    title = factory.Sequence(lambda n: f"Memorandum of cooperation on mineral resources {n}")
    kind = AgreementKind.MEMORANDUM
    status = AgreementStatus.SIGNED
    signed_on = datetime.date(2025, 8, 29)
    effective_from = None
    effective_to = None
    parent = None
    summary = ""

    @factory.post_generation
    def elements(self, create: bool, extracted: Sequence[Element] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.elements.set(extracted)

    @factory.post_generation
    def deposits(self, create: bool, extracted: Sequence[Deposit] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.deposits.set(extracted)


class AgreementPartyFactory(ModelFactory[AgreementParty]):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    entity = factory.SubFactory(
        EntityFactory,
        slug=factory.Sequence(lambda n: f"government-of-state-{n}"),
        name=factory.Sequence(lambda n: f"Government of State {n}"),
        kind=EntityKind.STATE,
    )
    role = PartyRole.SIGNATORY


class ControlMeasureFactory(ModelFactory[ControlMeasure]):
    """An open-ended export-licensing measure; ``suspension=True`` makes a suspension."""

    class Meta:
        model = ControlMeasure
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    class Params:
        suspension = factory.Trait(kind=MeasureKind.SUSPENSION)

    slug = factory.Sequence(lambda n: f"mofcom-announcement-{n}")
    reference = factory.Sequence(lambda n: f"MOFCOM Announcement No. {n} of 2025")
    title = factory.Sequence(lambda n: f"Export controls on rare-earth items ({n})")
    authority = factory.SubFactory(
        EntityFactory,
        slug="mofcom",
        name="Ministry of Commerce of the People's Republic of China",
        kind=EntityKind.GOVERNMENT_BODY,
        country="CN",
    )
    kind = MeasureKind.EXPORT_LICENSING
    announced_on = factory.LazyAttribute(lambda o: o.effective_from)
    effective_from = datetime.date(2025, 4, 4)
    effective_to = None
    summary = ""

    @factory.post_generation
    def suspends(
        self, create: bool, extracted: Sequence[ControlMeasure] | None, **kwargs: Any
    ) -> None:
        if create and extracted:
            self.suspends.set(extracted)


class ElementControlFactory(ModelFactory[ElementControl]):
    class Meta:
        model = ElementControl

    measure = factory.SubFactory(ControlMeasureFactory)
    element = factory.SubFactory(ElementFactory)
    scope = "metal; alloys; oxides; compounds"
    note = ""


class EntityRestrictionFactory(ModelFactory[EntityRestriction]):
    class Meta:
        model = EntityRestriction

    measure = factory.SubFactory(ControlMeasureFactory, kind=MeasureKind.END_USER_RESTRICTION)
    entity = factory.SubFactory(EntityFactory)
    note = ""


class CitationFactory(ModelFactory[_M]):
    """Fields every citation has; subclasses add the record they cite."""

    class Meta:
        abstract = True

    source = factory.SubFactory(SourceFactory)
    confidence = Confidence.OFFICIAL
    note = ""


class ElementCitationFactory(CitationFactory[ElementCitation]):
    class Meta:
        model = ElementCitation

    element = factory.SubFactory(ElementFactory)


class EntityCitationFactory(CitationFactory[EntityCitation]):
    class Meta:
        model = EntityCitation

    entity = factory.SubFactory(EntityFactory)


class DepositCitationFactory(CitationFactory[DepositCitation]):
    class Meta:
        model = DepositCitation

    deposit = factory.SubFactory(DepositFactory)


class ResourceEstimateCitationFactory(CitationFactory[ResourceEstimateCitation]):
    class Meta:
        model = ResourceEstimateCitation

    estimate = factory.SubFactory(ResourceEstimateFactory)


class AgreementCitationFactory(CitationFactory[AgreementCitation]):
    class Meta:
        model = AgreementCitation

    agreement = factory.SubFactory(AgreementFactory)


class ControlMeasureCitationFactory(CitationFactory[ControlMeasureCitation]):
    class Meta:
        model = ControlMeasureCitation

    measure = factory.SubFactory(ControlMeasureFactory)


class EntityRestrictionCitationFactory(CitationFactory[EntityRestrictionCitation]):
    class Meta:
        model = EntityRestrictionCitation

    restriction = factory.SubFactory(EntityRestrictionFactory)
