"""An in-memory index of every entity name and alias, tokenised and weighted once.

Reading and normalising 100,000 names from the database takes about a second, so each process
keeps the index and rebuilds it only when entities or aliases changed. "Changed" is read from the
newest history row ids of both models: two indexed look-ups per request, and correct across
processes (no cache to invalidate).

What the index holds, and why:

- every name and alias as its legal-form-free tokens, in their order (token strings are
  interned, so a token shared by thousands of names is stored once);
- a posting list per token (the names that contain it), so a query scores only the names that
  share a word with it, not all of them;
- a weight per token, its inverse document frequency over the names: a word found in few names
  ("kawasaki") says more about a match than one found in many ("systems", "industries");
- the vocabulary bucketed by each word's first two and last two letters: one or two typos
  rarely change both ends of a word, so a misspelt word is compared with the words of its two
  buckets (a few hundred) instead of all of them (37,000 at L: 20-30 ms a word);
- the initials of each name's leading words, sorted, so a query word typed in capitals
  ("KHI") finds the names whose leading words it abbreviates;
- readings of a subsidiary's name under its parent's other names: when "IHI Aerospace" is a
  child of IHI, whose former name is "Ishikawajima-Harima Heavy Industries", the index also
  holds "Ishikawajima-Harima Heavy Industries Aerospace" for it (a *reading*, reported as such).
"""

from __future__ import annotations

import bisect
import math
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Max

from apps.entities.models import Entity, EntityAlias
from apps.screening.normalize import name_tokens

#: Joiners skipped when initials are read ("Ministry of Defense" is MD as well as MOD).
INITIALS_SKIPPED = frozenset({"and", "of", "the", "for"})
#: Initials are read over at most this many leading words.
MAX_INITIALS = 6


@dataclass(frozen=True, slots=True)
class IndexedEntity:
    id: int
    name: str
    kind: str
    country: str
    parent_id: int | None


@dataclass(frozen=True, slots=True)
class ParentReading:
    """A subsidiary's name read with another name of its parent in place of the parent's name
    it starts with: ``replaced`` (the parent's name as the child's name has it) by ``used``."""

    parent_id: int
    replaced: str
    used: str
    used_kind: str  # "name" or the alias kind


@dataclass(frozen=True, slots=True)
class IndexedName:
    tokens: tuple[str, ...]  # legal-form-free tokens, in the name's order
    entity_id: int
    name: str  # the recorded name or alias
    matched_on: str  # "name" or the alias kind ("abbreviation", ...)
    reading: ParentReading | None = None

    @property
    def normalized(self) -> str:
        """Tokens sorted (:func:`apps.screening.normalize.normalize_name`)."""
        return " ".join(sorted(self.tokens))


@dataclass(frozen=True)
class NameIndex:
    version: tuple[int | None, int | None]
    entities: dict[int, IndexedEntity]
    children: dict[int, list[int]]  # parent id -> child ids, in id order
    names: list[IndexedName]
    postings: dict[str, list[int]]  # token -> positions in ``names``, ascending
    weights: dict[str, float]  # token -> inverse document frequency
    unseen_weight: float  # the weight of a word no name contains
    by_head: dict[str, list[str]]  # first two letters -> the tokens that start with them
    by_tail: dict[str, list[str]]  # last two letters -> the tokens that end with them
    initials: list[str]  # leading-word initials of names, sorted ...
    initials_positions: list[int]  # ... and the name each belongs to

    def weight(self, token: str) -> float:
        return self.weights.get(token, self.unseen_weight)

    def typo_candidates(self, token: str) -> list[str]:
        """The tokens sharing ``token``'s first two or last two letters (each once)."""
        head = self.by_head.get(token[:2], [])
        tail = self.by_tail.get(token[-2:], [])
        return list(dict.fromkeys(head + tail))

    def names_with_initials(self, initials: str) -> list[int]:
        """Positions of the names whose leading words' initials start with ``initials``."""
        start = bisect.bisect_left(self.initials, initials)
        stop = bisect.bisect_left(self.initials, initials + "\uffff")
        return self.initials_positions[start:stop]


_lock = threading.Lock()
_current: NameIndex | None = None


def _version() -> tuple[int | None, int | None]:
    return (
        Entity.history.aggregate(last=Max("history_id"))["last"],
        EntityAlias.history.aggregate(last=Max("history_id"))["last"],
    )


def idf(document_frequency: int, documents: int) -> float:
    """1 for a word in every name, about 1 + ln(N) for a word in one; never below 1."""
    return 1.0 + math.log((documents + 1) / (document_frequency + 1))


def leading_initials(tokens: Sequence[str]) -> set[str]:
    """The initials of a name's leading words, with and without joiners ("of", "and"...);
    empty for a one-word name (a word is not its own abbreviation)."""
    if len(tokens) < 2:
        return set()
    lead = tokens[:MAX_INITIALS]
    every = "".join(token[0] for token in lead)
    without = "".join(token[0] for token in lead if token not in INITIALS_SKIPPED)
    return {form for form in (every, without) if len(form) >= 2}


def _parent_readings(
    entities: dict[int, IndexedEntity], names: list[IndexedName]
) -> list[IndexedName]:
    """A child's names that start with one of its parent's names, read with each of the
    parent's other names in its place."""
    by_entity: dict[int, list[IndexedName]] = {}
    for entry in names:
        by_entity.setdefault(entry.entity_id, []).append(entry)
    readings: list[IndexedName] = []
    for entity in entities.values():
        if entity.parent_id is None or entity.parent_id not in by_entity:
            continue
        parent_names = by_entity[entity.parent_id]
        for child_name in by_entity.get(entity.id, []):
            seen = {child_name.tokens}
            for prefix in parent_names:
                size = len(prefix.tokens)
                if child_name.tokens[:size] != prefix.tokens or len(child_name.tokens) <= size:
                    continue
                rest = child_name.tokens[size:]
                for other in parent_names:
                    tokens = other.tokens + rest
                    if tokens in seen:
                        continue
                    seen.add(tokens)
                    reading = ParentReading(
                        entity.parent_id, prefix.name, other.name, other.matched_on
                    )
                    readings.append(
                        IndexedName(
                            tokens,
                            child_name.entity_id,
                            child_name.name,
                            child_name.matched_on,
                            reading,
                        )
                    )
    return readings


def _indexed_name(name: str, entity_id: int, matched_on: str) -> IndexedName:
    tokens = tuple(sys.intern(token) for token in name_tokens(name))
    return IndexedName(tokens, entity_id, name, sys.intern(matched_on))


def build_index(
    version: tuple[int | None, int | None],
    entity_rows: Sequence[tuple[int, str, str, str | None, int | None]],
    alias_rows: Sequence[tuple[int, str, str]],
) -> NameIndex:
    """The index over these rows (``(id, name, kind, country, parent_id)`` per entity and
    ``(entity_id, name, kind)`` per alias)."""
    entities: dict[int, IndexedEntity] = {}
    children: dict[int, list[int]] = {}
    names: list[IndexedName] = []
    for pk, name, kind, country, parent_id in entity_rows:
        # Kinds and countries repeat: one string object each (interned), not one per row.
        entities[pk] = IndexedEntity(
            pk, name, sys.intern(kind), sys.intern(country or ""), parent_id
        )
        if parent_id is not None:
            children.setdefault(parent_id, []).append(pk)
        names.append(_indexed_name(name, pk, "name"))
    for entity_id, name, kind in alias_rows:
        names.append(_indexed_name(name, entity_id, kind))
    recorded = len(names)
    names.extend(_parent_readings(entities, names))

    postings: dict[str, list[int]] = {}
    initials: list[tuple[str, int]] = []
    for position, entry in enumerate(names):
        for token in dict.fromkeys(entry.tokens):
            postings.setdefault(token, []).append(position)
        initials.extend((form, position) for form in leading_initials(entry.tokens))
    # Weights count recorded names only (positions below ``recorded``): a reading repeats its
    # parent's words.
    weights = {
        token: idf(bisect.bisect_left(positions, recorded), recorded)
        for token, positions in postings.items()
    }
    by_head: dict[str, list[str]] = {}
    by_tail: dict[str, list[str]] = {}
    for token in sorted(postings):
        by_head.setdefault(token[:2], []).append(token)
        by_tail.setdefault(token[-2:], []).append(token)
    initials.sort()
    return NameIndex(
        version=version,
        entities=entities,
        children=children,
        names=names,
        postings=postings,
        weights=weights,
        unseen_weight=idf(0, recorded),
        by_head=by_head,
        by_tail=by_tail,
        initials=[form for form, _ in initials],
        initials_positions=[position for _, position in initials],
    )


def _build(version: tuple[int | None, int | None]) -> NameIndex:
    entity_rows = Entity.objects.values_list("id", "name", "kind", "country", "parent_id").order_by(
        "id"
    )
    alias_rows = EntityAlias.objects.values_list("entity_id", "name", "kind").order_by("id")
    return build_index(
        version,
        list(entity_rows.iterator(chunk_size=5000)),
        list(alias_rows.iterator(chunk_size=5000)),
    )


def name_index() -> NameIndex:
    """The current index, rebuilt first if entities or aliases changed since it was built."""
    global _current
    version = _version()
    index = _current
    if index is not None and index.version == version:
        return index
    with _lock:
        if _current is None or _current.version != version:
            _current = _build(version)
        return _current
