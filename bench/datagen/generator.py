"""A synthetic dataset at benchmark scale, deterministic for a seed, written in bulk.

What is generated, in this order (each top-level record gets a history row and a "created"
change event, in creation order, so the change feed and the screening index see it all):

- sources;
- entities: one state per country ("Government of Kenya"), a few government bodies under each,
  then companies and other kinds, some under a parent; aliases on a quarter of them;
- deposits (3-8 elements, coordinates on most, a region of the country on many, an operator on
  most), each followed by its resource estimates: a third of deposits get one, and some
  estimates cover the one to two deposits created just before as well;
- agreements with parties, elements, some deposits and a parent framework on some;
- control measures with controlled elements, restricted entities (end-user lists and bans) and a
  few suspensions of earlier measures.

Every record cites 1-3 sources. Rows are written with :class:`~bench.datagen.writer.BulkWriter`
(ids assigned here, after the highest existing id of each table, so the seed's curated records
can stay). ``save()`` is bypassed, so ``search_text`` and ``quantity_tonnes`` are computed
here the way the models compute them (a test checks they agree).

Slugs of generated records start with ``gen-``: that is how a database with generated data is
recognised.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pycountry
from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django_countries import countries

from apps.agreements.choices import AgreementKind, AgreementStatus, PartyRole
from apps.agreements.models import Agreement, AgreementCitation, AgreementParty
from apps.changes.models import ChangeEvent
from apps.changes.recorder import IGNORED_FIELDS, RESOURCES
from apps.controls.choices import MeasureKind
from apps.controls.models import (
    ControlMeasure,
    ControlMeasureCitation,
    ElementControl,
    EntityRestriction,
    EntityRestrictionCitation,
)
from apps.core.choices import Confidence
from apps.core.text import fold
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
    tonnes,
)
from apps.elements.models import Element
from apps.entities.choices import AliasKind, EntityKind
from apps.entities.models import Entity, EntityAlias, EntityCitation
from apps.sources.choices import SourceKind
from apps.sources.models import Source
from bench.datagen import words
from bench.datagen.writer import BulkWriter, Table

PREFIX = "gen-"
DEFAULT_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Scale:
    sources: int
    entities: int
    deposits: int
    agreements: int
    measures: int


SCALES: dict[str, Scale] = {
    "S": Scale(sources=100, entities=1_000, deposits=1_000, agreements=50, measures=20),
    "M": Scale(sources=2_000, entities=20_000, deposits=100_000, agreements=5_000, measures=1_000),
    "L": Scale(
        sources=10_000, entities=100_000, deposits=1_000_000, agreements=20_000, measures=2_000
    ),
}

# Columns written per model, in row-tuple order.
SOURCE_COLS = (
    "id", "created_at", "updated_at", "search_text", "slug", "title", "publisher",
    "published_on", "url", "kind", "document", "notes",
)  # fmt: skip
ENTITY_COLS = (
    "id", "created_at", "updated_at", "search_text", "slug", "name", "kind", "country",
    "parent_id", "website", "description", "end_user_category", "measures_verified_through",
)  # fmt: skip
ALIAS_COLS = ("id", "created_at", "updated_at", "entity_id", "name", "kind")
DEPOSIT_COLS = (
    "id", "created_at", "updated_at", "search_text", "slug", "name", "country", "region",
    "locality", "latitude", "longitude", "deposit_type", "status", "operator_id",
    "announced_on", "description",
)  # fmt: skip
ESTIMATE_COLS = (
    "id", "created_at", "updated_at", "search_text", "slug", "quantity", "unit",
    "quantity_tonnes", "material", "grade_percent", "category", "as_of", "source_id",
)  # fmt: skip
AGREEMENT_COLS = (
    "id", "created_at", "updated_at", "search_text", "slug", "title", "kind", "status",
    "signed_on", "effective_from", "effective_to", "parent_id", "summary",
)  # fmt: skip
PARTY_COLS = ("id", "created_at", "updated_at", "agreement_id", "entity_id", "role")
MEASURE_COLS = (
    "id", "created_at", "updated_at", "search_text", "slug", "reference", "title",
    "authority_id", "kind", "announced_on", "effective_from", "effective_to", "summary",
    "effective_from_confidence",
)  # fmt: skip
CONTROL_COLS = (
    "id", "created_at", "updated_at", "measure_id", "element_id", "scope", "note", "item",
    "clause",
)  # fmt: skip
RESTRICTION_COLS = ("id", "created_at", "updated_at", "measure_id", "entity_id", "note", "clause")
HISTORY_COLS = (
    "history_id", "history_date", "history_change_reason", "history_type", "history_user_id",
)  # fmt: skip
EVENT_COLS = ("id", "at", "action", "resource", "object_id", "changed_fields", "history_id")

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def slug_base(text: str) -> str:
    return _NOT_SLUG.sub("-", text.lower()).strip("-")[:90]


def fast_fold(text: str) -> str:
    """:func:`apps.core.text.fold`, with a shortcut for ASCII (the bulk of generated text)."""
    if text.isascii():
        return _SPACES.sub(" ", text.lower()).strip()
    return fold(text)


def search_text(*terms: str) -> str:
    """What ``Searchable.compute_search_text`` stores for these terms."""
    return "\n".join(fast_fold(term) for term in terms if term)


def weighted(rng: random.Random, pairs: Sequence[tuple[Any, int]]) -> Callable[[], Any]:
    """A picker of values by integer weight, fast for repeated draws."""
    pool = [value for value, weight in pairs for _ in range(weight)]
    choice = rng.choice
    return lambda: choice(pool)


@dataclass
class Report:
    scale: str
    seed: int
    sizes: Scale
    seconds: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def has_generated_data() -> bool:
    return any(
        model._default_manager.filter(slug__startswith=PREFIX).exists()
        for model in (Source, Entity, Deposit)
    )


class Generator:
    """Generates one dataset; call :meth:`run` once."""

    def __init__(
        self,
        *,
        scale: str,
        seed: int = 1,
        sizes: Scale | None = None,
        epoch: datetime = DEFAULT_EPOCH,
        chunk: int = 20_000,
        log: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.scale = scale
        self.sizes = sizes or SCALES[scale]
        self.seed = seed
        self.rng = random.Random(seed)
        self.epoch = epoch
        self.chunk = chunk
        self.log = log
        self.w = BulkWriter()
        self.tick = 0
        self.next_ids: dict[type[models.Model], int] = {}
        self._tables: dict[tuple[type[models.Model], bool], Table] = {}
        self._historical: dict[type[models.Model], type[models.Model]] = {}
        self._changed: dict[tuple[type[models.Model], tuple[str, ...]], str] = {}
        self.events = self.w.table(ChangeEvent, EVENT_COLS)

    # --- plumbing ------------------------------------------------------------------------

    def new_id(self, model: type[models.Model]) -> int:
        """The next free id of ``model`` (its table's highest id + 1 at first use)."""
        current = self.next_ids.get(model)
        if current is None:
            pk = model._meta.pk.attname  # type: ignore[union-attr]
            current = (model._default_manager.aggregate(top=Max(pk))["top"] or 0) + 1
        self.next_ids[model] = current + 1
        return current

    def stamp(self) -> tuple[Any, datetime]:
        """The next creation time (1 ms apart), as stored and as an aware datetime."""
        at = self.epoch + timedelta(milliseconds=self.tick)
        self.tick += 1
        return self.w.timestamp(at), at

    def table(self, model: type[models.Model], cols: Sequence[str]) -> Table:
        key = (model, False)
        if key not in self._tables:
            self._tables[key] = self.w.table(model, cols)
        return self._tables[key]

    def history_table(self, model: type[models.Model], cols: Sequence[str]) -> Table:
        key = (model, True)
        if key not in self._tables:
            self._tables[key] = self.w.table(self.historical(model), (*cols, *HISTORY_COLS))
        return self._tables[key]

    def historical(self, model: type[models.Model]) -> type[models.Model]:
        """The simple_history model of ``model`` (cached: ``model.history`` builds a manager
        class on every access)."""
        found = self._historical.get(model)
        if found is None:
            found = self._historical[model] = model.history.model  # type: ignore[attr-defined]
        return found

    def changed_fields(self, model: type[models.Model], relations: tuple[str, ...]) -> str:
        """The change feed's ``changed_fields`` of a creation, as the recorder writes it."""
        key = (model, relations)
        if key not in self._changed:
            names = {f.name for f in model._meta.concrete_fields if f.name not in IGNORED_FIELDS}
            self._changed[key] = self.w.json(sorted(names | set(relations)))
        return self._changed[key]

    def record(
        self,
        model: type[models.Model],
        cols: Sequence[str],
        row: tuple[Any, ...],
        stored_at: Any,
        relations: tuple[str, ...] = (),
    ) -> None:
        """Write ``row`` of ``model`` with its history row, and a change event if it is one
        of the API's resources. ``row[0]`` is the id."""
        self.table(model, cols).rows.append(row)
        history_id = self.new_id(self.historical(model))
        self.history_table(model, cols).rows.append((*row, history_id, stored_at, None, "+", None))
        resource = RESOURCES.get(model._meta.label)
        if resource is not None:
            self.events.rows.append(
                (
                    self.new_id(ChangeEvent),
                    stored_at,
                    ChangeEvent.Action.CREATED,
                    resource,
                    str(row[0]),
                    self.changed_fields(model, relations),
                    history_id,
                )
            )

    def citations(
        self, model: type[models.Model], parent_id: int, stored_at: Any, most: int = 3
    ) -> None:
        """1 to ``most`` citations of distinct sources on the record ``parent_id``."""
        cols = ("id", "source_id", "confidence", "note", self._citation_fk(model))
        count = self.rng.randint(1, min(most, len(self.source_ids)))
        for source_id in self.rng.sample(self.source_ids, count):
            row = (self.new_id(model), source_id, self.confidence(), self.note(), parent_id)
            self.table(model, cols).rows.append(row)
            history_id = self.new_id(self.historical(model))
            self.history_table(model, cols).rows.append(
                (*row, history_id, stored_at, None, "+", None)
            )

    @staticmethod
    def _citation_fk(model: type[models.Model]) -> str:
        for f in model._meta.concrete_fields:
            if f.is_relation and f.name != "source":
                return f.attname
        raise ValueError(model)

    def m2m(self, field_owner: type[models.Model], name: str) -> Table:
        f = field_owner._meta.get_field(name)
        through = f.remote_field.through  # type: ignore[union-attr]
        return self.table(through, (f.m2m_column_name(), f.m2m_reverse_name()))  # type: ignore[union-attr]

    def maybe_flush(self, force: bool = False) -> None:
        if force or self.w.pending() >= self.chunk * 10:
            self.w.flush()

    def date_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    # --- the run ---------------------------------------------------------------------------

    def run(self, analyze: bool = True) -> Report:
        report = Report(self.scale, self.seed, self.sizes)
        rng = self.rng
        self.symbols = dict(Element.objects.values_list("symbol", "name"))
        self.confidence = weighted(
            rng,
            [
                (Confidence.OFFICIAL, 2),
                (Confidence.OFFICIALLY_ANNOUNCED, 2),
                (Confidence.REPORTED, 5),
                (Confidence.ESTIMATED, 1),
                (Confidence.UNCONFIRMED, 1),
            ],
        )
        self.note = lambda: rng.choice(words.CITATION_NOTES)
        self.places = words.place_words(rng, max(200, self.sizes.deposits // 20))
        for phase, step in (
            ("sources", self.gen_sources),
            ("entities", self.gen_entities),
            ("deposits", self.gen_deposits),
            ("agreements", self.gen_agreements),
            ("measures", self.gen_measures),
        ):
            started = time.perf_counter()
            step()
            self.maybe_flush(force=True)
            report.seconds[phase] = time.perf_counter() - started
            self.log(f"{phase}: {report.seconds[phase]:.1f} s")
        started = time.perf_counter()
        self.finish(analyze)
        report.seconds["sequences+analyze"] = time.perf_counter() - started
        self.log(f"sequences and analyze: {report.seconds['sequences+analyze']:.1f} s")
        report.rows = self.w.counts()
        return report

    def finish(self, analyze: bool) -> None:
        if connection.vendor == "postgresql":
            statements = connection.ops.sequence_reset_sql(no_style(), list(self.next_ids))
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
        if analyze and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    # --- sources -------------------------------------------------------------------------

    def gen_sources(self) -> None:
        rng = self.rng
        kind = weighted(
            rng,
            [
                (SourceKind.NEWS, 5),
                (SourceKind.GOVERNMENT_ANNOUNCEMENT, 2),
                (SourceKind.LEGAL_TEXT, 1),
                (SourceKind.DATASET, 1),
                (SourceKind.REPORT, 2),
                (SourceKind.OTHER, 1),
            ],
        )
        self.source_ids: list[int] = []
        start, end = date(2000, 1, 1), date(2026, 10, 31)
        for n in range(self.sizes.sources):
            stored, _ = self.stamp()
            pk = self.new_id(Source)
            published = self.date_between(start, end)
            publisher = rng.choice(words.PUBLISHERS)
            title = (
                f"{publisher}: {rng.choice(words.SOURCE_TOPICS)} in "
                f"{rng.choice(self.places)} ({published.year})"
            )
            slug = f"{PREFIX}src-{n + 1}"
            row = (
                pk, stored, stored, search_text(title, publisher, slug), slug, title, publisher,
                published, f"https://example.org/sources/{n + 1}", kind(), "", "",
            )  # fmt: skip
            self.record(Source, SOURCE_COLS, row, stored)
            self.source_ids.append(pk)

    # --- entities ------------------------------------------------------------------------

    def entity_name(self, kind: str) -> str:
        rng = self.rng
        place = rng.choice(self.places)
        if kind == EntityKind.COMPANY:
            legal = rng.choice(words.LEGAL_FORMS)
            return f"{place} {rng.choice(words.INDUSTRY_WORDS)} {legal}".strip()
        if kind == EntityKind.STATE_OWNED_ENTERPRISE:
            return f"{place} National {rng.choice(words.INDUSTRY_WORDS)} Group Corporation"
        if kind == EntityKind.RESEARCH_INSTITUTE:
            return f"{place} Institute of {rng.choice(words.RESEARCH_FIELDS)}"
        if kind == EntityKind.MILITARY:
            return f"{place} {rng.choice(('Naval', 'Air', 'Land'))} Systems Command"
        if kind == EntityKind.INTERNATIONAL_ORGANIZATION:
            return f"{place} Minerals Partnership"
        return f"{place} {rng.choice(words.INDUSTRY_WORDS)} Association"

    def aliases_for(self, name: str, kind: str) -> list[tuple[str, str]]:
        rng = self.rng
        legal = {w for form in words.LEGAL_FORMS for w in form.split()}
        initials = "".join(w[0] for w in name.split() if w not in legal and w[0].isalpha())
        options: list[tuple[str, str]] = []
        if len(initials) >= 2:
            options.append((initials.upper(), AliasKind.ABBREVIATION))
        options.append(
            (
                f"{rng.choice(self.places)} {rng.choice(words.INDUSTRY_WORDS)} "
                f"{rng.choice(words.LEGAL_FORMS)}".strip(),
                AliasKind.FORMER,
            )
        )
        options.append((f"{name.split()[0]} {rng.choice(self.places)}", AliasKind.TRANSLATION))
        chosen = rng.sample(options, rng.randint(1, 2))
        unique: dict[str, str] = {}
        for alias, alias_kind in chosen:
            if alias != name:
                unique.setdefault(alias, alias_kind)
        return sorted(unique.items())

    def gen_entities(self) -> None:
        rng = self.rng
        self.state_by_country: dict[str, int] = {}
        self.body_ids: list[int] = []
        self.company_ids: list[int] = []
        self.restrictable_ids: list[int] = []
        self.entity_country: dict[int, str | None] = {}
        self.entity_name_by_id: dict[int, str] = {}
        country_pick = weighted(rng, [(c[0], c[1]) for c in words.COUNTRIES])
        kind_pick = weighted(
            rng,
            [
                (EntityKind.COMPANY, 80),
                (EntityKind.STATE_OWNED_ENTERPRISE, 8),
                (EntityKind.RESEARCH_INSTITUTE, 6),
                (EntityKind.MILITARY, 2),
                (EntityKind.INTERNATIONAL_ORGANIZATION, 1),
                (EntityKind.OTHER, 3),
            ],
        )
        total = self.sizes.entities
        codes = [c[0] for c in words.COUNTRIES]
        plan: list[tuple[str, str, str | None, int | None]] = []  # kind, name, country, parent
        state_codes = codes[: max(2, min(len(codes), total // 4))]
        for code in state_codes:
            plan.append((EntityKind.STATE, f"Government of {countries.name(code)}", code, None))
        bodies_each = 3 if total >= len(codes) * 8 else 1
        for code in state_codes:
            for template in words.BODY_TEMPLATES[:bodies_each]:
                if len(plan) < total // 4:
                    plan.append(
                        (
                            EntityKind.GOVERNMENT_BODY,
                            template.format(country=countries.name(code)),
                            code,
                            -1,  # the state, resolved below
                        )
                    )
        for index in range(total):
            if index < len(plan):
                kind, name, country, parent = plan[index]
            else:
                kind = kind_pick()
                name = self.entity_name(kind)
                country = None if kind == EntityKind.INTERNATIONAL_ORGANIZATION else country_pick()
                parent = None
                if kind == EntityKind.COMPANY and self.company_ids and rng.random() < 0.15:
                    parent = rng.choice(self.company_ids)
                    country = self.entity_country[parent]
            if parent == -1:
                parent = self.state_by_country.get(country or "")
            stored, _ = self.stamp()
            pk = self.new_id(Entity)
            slug = f"{PREFIX}{slug_base(name)}-{index + 1}"
            aliases = self.aliases_for(name, kind) if rng.random() < 0.25 else []
            website = f"https://{slug}.example.com" if rng.random() < 0.5 else ""
            row = (
                pk, stored, stored, search_text(name, slug, *(a for a, _ in aliases)), slug,
                name, kind, country, parent, website, "", "", None,
            )  # fmt: skip
            relations = ("aliases", "citations") if aliases else ("citations",)
            self.record(Entity, ENTITY_COLS, row, stored, relations)
            for alias, alias_kind in aliases:
                self.record(
                    EntityAlias,
                    ALIAS_COLS,
                    (self.new_id(EntityAlias), stored, stored, pk, alias, alias_kind),
                    stored,
                )
            self.citations(EntityCitation, pk, stored)
            self.entity_country[pk] = country
            self.entity_name_by_id[pk] = name
            if kind == EntityKind.STATE:
                self.state_by_country[country or ""] = pk
            elif kind == EntityKind.GOVERNMENT_BODY:
                self.body_ids.append(pk)
            else:
                if kind in (EntityKind.COMPANY, EntityKind.STATE_OWNED_ENTERPRISE):
                    self.company_ids.append(pk)
                self.restrictable_ids.append(pk)
            self.maybe_flush()
        if not self.company_ids:  # a tiny scale: let any entity operate or be restricted
            self.company_ids = sorted(self.entity_country)
        if not self.restrictable_ids:
            self.restrictable_ids = list(self.company_ids)

    # --- deposits and estimates --------------------------------------------------------------

    def gen_deposits(self) -> None:
        rng = self.rng
        subdivisions = {
            code: sorted(s.code for s in pycountry.subdivisions.get(country_code=code) or [])
            for code, *_ in words.COUNTRIES
        }
        boxes = {c[0]: c[2:] for c in words.COUNTRIES}
        country_pick = weighted(rng, [(c[0], c[1]) for c in words.COUNTRIES])
        type_pick = weighted(
            rng,
            [
                (DepositType.HARD_ROCK, 6),
                (DepositType.CARBONATITE, 3),
                (DepositType.ALKALINE_IGNEOUS, 2),
                (DepositType.ION_ADSORPTION_CLAY, 2),
                (DepositType.PLACER, 2),
                (DepositType.PEGMATITE, 3),
                (DepositType.BRINE, 2),
                (DepositType.SEDIMENT_HOSTED, 2),
                (DepositType.OTHER, 1),
            ],
        )
        type_labels = dict(DepositType.choices)
        status_pick = weighted(
            rng,
            [
                (DepositStatus.REPORTED, 3),
                (DepositStatus.IDENTIFIED, 3),
                (DepositStatus.EXPLORATION, 5),
                (DepositStatus.FEASIBILITY, 2),
                (DepositStatus.DEVELOPMENT, 2),
                (DepositStatus.PRODUCING, 2),
                (DepositStatus.SUSPENDED, 1),
                (DepositStatus.CLOSED, 1),
            ],
        )
        unit_pick = weighted(
            rng, [(QuantityUnit.TONNE, 3), (QuantityUnit.KILOTONNE, 4), (QuantityUnit.MEGATONNE, 3)]
        )
        unit_range = {
            QuantityUnit.TONNE: (100.0, 100_000.0),
            QuantityUnit.KILOTONNE: (1.0, 5_000.0),
            QuantityUnit.MEGATONNE: (0.1, 500.0),
        }
        material_pick = weighted(
            rng,
            [
                (Material.REO, 4),
                (Material.TREO, 3),
                (Material.ORE, 3),
                (Material.LI2O, 1),
                (Material.METAL, 1),
                (Material.OTHER, 1),
            ],
        )
        category_pick = weighted(rng, [(c, 1) for c in EstimateCategory.values])
        element_pool = [s for s in words.DEPOSIT_ELEMENTS if s in self.symbols]
        places = self.places
        features, prefixes = words.DEPOSIT_FEATURES, words.DEPOSIT_PREFIXES
        operators = self.company_ids
        sources = self.source_ids
        deposit_elements = self.m2m(Deposit, "elements")
        estimate_deposits = self.m2m(ResourceEstimate, "deposits")
        announced_start = date(1990, 1, 1).toordinal()
        announced_span = date(2026, 6, 30).toordinal() - announced_start
        as_of_start = date(2005, 1, 1).toordinal()
        as_of_span = date(2026, 9, 30).toordinal() - as_of_start
        self.deposit_ids: list[int] = []
        recent: list[int] = []
        estimates = 0
        random_ = rng.random
        for n in range(1, self.sizes.deposits + 1):
            stored, _ = self.stamp()
            pk = self.new_id(Deposit)
            place = rng.choice(places)
            shape = random_()
            if shape < 0.25:
                name = f"{rng.choice(prefixes)} {place}"
            elif shape < 0.8:
                name = f"{place} {rng.choice(features)}"
            else:
                name = place
            country = country_pick()
            regions = subdivisions[country]
            region = rng.choice(regions) if regions and random_() < 0.6 else ""
            locality = f"{rng.choice(places)} district" if random_() < 0.6 else ""
            if random_() < 0.9:
                lat0, lat1, lon0, lon1 = boxes[country]
                latitude = Decimal(f"{lat0 + (lat1 - lat0) * random_():.6f}")
                longitude = Decimal(f"{lon0 + (lon1 - lon0) * random_():.6f}")
            else:
                latitude = longitude = None  # type: ignore[assignment]
            deposit_type = type_pick()
            announced = (
                date.fromordinal(announced_start + rng.randrange(announced_span))
                if random_() < 0.85
                else None
            )
            description = (
                rng.choice(words.DESCRIPTIONS).format(
                    type=type_labels[deposit_type], year=rng.randint(1995, 2026)
                )
                if random_() < 0.7
                else ""
            )
            slug = f"{PREFIX}{slug_base(name)}-{n}"
            row = (
                pk, stored, stored, search_text(name, locality, slug), slug, name, country,
                region, locality, latitude, longitude, deposit_type, status_pick(),
                rng.choice(operators) if operators and random_() < 0.6 else None, announced,
                description,
            )  # fmt: skip
            self.record(Deposit, DEPOSIT_COLS, row, stored, ("citations", "elements"))
            wanted = rng.randint(3, 8)
            chosen: list[str] = []
            while len(chosen) < wanted:  # distinct, rare earths more likely (see words)
                symbol = rng.choice(element_pool)
                if symbol not in chosen:
                    chosen.append(symbol)
                    deposit_elements.rows.append((pk, symbol))
            self.citations(DepositCitation, pk, stored)
            self.deposit_ids.append(pk)

            if random_() < 1 / 3:
                covered = [pk]
                if recent and random_() < 0.12:
                    covered += recent[-rng.randint(1, 2) :]
                est_stored, _ = self.stamp()
                est_pk = self.new_id(ResourceEstimate)
                estimates += 1
                unit = unit_pick()
                low, high = unit_range[unit]
                quantity = Decimal(f"{rng.uniform(low, high):.4f}")
                material = material_pick()
                grade = Decimal(f"{rng.uniform(0.05, 12):.4f}") if random_() < 0.7 else None
                est_slug = f"{PREFIX}est-{estimates}"
                est_row = (
                    est_pk, est_stored, est_stored, search_text(est_slug, material), est_slug,
                    quantity, unit, tonnes(quantity, unit), material, grade, category_pick(),
                    date.fromordinal(as_of_start + rng.randrange(as_of_span)), rng.choice(sources),
                )  # fmt: skip
                self.record(
                    ResourceEstimate, ESTIMATE_COLS, est_row, est_stored, ("citations", "deposits")
                )
                for deposit_id in sorted(set(covered)):
                    estimate_deposits.rows.append((est_pk, deposit_id))
                self.citations(ResourceEstimateCitation, est_pk, est_stored)
            recent = [*recent[-1:], pk]
            if n % self.chunk == 0:
                self.w.flush()
                self.log(f"  deposits: {n:,}")

    # --- agreements ------------------------------------------------------------------------

    def gen_agreements(self) -> None:
        rng = self.rng
        kind_pick = weighted(rng, [(k, 1) for k in AgreementKind.values])
        status_pick = weighted(
            rng,
            [
                (AgreementStatus.UNDER_DISCUSSION, 2),
                (AgreementStatus.SIGNED, 4),
                (AgreementStatus.IN_FORCE, 4),
                (AgreementStatus.SUSPENDED, 1),
                (AgreementStatus.EXPIRED, 1),
                (AgreementStatus.TERMINATED, 1),
            ],
        )
        kind_labels = dict(AgreementKind.choices)
        states = list(self.state_by_country.items())
        elements = self.m2m(Agreement, "elements")
        deposits = self.m2m(Agreement, "deposits")
        frameworks: list[int] = []
        symbols = [s for s in words.CONTROLLED_ELEMENTS if s in self.symbols]
        for n in range(1, self.sizes.agreements + 1):
            stored, _ = self.stamp()
            pk = self.new_id(Agreement)
            kind = kind_pick()
            status = status_pick()
            (code_a, state_a), (code_b, state_b) = rng.sample(states, 2)
            signed = None
            effective_from = effective_to = None
            if status != AgreementStatus.UNDER_DISCUSSION:
                signed = self.date_between(date(2000, 1, 1), date(2026, 9, 30))
                if rng.random() < 0.7:
                    effective_from = signed + timedelta(days=rng.randrange(0, 180))
                    if rng.random() < 0.25:
                        effective_to = effective_from + timedelta(days=rng.randrange(365, 3650))
            title = (
                f"{countries.name(code_a)}\u2013{countries.name(code_b)} "
                f"{rng.choice(words.AGREEMENT_TOPICS)} {kind_labels[kind]}"
                f"{f' ({signed.year})' if signed else ''}"
            )
            parent = rng.choice(frameworks) if frameworks and rng.random() < 0.1 else None
            slug = f"{PREFIX}agr-{n}"
            row = (
                pk, stored, stored, search_text(title, slug), slug, title, kind, status, signed,
                effective_from, effective_to, parent,
                f"Cooperation between the two governments on {rng.choice(self.places)} projects.",
            )  # fmt: skip
            relations = ("citations", "deposits", "elements", "parties")
            self.record(Agreement, AGREEMENT_COLS, row, stored, relations)
            if kind in (AgreementKind.FRAMEWORK, AgreementKind.MEMORANDUM):
                frameworks.append(pk)
            parties = [(state_a, PartyRole.SIGNATORY), (state_b, PartyRole.SIGNATORY)]
            for _ in range(rng.randint(0, 2)):
                company = rng.choice(self.company_ids)
                role = rng.choice(
                    (PartyRole.OFFTAKER, PartyRole.FINANCIER, PartyRole.TECHNOLOGY_PROVIDER)
                )
                if (company, role) not in parties and company not in (state_a, state_b):
                    parties.append((company, role))
            for entity_id, role in parties:
                self.record(
                    AgreementParty,
                    PARTY_COLS,
                    (self.new_id(AgreementParty), stored, stored, pk, entity_id, role),
                    stored,
                )
            for symbol in rng.sample(symbols, rng.randint(1, 5)):
                elements.rows.append((pk, symbol))
            if rng.random() < 0.5:
                for deposit_id in sorted(set(rng.sample(self.deposit_ids, rng.randint(1, 3)))):
                    deposits.rows.append((pk, deposit_id))
            self.citations(AgreementCitation, pk, stored)
            self.maybe_flush()

    # --- control measures ------------------------------------------------------------------

    def gen_measures(self) -> None:
        rng = self.rng
        kind_pick = weighted(
            rng,
            [
                (MeasureKind.EXPORT_LICENSING, 45),
                (MeasureKind.END_USER_RESTRICTION, 30),
                (MeasureKind.EXPORT_BAN, 10),
                (MeasureKind.OTHER, 13),
                (MeasureKind.SUSPENSION, 2),
            ],
        )
        kind_labels = dict(MeasureKind.choices)
        symbols = [s for s in words.CONTROLLED_ELEMENTS if s in self.symbols]
        authorities = self.body_ids or list(self.state_by_country.values())
        suspends = self.m2m(ControlMeasure, "suspends")
        by_authority: dict[int, list[int]] = {}
        measures: list[int] = []
        numbers: dict[tuple[int, int], int] = {}
        for n in range(1, self.sizes.measures + 1):
            stored, _ = self.stamp()
            pk = self.new_id(ControlMeasure)
            authority = rng.choice(authorities)
            kind = kind_pick()
            # At least two suspensions whenever there are measures enough to suspend.
            if n in (self.sizes.measures // 2, self.sizes.measures) and measures:
                kind = MeasureKind.SUSPENSION
            if kind == MeasureKind.SUSPENSION and not measures:
                kind = MeasureKind.EXPORT_LICENSING
            effective_from = self.date_between(date(2015, 1, 1), date(2026, 10, 31))
            announced = effective_from - timedelta(days=rng.randrange(0, 60))
            effective_to = (
                effective_from + timedelta(days=rng.randrange(30, 1500))
                if rng.random() < 0.25
                else None
            )
            year = announced.year
            numbers[(authority, year)] = number = numbers.get((authority, year), 0) + 1
            abbreviation = "".join(
                w[0] for w in self.entity_name_by_id[authority].split() if w[0].isupper()
            )
            reference = f"{abbreviation} Announcement No. {number} of {year}"
            controlled = rng.sample(symbols, rng.randint(1, 8))
            names = [self.symbols[s] for s in controlled[:3]]
            others = " and others" if len(controlled) > 3 else ""
            title = f"{kind_labels[kind]}: {', '.join(names)}{others}"
            slug = f"{PREFIX}measure-{n}"
            row = (
                pk, stored, stored, search_text(reference, title, slug), slug, reference, title,
                authority, kind, announced, effective_from, effective_to,
                f"Measure on {', '.join(controlled)} items.", "",
            )  # fmt: skip
            relations = ["citations", "controlled_elements"]
            restricted: list[int] = []
            if kind in (MeasureKind.END_USER_RESTRICTION, MeasureKind.EXPORT_BAN):
                restricted = rng.sample(
                    self.restrictable_ids, min(len(self.restrictable_ids), rng.randint(1, 25))
                )
                relations.append("restricted_entities")
            targets: list[int] = []
            if kind == MeasureKind.SUSPENSION:
                pool = by_authority.get(authority) or measures
                targets = sorted(set(rng.sample(pool, min(len(pool), rng.randint(1, 3)))))
                relations.append("suspends")
            self.record(ControlMeasure, MEASURE_COLS, row, stored, tuple(sorted(relations)))
            for symbol in controlled:
                scope = rng.choice(words.SCOPES)
                control = (
                    self.new_id(ElementControl),
                    stored,
                    stored,
                    pk,
                    symbol,
                    scope,
                    "",
                    "",
                    "",
                )
                self.record(ElementControl, CONTROL_COLS, control, stored)
            for entity_id in restricted:
                restriction_id = self.new_id(EntityRestriction)
                self.record(
                    EntityRestriction,
                    RESTRICTION_COLS,
                    (restriction_id, stored, stored, pk, entity_id, "", ""),
                    stored,
                )
                self.citations(EntityRestrictionCitation, restriction_id, stored, most=1)
            for target in targets:
                suspends.rows.append((pk, target))
            self.citations(ControlMeasureCitation, pk, stored)
            if kind != MeasureKind.SUSPENSION:
                by_authority.setdefault(authority, []).append(pk)
                measures.append(pk)
            self.maybe_flush()


def generate(
    scale: str,
    seed: int = 1,
    *,
    sizes: Scale | None = None,
    epoch: datetime = DEFAULT_EPOCH,
    analyze: bool = True,
    log: Callable[[str], None] = lambda message: None,
) -> Report:
    """Generate a dataset into the default database (see the module docstring)."""
    return Generator(scale=scale, seed=seed, sizes=sizes, epoch=epoch, log=log).run(analyze)


def scale_with(scale: str, overrides: dict[str, int | None]) -> Scale:
    return replace(SCALES[scale], **{k: v for k, v in overrides.items() if v is not None})
