"""Custom Doc attributes the newskg components write, registered once under the `nkg_` prefix."""
from __future__ import annotations

from spacy.tokens import Doc

DOC_ATTRIBUTES = (
    "nkg_noise",  # list[tuple[int, int]]: character ranges of page-furniture sentences
    "nkg_entities",  # list[extract.components.coref.Cluster]
    "nkg_acronyms",  # dict[str, str]: acronym -> the name it was defined for
    "nkg_certainty",  # dict[tuple[int, int], int]: entity span -> how sure its class is (1..3)
    "nkg_titled",  # dict[tuple[int, int], str]: span -> its fuller written form ("Mr Blair", "Harlan, Ky.")
    "nkg_groups",  # set[str]: normalized names of the model's groups that may be parties ("tory"; no peoples, faiths)
    "nkg_credits",  # list[extract.credits.Credit]: monitoring credit lines, their city and outlet
    "nkg_relations",  # list[extract.records.Relation]
    "nkg_events",  # list[extract.records.Event]
    "nkg_observations",  # list[extract.records.Observation]
    "nkg_output",  # dict: the document's entities, relations, figures and events as plain data
    "nkg_date",  # ISO date the article was published, set by the caller, for relative periods
)


def register_extensions() -> None:
    for name in DOC_ATTRIBUTES:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
