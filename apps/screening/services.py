"""Screening names (from an invoice, a shipping document) against entities and their aliases.

How a name is scored against a query, both cut into legal-form-free words
(:mod:`apps.screening.normalize`):

1. **Words are weighted by how rare they are** across every name and alias (inverse document
   frequency, :func:`apps.screening.index.idf`): "Kawasaki" outweighs "Aerospace" and
   "Systems", so two names that share only generic words do not match.
2. **Each query word is paired with at most one word of the name**: the same word, or a word
   within a typo or two (a rapidfuzz ratio of at least 85, 80 or 75 for words of 4, 5-7 and 8 or
   more letters; shorter words must be exact; a typo is looked for among the words that share
   the first two or the last two letters), its similarity scaling its weight. A typo costs half
   its ratio's shortfall (a ratio of 0.83 is a similarity of 0.915): one wrong letter in a
   six-letter name is still that name. A query word that matches no word but is a typo of a
   legal form ("Limitd", "Croporation") is dropped like one. A word typed in capitals ("KHI")
   that equals the initials of the name's leading words stands for those words ("Kawasaki
   Heavy Industries"), at a similarity of 0.9.
3. **Weighted overlap**: twice the matched weight over the weight of both names
   (``2 * matched / (query + name)``, a weighted Dice coefficient); 100 when every word matches
   exactly.
4. **Partial names**: when every query word is found in the name, in the query's order, and
   among them the name's first word or its rarest one (what people keep when they shorten a
   name: "Mitsubishi Shipbuilding", "Self-Defense Forces"; not "Aerospace Systems"), the score
   is at least 86 (above the default threshold), plus up to 13 for the share of the name the
   query covers, minus what typos cost. A query with a legal form ("Sumitomo Corporation") is
   a whole name, not part of one, and is scored by overlap only.
5. A subsidiary's name may be matched as read with another name of its parent (see
   :mod:`apps.screening.index`); such a reading scores by overlap only, at most 98, so 100
   always means a recorded name matched word for word.

Only names that share a word with the query are scored, and of those only the ones that can
still reach the threshold: a name missing the query's heaviest words cannot (the words left
carry too little weight), so it is never looked at. Scores are rounded to one decimal; for each
query the best name of every entity at or above ``threshold`` is returned, highest score first,
ties broken by entity id, so the same data and query always give the same answer.

Each match carries the restrictions in force on ``as_of`` on the entity or inherited from a
parent, its parent, and the restrictions (in force or not on ``as_of``) of its subsidiaries.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from rapidfuzz import fuzz, process

from apps.controls.selectors import AppliedRestriction, restrictions_on
from apps.screening.index import IndexedEntity, IndexedName, NameIndex, name_index
from apps.screening.normalize import LEGAL_FORM_TOKENS, has_legal_form, query_tokens

DEFAULT_THRESHOLD = 85
SCORER_NAME = (
    "weighted word overlap (each word weighted by its rarity across all names, inverse document "
    "frequency; typos and capital initials allowed), at least 86 for a query found in order in "
    "a longer name"
)
#: How much an initial stands for a word ("KHI" for "Kawasaki Heavy Industries").
INITIALS_SIMILARITY = 0.9
#: The floor (and range) of a partial name's score: above the default threshold.
PARTIAL_FLOOR = 86.0
PARTIAL_RANGE = 13.0
#: A reading of a subsidiary's name under another name of its parent scores at most this.
READING_CAP = 98.0
#: The share of a word's rapidfuzz shortfall that a typo costs.
TYPO_COST = 0.5


def _word_cutoff(length: int) -> float:
    """The lowest rapidfuzz ratio at which a word of ``length`` letters counts as a typo of
    another: short words must be exact (one letter of "IHI" is a third of it)."""
    if length <= 3:
        return 100.0
    if length == 4:
        return 85.0
    if length <= 7:
        return 80.0
    return 75.0


@dataclass(frozen=True)
class TokenMatch:
    """How one query word was matched: to which words of the name, how, and what it weighed."""

    query: str
    matched: tuple[str, ...]  # the name's words (several for initials), empty when unmatched
    how: str  # "exact", "typo", "initials" or "unmatched"
    similarity: float
    weight: float


@dataclass(frozen=True)
class Scored:
    score: float
    rule: str  # "overlap" or "partial_name"
    tokens: tuple[TokenMatch, ...]
    unmatched_name_tokens: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class RestrictionHit:
    measure_id: int
    reference: str
    kind: str
    inherited_from: IndexedEntity | None
    clause: str = ""
    basis: str = "listed"
    effective_from_confidence: str = ""
    confidence: str | None = None


@dataclass(frozen=True)
class SubsidiaryRestriction:
    subsidiary: IndexedEntity
    measure_id: int
    reference: str
    kind: str
    in_force: bool


@dataclass(frozen=True)
class Group:
    parent: IndexedEntity | None
    restricted_subsidiaries: list[SubsidiaryRestriction]


@dataclass(frozen=True)
class Match:
    score: float
    entity: IndexedEntity
    name: IndexedName
    query_normalized: str
    scored: Scored
    restrictions: list[RestrictionHit] = field(default_factory=list)
    group: Group = field(default_factory=lambda: Group(None, []))


@dataclass(frozen=True)
class Screening:
    query: str
    normalized: str
    matches: list[Match]


# --- scoring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _QueryWord:
    token: str
    capitals: bool
    similar: dict[str, float]  # index word -> similarity (1.0 for the word itself)
    weight: float


def _query_words(index: NameIndex, query: str) -> list[_QueryWord]:
    words = []
    for token, capitals in query_tokens(query):
        cutoff = _word_cutoff(len(token))
        similar: dict[str, float] = {}
        if token in index.postings:
            similar[token] = 1.0
        if cutoff < 100:
            for other, ratio, _ in process.extract(
                token,
                index.typo_candidates(token),
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=cutoff,
                limit=None,
            ):
                similar.setdefault(other, 1 - TYPO_COST * (1 - ratio / 100))
        if (
            not similar
            and cutoff < 100
            and process.extractOne(
                token, LEGAL_FORM_TOKENS, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff
            )
        ):
            continue
        # The word weighs what the index word it most resembles weighs (the rarer of equals);
        # a word no name contains weighs the most.
        best = max(similar.items(), key=lambda item: (item[1], index.weight(item[0])), default=None)
        weight = index.weight(best[0]) if best else index.unseen_weight
        words.append(_QueryWord(token, capitals, similar, weight))
    return words


def _align(
    words: Sequence[_QueryWord], tokens: Sequence[str], taken: set[int]
) -> list[tuple[int, float] | None]:
    """For each query word, the name word it pairs with (position, similarity) or None:
    heaviest query words choose first, each the most similar free word, leftmost on ties."""
    pairs: list[tuple[int, float] | None] = [None] * len(words)
    order = sorted(range(len(words)), key=lambda i: (-words[i].weight, i))
    for i in order:
        similar = words[i].similar
        best: tuple[int, float] | None = None
        for position, token in enumerate(tokens):
            if position in taken:
                continue
            similarity = similar.get(token)
            if similarity is not None and (best is None or similarity > best[1]):
                best = (position, similarity)
        if best is not None:
            taken.add(best[0])
            pairs[i] = best
    return pairs


def _holds_head(index: NameIndex, tokens: Sequence[str], positions: Sequence[int]) -> bool:
    """Whether the matched positions include the name's first word or one of its rarest."""
    if 0 in positions:
        return True
    heaviest = max(index.weight(token) for token in tokens)
    return any(index.weight(tokens[p]) == heaviest for p in positions)


def _score_reading(
    index: NameIndex,
    words: Sequence[_QueryWord],
    tokens: Sequence[str],
    initials_at: int | None,
    whole: bool,
) -> Scored:
    """Score ``tokens`` (a name's words) against the query, the word at ``initials_at`` (if
    any) read as the initials of the name's leading words."""
    taken: set[int] = set()
    expanded = 0
    if initials_at is not None:
        expanded = len(words[initials_at].token)
        taken.update(range(expanded))
    pairs = _align(
        [w for i, w in enumerate(words) if i != initials_at],
        tokens,
        taken,
    )
    matches: list[TokenMatch] = []
    positions: list[int] = []
    matched = matched_raw = total = 0.0
    others = iter(pairs)
    for i, word in enumerate(words):
        if i == initials_at:
            lead = tuple(tokens[:expanded])
            weight = sum(index.weight(token) for token in lead)
            matches.append(
                TokenMatch(word.token, lead, "initials", INITIALS_SIMILARITY, round(weight, 2))
            )
            matched += INITIALS_SIMILARITY * weight
            matched_raw += weight
            total += weight
            positions.append(0)
            continue
        pair = next(others)
        total += word.weight
        if pair is None:
            matches.append(TokenMatch(word.token, (), "unmatched", 0.0, round(word.weight, 2)))
            continue
        position, similarity = pair
        how = "exact" if similarity == 1.0 else "typo"
        matches.append(TokenMatch(word.token, (tokens[position],), how, similarity, word.weight))
        matched += similarity * word.weight
        matched_raw += word.weight
        positions.append(position)
    unmatched = tuple(
        (token, index.weight(token)) for p, token in enumerate(tokens) if p not in taken
    )
    unmatched_weight = sum(weight for _, weight in unmatched)
    denominator = total + matched_raw + unmatched_weight
    score = 200 * matched / denominator if denominator else 0.0
    rule = "overlap"
    complete = all(m.how != "unmatched" for m in matches)
    in_order = all(a < b for a, b in pairwise(positions))
    if complete and in_order and matched and not whole and _holds_head(index, tokens, positions):
        name_weight = sum(index.weight(token) for token in tokens)
        covered = (name_weight - unmatched_weight) / name_weight
        typo_cost = 100 * (1 - matched / matched_raw)
        partial = min(PARTIAL_FLOOR + PARTIAL_RANGE * covered - typo_cost, 99.0)
        if partial > score:
            score, rule = partial, "partial_name"
    return Scored(round(max(score, 0.0), 1), rule, tuple(matches), unmatched)


def _score(
    index: NameIndex, words: Sequence[_QueryWord], entry: IndexedName, whole: bool
) -> Scored:
    """The best reading of ``entry``: its words as they are, or with a capitalised query word
    read as the initials of its leading words. A subsidiary's name read under its parent's
    other name counts by overlap only: a part of such a reading is too indirect a hit."""
    whole = whole or entry.reading is not None
    best = _score_reading(index, words, entry.tokens, None, whole)
    for i, word in enumerate(words):
        if word.capitals and len(entry.tokens) >= len(word.token):
            lead = "".join(token[0] for token in entry.tokens[: len(word.token)])
            if lead == word.token:
                scored = _score_reading(index, words, entry.tokens, i, whole)
                if scored.score > best.score:
                    best = scored
    if entry.reading is not None and best.score > READING_CAP:
        best = Scored(READING_CAP, best.rule, best.tokens, best.unmatched_name_tokens)
    return best


def _candidates(index: NameIndex, words: Sequence[_QueryWord], threshold: float) -> set[int]:
    """Positions of the names that can reach ``threshold``: those holding one of the query's
    heaviest words (the rest weigh too little for 2R/(W + R) to reach it), and those whose
    leading words a capitalised query word abbreviates."""
    total = sum(word.weight for word in words)
    share = threshold / 100
    rest = total
    candidates: set[int] = set()
    for word in sorted(words, key=lambda w: -w.weight):
        if share > 0 and 2 * rest / (total + rest) < share:
            break
        for token in word.similar:
            candidates.update(index.postings[token])
        rest -= word.weight
    for word in words:
        if word.capitals:
            candidates.update(index.names_with_initials(word.token))
    return candidates


def match_name(
    index: NameIndex, query: str, threshold: float, exclude: Collection[int]
) -> list[tuple[Scored, IndexedName]]:
    words = _query_words(index, query)
    if not words:
        return []
    whole = has_legal_form(query)
    best: dict[int, tuple[Scored, IndexedName, int]] = {}
    total = sum(word.weight for word in words)
    share = threshold / 100
    keys = [(word.weight, word.similar.keys()) for word in words]
    by_initials = any(word.capitals for word in words)
    for position in sorted(_candidates(index, words, threshold)):
        entry = index.names[position]
        if entry.entity_id in exclude:
            continue
        # A cheap bound first: the weight of the query words this name holds at all.
        held = sum(weight for weight, similar in keys if not similar.isdisjoint(entry.tokens))
        if not by_initials and 2 * held < share * (total + held):
            continue
        scored = _score(index, words, entry, whole)
        if scored.score < threshold or scored.score <= 0:
            continue
        current = best.get(entry.entity_id)
        # Prefer the higher score, then a recorded name over a reading, then the entity's own
        # name over an alias, then the first in the index.
        rank = (scored.score, entry.reading is None, entry.matched_on == "name")
        if current is None or rank > (
            current[0].score,
            current[1].reading is None,
            current[1].matched_on == "name",
        ):
            best[entry.entity_id] = (scored, entry, position)
    return [
        (scored, entry)
        for scored, entry, _ in sorted(
            best.values(), key=lambda hit: (-hit[0].score, hit[1].entity_id)
        )
    ]


# --- restrictions and groups -----------------------------------------------------------------


def _lineage(entity: IndexedEntity, index: NameIndex) -> list[IndexedEntity]:
    """The entity, then its parent, grandparent... (a loop in the data stops the walk)."""
    chain: list[IndexedEntity] = []
    seen: set[int] = set()
    current: IndexedEntity | None = entity
    while current is not None and current.id not in seen:
        seen.add(current.id)
        chain.append(current)
        current = index.entities.get(current.parent_id) if current.parent_id else None
    return chain


def _descendants(entity: IndexedEntity, index: NameIndex) -> list[IndexedEntity]:
    """Subsidiaries at any depth, breadth first, in id order within a level."""
    found: list[IndexedEntity] = []
    seen = {entity.id}
    level = [entity.id]
    while level:
        following = []
        for parent_id in level:
            for child_id in index.children.get(parent_id, []):
                if child_id not in seen:
                    seen.add(child_id)
                    found.append(index.entities[child_id])
                    following.append(child_id)
        level = following
    return found


def _restrictions_for(
    entity: IndexedEntity, index: NameIndex, by_entity: dict[int, list[AppliedRestriction]]
) -> list[RestrictionHit]:
    """The restrictions in force on ``entity``: its own, and those listing an ancestor (a
    category rule matches each entity on its own country and category, so it is not
    inherited)."""
    return [
        RestrictionHit(
            r.measure_id,
            r.reference,
            r.kind,
            None if holder is entity else holder,
            r.clause,
            r.basis,
            r.effective_from_confidence,
            r.confidence,
        )
        for holder in _lineage(entity, index)
        for r in by_entity.get(holder.id, [])
        if r.in_force and (holder is entity or r.basis == "listed")
    ]


def _group(
    entity: IndexedEntity, index: NameIndex, by_entity: dict[int, list[AppliedRestriction]]
) -> Group:
    parent = index.entities.get(entity.parent_id) if entity.parent_id else None
    return Group(
        parent,
        [
            SubsidiaryRestriction(child, r.measure_id, r.reference, r.kind, r.in_force)
            for child in _descendants(entity, index)
            for r in by_entity.get(child.id, [])
        ],
    )


def _related(entities: Iterable[IndexedEntity], index: NameIndex) -> set[int]:
    return {
        related.id
        for entity in entities
        for related in (*_lineage(entity, index), *_descendants(entity, index))
    }


def screen_names(
    *,
    names: Sequence[str],
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 10,
    as_of: date,
    exclude: Collection[int] = (),
) -> list[Screening]:
    """Screen each name; results in input order."""
    index = name_index()
    excluded = set(exclude)
    scored = []
    for query in names:
        normalized = " ".join(sorted(token for token, _ in query_tokens(query)))
        hits = match_name(index, query, threshold, excluded)[:limit]
        scored.append((query, normalized, hits))
    matched = [index.entities[entry.entity_id] for _, _, hits in scored for _, entry in hits]
    by_entity = restrictions_on(as_of, _related(matched, index))
    return [
        Screening(
            query,
            normalized,
            [
                Match(
                    score=result.score,
                    entity=index.entities[entry.entity_id],
                    name=entry,
                    query_normalized=normalized,
                    scored=result,
                    restrictions=_restrictions_for(
                        index.entities[entry.entity_id], index, by_entity
                    ),
                    group=_group(index.entities[entry.entity_id], index, by_entity),
                )
                for result, entry in hits
            ],
        )
        for query, normalized, hits in scored
    ]
