"""The last component: everything the newskg components found, as plain JSON-like data on
the Doc (`doc._.nkg_output`), which is what records are made from."""
from __future__ import annotations

import dataclasses

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import register_extensions


@Language.component(
    "newskg_output",
    assigns=["doc._.nkg_output"],
    requires=["doc._.nkg_entities", "doc._.nkg_relations", "doc._.nkg_observations"],
)
def package_output(doc: Doc) -> Doc:
    register_extensions()
    doc._.nkg_output = {
        "entities": [
            {"key": c.key, "cls": c.cls, "names": list(c.names), "acronyms": list(c.acronyms),
             "certainty": c.certainty,
             "mentions": [{"text": doc[s:e].text, "start": doc[s].idx, "end": doc[e - 1].idx + len(doc[e - 1].text)}
                          for s, e in c.spans]}
            for c in doc._.nkg_entities or ()
        ],
        "relations": [dataclasses.asdict(r) for r in doc._.nkg_relations or ()],
        "observations": [dataclasses.asdict(o) for o in doc._.nkg_observations or ()],
        "events": [dataclasses.asdict(v) for v in doc._.nkg_events or ()],
    }
    return doc
