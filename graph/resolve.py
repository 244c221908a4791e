"""Cross-document entity resolution: one node per real thing, whatever document names it.

Entities of different documents are the same when they share a normalized name (a label,
an alias or an acronym) and their classes agree. Candidate pairs come from a blocking index
on normalized names, so the cost grows with the number of names, not with its square.
The result is deterministic: the same documents give the same nodes, labels and IRIs in
any order.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from newskg.extract.names import is_acronym, normalize_name, slugify, transliteration_key
from newskg.extract.records import COARSE_CLASS, DocumentExtraction, Entity

# Fine classes that only say "some organization / some place": they agree with any finer one.
GENERIC_CLASSES = frozenset({"Organization", "Place"})

LocalRef = tuple[str, str]  # (document sha256, entity key within the document)


@dataclass(frozen=True, slots=True)
class ResolvedEntity:
    iri_path: str  # e.g. "organization/kim-il-sung-university", relative to the instance base
    cls: str
    label: str
    aliases: tuple[str, ...]
    members: tuple[LocalRef, ...]


@dataclass(frozen=True)
class Resolution:
    entities: tuple[ResolvedEntity, ...]
    of: dict[LocalRef, ResolvedEntity]

    def lookup(self, doc_sha: str, key: str) -> ResolvedEntity | None:
        return self.of.get((doc_sha, key))


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[LocalRef, LocalRef] = {}

    def find(self, x: LocalRef) -> LocalRef:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: LocalRef, b: LocalRef) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller root wins, so the outcome does not depend on the order of unions
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def _compatible(a: str, b: str) -> bool:
    return a == b or (COARSE_CLASS[a] == COARSE_CLASS[b] and (a in GENERIC_CLASSES or b in GENERIC_CLASSES))


@dataclass(frozen=True, slots=True)
class _Local:
    cls: str
    canonical: str
    names: tuple[str, ...]
    certainty: int


def _mergeable(a: _Local, b: _Local, key: tuple[str, str]) -> bool:
    """Whether two entities that share a blocking key are one.

    Names: the classes agree, or one class was only the model's guess and the name is that
    entity's own name ("Orbitalis" guessed a city in one article, "the French company
    Orbitalis" in another). Acronyms: also the full names agree, or one side has none (two
    "MSU"s may be two universities). Transliterations: both are persons.
    """
    kind, value = key
    if kind == "translit":
        return a.cls == b.cls == "Person"
    if kind == "anchor":
        return _compatible(a.cls, b.cls) or COARSE_CLASS[a.cls] == COARSE_CLASS[b.cls] == "Organization"
    same_canonical = normalize_name(a.canonical) == normalize_name(b.canonical)
    acronym = any(is_acronym(n) and normalize_name(n) == value for n in (*a.names, *b.names))
    if acronym and not (is_acronym(a.canonical) or is_acronym(b.canonical) or same_canonical):
        return False
    if _compatible(a.cls, b.cls):
        return True
    weak, strong = sorted((a, b), key=lambda x: x.certainty)
    if weak.certainty == 1 and normalize_name(weak.canonical) == value:
        # the weak side's class was a guess; the other's is surer, or an equal guess of the same name
        return strong.certainty >= 2 or same_canonical
    return False


def _blocking_keys(cls: str, canonical: str, names: tuple[str, ...], anchors: tuple[str, ...] = ()) -> set[tuple[str, str]]:
    """A person is found by the full name (a surname alone would join strangers) and its
    transliteration key; anything else by each of its names and its country anchors."""
    if cls == "Person":
        keys = {("name", normalize_name(canonical))}
        if len(canonical.split()) > 1:
            keys.add(("translit", transliteration_key(canonical)))
        return keys
    return {("name", normalize_name(n)) for n in names if normalize_name(n)} | {("anchor", a) for a in anchors}


def _features(entity: _Local, key: tuple[str, str]) -> tuple:
    """What `_mergeable` reads of an entity for one blocking key: two entities with equal
    features merge with each other and with exactly the same others."""
    kind, value = key
    canonical = normalize_name(entity.canonical)
    if kind != "name":
        return (entity.cls,)
    return (entity.cls, canonical, is_acronym(entity.canonical),
            any(is_acronym(n) and normalize_name(n) == value for n in entity.names),
            entity.certainty, canonical == value)


def _mergeable_features(a: tuple, b: tuple, key: tuple[str, str]) -> bool:
    """`_mergeable` on `_features`."""
    kind, _ = key
    if kind == "translit":
        return a[0] == b[0] == "Person"
    if kind == "anchor":
        return _compatible(a[0], b[0]) or COARSE_CLASS[a[0]] == COARSE_CLASS[b[0]] == "Organization"
    cls_a, canon_a, acr_a, has_acr_a, cert_a, is_value_a = a
    cls_b, canon_b, acr_b, has_acr_b, cert_b, is_value_b = b
    same_canonical = canon_a == canon_b
    if (has_acr_a or has_acr_b) and not (acr_a or acr_b or same_canonical):
        return False
    if _compatible(cls_a, cls_b):
        return True
    (_, weak_cert, weak_is_value), (_, strong_cert, _) = sorted(
        ((0, cert_a, is_value_a), (1, cert_b, is_value_b)), key=lambda x: x[1])
    if weak_cert == 1 and weak_is_value:
        return strong_cert >= 2 or same_canonical
    return False


def _resolve_block(key: tuple[str, str], refs: list[LocalRef], local: dict[LocalRef, _Local],
                   union: _UnionFind) -> None:
    """Union the entities of one block that `_mergeable` joins. Entities with equal features
    are one kind: they all merge, and a kind merges with another wholly or not at all, so
    kinds are compared rather than entities (the same components, at the cost of the number
    of distinct kinds squared, however many entities share a common name). Past
    MAX_BLOCK_KINDS kinds, each is compared with the most frequent MAX_BLOCK_KINDS only."""
    kinds: dict[tuple, list[LocalRef]] = defaultdict(list)
    for ref in refs:
        kinds[_features(local[ref], key)].append(ref)
    ordered = []
    for features, members in kinds.items():
        first = min(members)
        for ref in members:
            union.union(ref, first)
        ordered.append((features, first, len(members)))
    if len(ordered) < 2:
        return
    ordered.sort(key=lambda k: (-k[2], k[1]))  # most frequent first, then a stable order
    hubs = ordered[:MAX_BLOCK_KINDS]
    for i, (features, first, _) in enumerate(ordered):
        for other_features, other_first, _ in hubs[:i] if i < len(hubs) else hubs:
            if _mergeable_features(features, other_features, key):
                union.union(first, other_first)


# Distinct kinds of entity compared pairwise within one block at most; past that (a name
# thousands of unlike entities share) each kind is compared with the first this many only.
MAX_BLOCK_KINDS = 100


def resolve(extractions: Iterable[DocumentExtraction]) -> Resolution:
    """Merge the per-document entities of `extractions` into resolved entities."""
    return resolve_entities((x.document.sha256, x.entities) for x in extractions)


def resolve_entities(documents: Iterable[tuple[str, Iterable[Entity]]]) -> Resolution:
    """`resolve` from (document sha256, its entities) pairs: all resolution needs, so that a
    build can resolve a corpus from a light index instead of whole extractions."""
    local: dict[LocalRef, _Local] = {}
    block: dict[tuple[str, str], list[LocalRef]] = defaultdict(list)
    union = _UnionFind()
    for sha, entities in sorted(documents, key=lambda d: d[0]):
        for entity in entities:
            ref = (sha, entity.key)
            union.find(ref)
            local[ref] = _Local(entity.cls, entity.name, entity.names, entity.certainty)
            for key in _blocking_keys(entity.cls, entity.name, entity.names, entity.anchors):
                block[key].append(ref)
    for key, refs in block.items():
        _resolve_block(key, refs, local, union)

    _join_surnames(local, union)
    groups: dict[LocalRef, list[LocalRef]] = defaultdict(list)
    for ref in local:
        groups[union.find(ref)].append(ref)

    resolved: list[ResolvedEntity] = []
    of: dict[LocalRef, ResolvedEntity] = {}
    used_paths: Counter[str] = Counter()
    drafts = []
    for members in groups.values():
        members.sort()
        label = _choose_label([local[m].canonical for m in members])
        cls = _choose_class([(local[m].cls, local[m].certainty) for m in members])
        aliases = sorted({n for m in members for n in local[m].names} - {label})
        path = f"{COARSE_CLASS[cls].lower()}/{slugify(label)}"
        drafts.append((path, cls, label, aliases, members))
        used_paths[path] += 1
    for path, cls, label, aliases, members in sorted(drafts, key=lambda d: (d[0], d[4])):
        if used_paths[path] > 1:  # two different things with one name: tell them apart stably
            digest = hashlib.sha1("|".join(f"{s}:{k}" for s, k in members).encode()).hexdigest()[:8]
            path = f"{path}-{digest}"
        entity = ResolvedEntity(path, cls, label, tuple(aliases), tuple(members))
        resolved.append(entity)
        for m in members:
            of[m] = entity
    return Resolution(tuple(resolved), of)


def _join_surnames(local: dict[LocalRef, _Local], union: _UnionFind) -> None:
    """A bare surname ("Odhiambo said", "Zhou said") in an article that never gives the full
    name is the one person of the corpus whose full name ends, or for family-name-first names
    begins, so; with two such people it stays apart."""
    people: dict[str, set[LocalRef]] = defaultdict(set)
    for ref, entity in local.items():
        words = normalize_name(entity.canonical).split()
        if entity.cls == "Person" and len(words) > 1:
            for k in range(1, len(words)):
                people[" ".join(words[k:])].add(union.find(ref))
            people[words[0]].add(union.find(ref))
    for ref, entity in local.items():
        surname = normalize_name(entity.canonical)
        if (entity.cls == "Person" or entity.certainty == 1) and surname in people and len(surname.split()) <= 2:
            owners = {union.find(r) for r in people[surname]}
            if len(owners) == 1:
                union.union(ref, owners.pop())


def _choose_label(candidates: list[str]) -> str:
    """The name most documents use first; ties go to the fuller, then the alphabetically first."""
    counts = Counter(candidates)
    full = [c for c in counts if not is_acronym(c)] or list(counts)
    return min(full, key=lambda n: (-counts[n], -len(n.split()), -len(n), n))


def _choose_class(candidates: list[tuple[str, int]]) -> str:
    """The class the surest mentions agree on; a specific class over a generic one."""
    surest = max(certainty for _, certainty in candidates)
    sure = [cls for cls, certainty in candidates if certainty == surest]
    counts = Counter(c for c in sure if c not in GENERIC_CLASSES) or Counter(sure)
    # among equal guesses, not a person: the model calls unknown capitalised names persons
    return min(counts, key=lambda c: (-counts[c], c == "Person", c))
