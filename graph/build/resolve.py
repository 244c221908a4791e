"""Cross-document entity resolution: one node per real thing, whatever document names it.

Entities of different documents are the same when they share a normalized name (a label,
an alias or an acronym) and their classes agree. Candidate pairs come from a blocking index
on normalized names, so the cost grows with the number of names, not with its square.
The result is deterministic: the same documents give the same nodes, labels and IRIs in
any order. Entities, blocks and results are tables of the build's index (`index.py`), read
a block or a component at a time; only the union-find, eight bytes an entity, is in memory.
"""
from __future__ import annotations

import hashlib
import sqlite3
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby

from newskg.extract.given_names import is_given_name, person_gender
from newskg.extract.lexicon import ORG_HEADS
from newskg.extract.names import (
    clipping_key, is_acronym, is_clipping, normalize_name, slugify, transliteration_key)
from newskg.extract.records import COARSE_CLASS, DocumentExtraction, Entity

from newskg.graph.build.index import BuildIndex, pack, unpack

# Fine classes that only say "some organization / some place": they agree with any finer one.
GENERIC_CLASSES = frozenset({"Organization", "Place"})


@dataclass(frozen=True, slots=True)
class ResolvedEntity:
    iri_path: str  # e.g. "organization/kim-il-sung-university", relative to the instance base
    cls: str
    label: str
    aliases: tuple[str, ...]


class Resolution:
    """The resolved entities of an index's documents, read from the index's database."""

    def __init__(self, index: BuildIndex) -> None:
        self.index = index
        self._db = index.db

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM resolved").fetchone()[0]

    def entities(self) -> Iterator[ResolvedEntity]:
        for path, cls, label, aliases in self._db.execute(
                "SELECT path, cls, label, aliases FROM resolved ORDER BY draft, first_sha, first_key"):
            yield ResolvedEntity(path, cls, label, unpack(aliases))

    def in_document(self, sha: str) -> dict[str, str]:
        """Entity key -> IRI path of every entity of one document."""
        return dict(self._db.execute(
            "SELECT l.key, r.path FROM local l JOIN member m ON m.id = l.id JOIN resolved r ON r.root = m.root "
            "WHERE l.sha = ?", (sha,)))


class _UnionFind:
    """Over entity ids 1..n: an array, not a dict, so that a corpus's worth costs 8 bytes each."""

    def __init__(self, n: int) -> None:
        self.parent = array("q", range(n + 1))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
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


def _blocking_keys(cls: str, canonical: str, names: tuple[str, ...], anchors: tuple[str, ...] = ()) -> set[tuple[str, str]]:
    """A person is found by the full name (a surname alone would join strangers) and its
    transliteration key; anything else by each of its names and its country anchors, and an
    organization also by its names' clipping keys ("Lib Dems" meets "Liberal Democrats")."""
    if cls == "Person":
        keys = {("name", normalize_name(canonical))}
        if len(canonical.split()) > 1:
            keys.add(("translit", transliteration_key(canonical)))
        return keys
    keys = {("name", normalize_name(n)) for n in names if normalize_name(n)} | {("anchor", a) for a in anchors}
    if COARSE_CLASS[cls] == "Organization":
        keys |= {("clip", k) for k in map(clipping_key, names) if k}
    return keys


def _features(entity: _Local, key: tuple[str, str]) -> tuple:
    """What `_mergeable` reads of an entity for one blocking key: two entities with equal
    features merge with each other and with exactly the same others. For a name: the class,
    the normalized canonical name, whether that is an acronym, whether the key is one of the
    entity's acronyms, the certainty of the class, whether the key is the canonical name, and
    the gender a person's honorifics give."""
    kind, value = key
    canonical = normalize_name(entity.canonical)
    if kind == "clip":  # the shortest of its names with the key, the one most likely clipped
        return (entity.cls, min((n for n in entity.names if clipping_key(n) == value), key=lambda n: (len(n), n)))
    if kind != "name":
        return (entity.cls,)
    return (entity.cls, canonical, is_acronym(entity.canonical),
            any(is_acronym(n) and normalize_name(n) == value for n in entity.names),
            entity.certainty, canonical == value, _gender(entity))


def _gender(entity: _Local) -> str:
    """ "m" or "f" when a person's honorifics say so ("Mr Kennedy", "Baroness Kennedy"), "" when
    they say nothing or disagree."""
    if entity.cls != "Person":
        return ""
    genders = {g for g in map(person_gender, entity.names) if g}
    return genders.pop() if len(genders) == 1 else ""


def _mergeable(a: tuple, b: tuple, key: tuple[str, str], genders_apart: bool = False) -> bool:
    """Whether two entities (their `_features`) that share a blocking key are one.

    Names: the classes agree, or one class was only the model's guess and the name is that
    entity's own name ("Orbitalis" guessed a city in one article, "the French company
    Orbitalis" in another). Acronyms: also the full names agree, or one side has none (two
    "MSU"s may be two universities). Transliterations: both are persons.
    """
    kind, _ = key
    if kind == "translit":
        return a[0] == b[0] == "Person"
    if kind == "clip":  # "Lib Dem" one article's party, "Liberal Democrats" another's
        return _compatible(a[0], b[0]) and (is_clipping(a[1], b[1]) or is_clipping(b[1], a[1]))
    if kind == "anchor":
        return _compatible(a[0], b[0]) or COARSE_CLASS[a[0]] == COARSE_CLASS[b[0]] == "Organization"
    cls_a, canon_a, acr_a, has_acr_a, cert_a, is_value_a, gender_a = a
    cls_b, canon_b, acr_b, has_acr_b, cert_b, is_value_b, gender_b = b
    if genders_apart and gender_a != gender_b:
        return False  # "Mr Kennedy", "Baroness Kennedy" and a bare "Kennedy": which is whose, only the surname rule says
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


def _resolve_block(key: tuple[str, str], members: list[tuple[int, _Local]], union: _UnionFind) -> None:
    """Union the entities of one block that `_mergeable` joins. Entities with equal features
    are one kind: they all merge, and a kind merges with another wholly or not at all, so
    kinds are compared rather than entities (the same components, at the cost of the number
    of distinct kinds squared, however many entities share a common name). Past
    MAX_BLOCK_KINDS kinds, each is compared with the most frequent MAX_BLOCK_KINDS only."""
    kinds: dict[tuple, list[int]] = defaultdict(list)
    for ref, entity in members:
        kinds[_features(entity, key)].append(ref)
    # a name that a man and a woman both bear in the corpus joins only mentions of one gender
    genders_apart = key[0] == "name" and len({features[-1] for features in kinds if features[-1]}) > 1
    ordered = []
    for features, refs in kinds.items():
        first = min(refs)
        for ref in refs:
            union.union(ref, first)
        ordered.append((features, first, len(refs)))
    if len(ordered) < 2:
        return
    ordered.sort(key=lambda k: (-k[2], k[1]))  # most frequent first, then a stable order
    hubs = ordered[:MAX_BLOCK_KINDS]
    for i, (features, first, _) in enumerate(ordered):
        for other_features, other_first, _ in hubs[:i] if i < len(hubs) else hubs:
            if _mergeable(features, other_features, key, genders_apart):
                union.union(first, other_first)


# Distinct kinds of entity compared pairwise within one block at most; past that (a name
# thousands of unlike entities share) each kind is compared with the first this many only.
MAX_BLOCK_KINDS = 100

_RESOLUTION_SCHEMA = """
DROP TABLE IF EXISTS local; DROP TABLE IF EXISTS block; DROP TABLE IF EXISTS surname;
DROP TABLE IF EXISTS member; DROP TABLE IF EXISTS resolved;
CREATE TABLE local (id INTEGER PRIMARY KEY, sha TEXT, pos INTEGER, key TEXT, cls TEXT, names TEXT,
                    certainty INTEGER, anchors TEXT);
CREATE TABLE block (kind TEXT, value TEXT, id INTEGER);
CREATE TABLE surname (value TEXT, id INTEGER, last INTEGER);
CREATE TABLE member (id INTEGER PRIMARY KEY, root INTEGER);
CREATE TABLE resolved (root INTEGER PRIMARY KEY, draft TEXT, path TEXT, cls TEXT, label TEXT, aliases TEXT,
                       first_sha TEXT, first_key TEXT);
"""


def resolve(extractions: Iterable[DocumentExtraction]) -> Resolution:
    """Merge the per-document entities of `extractions` into resolved entities (in memory)."""
    return resolve_entities((x.document.sha256, x.entities) for x in extractions)


def resolve_entities(documents: Iterable[tuple[str, Iterable[Entity]]]) -> Resolution:
    """`resolve` from (document sha256, its entities) pairs, indexed in memory."""
    index = BuildIndex()
    for sha, entities in documents:
        index.add_entities(sha, entities)
    return resolve_index(index)


def resolve_index(index: BuildIndex) -> Resolution:
    """Resolve the entities of every document of `index`, into tables of its database.

    The same documents give the same result whatever order they were indexed in: entities
    are numbered by document sha256 and key, and read in that order or in the order of the
    documents' own lists.
    """
    db = index.db
    db.executescript(_RESOLUTION_SCHEMA)
    # ids in (document, key) order: ties between equally frequent kinds of a crowded block go
    # to the smallest; a key given twice in one document is one entity, the last one given
    db.execute("INSERT INTO local SELECT ROW_NUMBER() OVER (ORDER BY sha, key), sha, pos, key, cls, names, certainty, "
               "anchors FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY sha, key ORDER BY pos DESC) AS nth "
               "FROM entity) WHERE nth = 1")
    n = db.execute("SELECT COUNT(*) FROM local").fetchone()[0]
    union = _UnionFind(n)
    db.executemany("INSERT INTO block VALUES (?, ?, ?)", (
        (kind, value, ref)
        for ref, cls, names, anchors in db.cursor().execute("SELECT id, cls, names, anchors FROM local")
        for kind, value in _blocking_keys(cls, *_canonical_and_names(names), unpack(anchors))))
    db.execute("CREATE INDEX block_key ON block (kind, value)")
    rows = db.cursor().execute("SELECT b.kind, b.value, l.id, l.cls, l.names, l.certainty FROM block b "
                      "JOIN local l ON l.id = b.id ORDER BY b.kind, b.value, l.id")
    for key, block in groupby(rows, key=lambda row: (row[0], row[1])):
        _resolve_block(key, [(ref, _local(cls, names, certainty)) for _, _, ref, cls, names, certainty in block],
                       union)
    _join_surnames(db, union)
    _write_groups(db, union, n)
    return Resolution(index)


def _canonical_and_names(column: str) -> tuple[str, tuple[str, ...]]:
    names = unpack(column)
    return names[0], names


def _local(cls: str, names: str, certainty: int) -> _Local:
    return _Local(cls, *_canonical_and_names(names), certainty)


def _join_surnames(db: sqlite3.Connection, union: _UnionFind) -> None:
    """A bare surname ("Odhiambo said", "Zhou said") in an article that never gives the full
    name is the one person of the corpus whose full name ends, or for family-name-first names
    begins, so; or the one the corpus names far more often than any other (`_dominant`). Never
    one a "Mrs" or a "Mr" says is someone else, and a first name alone only when one person has it."""
    def people() -> Iterator[tuple[str, int, int]]:
        for ref, names in db.cursor().execute("SELECT id, names FROM local WHERE cls = 'Person' ORDER BY sha, pos"):
            words = normalize_name(unpack(names)[0]).split()
            if len(words) > 1:
                for k in range(1, len(words)):
                    yield " ".join(words[k:]), ref, 1
                yield words[0], ref, 0

    db.executemany("INSERT INTO surname VALUES (?, ?, ?)", people())
    db.execute("CREATE INDEX surname_value ON surname (value)")
    genders: dict[int, set[str]] = defaultdict(set)
    for ref, names in db.cursor().execute("SELECT id, names FROM local WHERE cls = 'Person'"):
        genders[union.find(ref)].update(filter(None, map(person_gender, unpack(names))))
    # a surname joined to its person changes what later surnames see: read in the documents' order
    for ref, names in db.cursor().execute("SELECT id, names FROM local WHERE cls = 'Person' OR certainty = 1 "
                                          "ORDER BY sha, pos"):
        all_names = unpack(names)
        surname = normalize_name(all_names[0])
        if len(surname.split()) > 2:
            continue
        rows = [(union.find(r), last) for r, last in db.execute("SELECT id, last FROM surname WHERE value = ?",
                                                                  (surname,))]
        gender = {g for g in map(person_gender, all_names) if g}
        rows = [(root, last) for root, last in rows if not (gender and genders.get(root) and gender != genders[root])]
        # a surname first: "Blair" is Tony Blair's even where a Blair McDougall is named too
        surnames = Counter(root for root, last in rows if last)
        first_names = Counter(root for root, last in rows if not last)
        owner = _dominant(surnames) if surnames else (next(iter(first_names)) if len(first_names) == 1 else None)
        if owner is not None:
            # what both sides' honorifics said, whichever root the union keeps
            merged = genders.get(owner, set()) | genders.get(union.find(ref), set()) | gender
            union.union(ref, owner)
            genders[union.find(ref)] = merged


# How many times more documents must name one person in full than all the others who share a
# surname for a bare surname to be taken as theirs: "Blair" in a corpus where one Blair is named
# in two hundred articles and two others in six.
SURNAME_DOMINANCE = 10
SURNAME_DOMINANCE_MIN_DOCUMENTS = 5


def _dominant(owners: Counter[int]) -> int | None:
    """The one person a surname points to: the only one, or one the corpus names far more often
    than all the others together; else None."""
    if not owners:
        return None
    (top, top_count), *rest = owners.most_common()
    others = sum(count for _, count in rest)
    if not rest or (top_count >= SURNAME_DOMINANCE_MIN_DOCUMENTS and top_count >= SURNAME_DOMINANCE * others):
        return top
    return None


def _write_groups(db: sqlite3.Connection, union: _UnionFind, n: int) -> None:
    """One resolved entity per component, with its label, class, aliases and IRI path; a path
    two components would share gets a digest of each one's members."""
    db.executemany("INSERT INTO member VALUES (?, ?)", ((ref, union.find(ref)) for ref in range(1, n + 1)))
    db.execute("CREATE INDEX member_root ON member (root)")
    rows = db.cursor().execute("SELECT m.root, l.sha, l.key, l.cls, l.names, l.certainty FROM member m "
                      "JOIN local l ON l.id = m.id ORDER BY m.root, l.sha, l.key")

    def drafts() -> Iterator[tuple]:
        for root, group in groupby(rows, key=lambda row: row[0]):
            members = [(sha, key, cls, unpack(names), certainty) for _, sha, key, cls, names, certainty in group]
            label = _choose_label([names[0] for *_, names, _ in members])
            cls = _choose_class(_class_votes(members))
            aliases = sorted({name for *_, names, _ in members for name in names} - {label})
            digest = hashlib.sha1("|".join(f"{sha}:{key}" for sha, key, *_ in members).encode()).hexdigest()[:8]
            draft = f"{COARSE_CLASS[cls].lower()}/{slugify(label)}"
            yield root, draft, digest, cls, label, pack(aliases), members[0][0], members[0][1]

    db.execute("CREATE TEMP TABLE draft (root INTEGER, draft TEXT, digest TEXT, cls TEXT, label TEXT, aliases TEXT, "
               "first_sha TEXT, first_key TEXT)")
    db.executemany("INSERT INTO draft VALUES (?, ?, ?, ?, ?, ?, ?, ?)", drafts())
    # two different things with one name: told apart stably
    db.execute("INSERT INTO resolved SELECT root, draft, CASE WHEN COUNT(*) OVER (PARTITION BY draft) > 1 "
               "THEN draft || '-' || digest ELSE draft END, cls, label, aliases, first_sha, first_key FROM draft")
    db.execute("DROP TABLE draft")
    db.execute("CREATE INDEX local_sha ON local (sha)")


def _class_votes(members: list[tuple]) -> list[tuple[str, int]]:
    """Each member's (class, certainty); a bare surname (or first name) the model guessed an
    organization ("Stone said") that joined a person's full name ("Lucy Stone") votes as the
    person it is, unless more documents guess it than full names speak for it: "Labour" in 150
    articles is not two "Labour MP" persons' surname. A full name that opens with a census
    first name speaks for a few guesses ("Robert Bernero, chief of …" for "Bernero said" in two
    other articles); one the model took for a person ("Sale Sharks", "Unison Dave Prentis") for one."""
    vouchers: Counter[str] = Counter()
    for _, _, cls, names, _ in members:
        words = normalize_name(names[0]).split()
        if cls != "Person" or len(words) < 2:
            continue
        weight = SURNAME_GUESSES_PER_FULL_NAME if is_given_name(words[0]) else 1
        for part in {words[0], *(" ".join(words[k:]) for k in range(1, len(words)))}:
            if part not in ORG_HEADS:  # the model's person "X Kelda Trust" vouches for no "Trust"
                vouchers[part] += weight
    guessed = [normalize_name(names[0]) if cls != "Person" and certainty < 3 else None
               for _, _, cls, names, certainty in members]
    guesses = Counter(name for name in guessed if name is not None)
    return [("Person" if name is not None and guesses[name] <= vouchers[name] else cls, certainty)
            for name, (_, _, cls, _, certainty) in zip(guessed, members)]


def _choose_label(candidates: list[str]) -> str:
    """The name most documents use first; ties go to the fuller, then the alphabetically first."""
    counts = Counter(candidates)
    full = [c for c in counts if not is_acronym(c)] or list(counts)
    return min(full, key=lambda n: (-counts[n], -len(n.split()), -len(n), n))


def _choose_class(candidates: list[tuple[str, int]]) -> str:
    """The class the corpus votes for: each document's mention votes with the weight of its
    certainty, so one rule's guess does not outvote a hundred documents ("Labour territory"
    against "Labour" the party everywhere else), while a known name decides. The coarse class
    is voted first, then a specific class over a generic one within it."""
    votes: Counter[str] = Counter()
    for cls, certainty in candidates:
        votes[cls] += CLASS_VOTE_WEIGHT.get(certainty, 1)
    coarse: Counter[str] = Counter()
    for cls, weight in votes.items():
        coarse[COARSE_CLASS[cls]] += weight
    # among equal votes, not a person: the model calls unknown capitalised names persons
    winner = min(coarse, key=lambda c: (-coarse[c], c == "Person", c))
    # a generic class says less than a specific one, but many votes for it outweigh a few
    # against: a party is an "Organization" in most articles and a "Company" in one
    within = {cls: weight / GENERIC_DISCOUNT if cls in GENERIC_CLASSES else weight
              for cls, weight in votes.items() if COARSE_CLASS[cls] == winner}
    return min(within, key=lambda c: (-within[c], c in GENERIC_CLASSES, c))


# How many documents' guesses of a bare surname a full name that opens with a first name speaks for.
SURNAME_GUESSES_PER_FULL_NAME = 3
# The vote of one document's mention by how its class was decided: a model's guess, a rule or
# context, a known name. A known name outweighs any number of guesses in a corpus of news.
CLASS_VOTE_WEIGHT = {1: 1, 2: 3, 3: 1000}
GENERIC_DISCOUNT = 3
