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

from newskg.extract.names import is_acronym, normalize_name, slugify
from newskg.extract.records import COARSE_CLASS, DocumentExtraction

# Fine classes that only say "some organization / some place": they agree with any finer one.
GENERIC_CLASSES = frozenset({"Organization", "Place"})

LocalRef = tuple[str, str]  # (document sha256, entity key within the document)


@dataclass(frozen=True)
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


def resolve(extractions: Iterable[DocumentExtraction]) -> Resolution:
    """Merge the per-document entities of `extractions` into resolved entities."""
    classes: dict[LocalRef, str] = {}
    names: dict[LocalRef, tuple[str, ...]] = {}
    canonical: dict[LocalRef, str] = {}
    block: dict[tuple[str, str], list[LocalRef]] = defaultdict(list)
    union = _UnionFind()
    for extraction in sorted(extractions, key=lambda x: x.document.sha256):
        sha = extraction.document.sha256
        for entity in extraction.entities:
            ref = (sha, entity.key)
            union.find(ref)
            classes[ref] = entity.cls
            names[ref] = entity.names
            canonical[ref] = entity.name
            for name in {normalize_name(n) for n in entity.names}:
                if name:
                    block[(entity.coarse, name)].append(ref)
    for refs in block.values():
        refs.sort()
        for i, ref in enumerate(refs):
            # join with the first earlier member whose class agrees; fine classes never conflict
            for other in refs[:i]:
                if _compatible(classes[ref], classes[other]):
                    union.union(ref, other)
                    break

    groups: dict[LocalRef, list[LocalRef]] = defaultdict(list)
    for ref in classes:
        groups[union.find(ref)].append(ref)

    resolved: list[ResolvedEntity] = []
    of: dict[LocalRef, ResolvedEntity] = {}
    used_paths: Counter[str] = Counter()
    drafts = []
    for members in groups.values():
        members.sort()
        label = _choose_label([canonical[m] for m in members])
        cls = _choose_class([classes[m] for m in members])
        aliases = sorted({n for m in members for n in names[m]} - {label})
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


def _choose_label(candidates: list[str]) -> str:
    """The name most documents use first; ties go to the fuller, then the alphabetically first."""
    counts = Counter(candidates)
    full = [c for c in counts if not is_acronym(c)] or list(counts)
    return min(full, key=lambda n: (-counts[n], -len(n.split()), -len(n), n))


def _choose_class(candidates: list[str]) -> str:
    counts = Counter(c for c in candidates if c not in GENERIC_CLASSES) or Counter(candidates)
    return min(counts, key=lambda c: (-counts[c], c))
