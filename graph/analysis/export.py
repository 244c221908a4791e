"""Export a graph directory to RDF files (with named graphs where the format has them) or to
network files for Gephi and other graph tools."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from rdflib import RDF

from newskg.graph.analysis.network import to_networkx, write_gexf, write_graphml
from newskg.graph.namespace import NKG
from newskg.graph.store.directory import PREFIXES, GraphDir, load_rdflib

RDF_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}
NETWORK_FORMATS = ("graphml", "gexf")
EXPORT_FORMATS = tuple(RDF_FORMATS) + NETWORK_FORMATS
_DATASET_FORMATS = {"trig", "nquads", "jsonld"}
_LOW_CONFIDENCE = """
SELECT DISTINCT ?a ?s ?p ?o WHERE {
  ?a a nkg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; nkg:confidence ?c .
  FILTER (?c < %s)
}"""
_STILL_SUPPORTED = """
ASK { ?a a nkg:Assertion ; rdf:subject %s ; rdf:predicate %s ; rdf:object %s ; nkg:confidence ?c .
      FILTER (?c >= %s) }"""


def export(directory: str | Path, fmt: str, output: str | Path | None = None, *,
           min_confidence: float = 0.0) -> bytes | None:
    """Write the graph of `directory` in `fmt` to `output`, or return it as bytes when
    `output` is None (network formats need a file)."""
    graph_dir = GraphDir(directory)
    if fmt in NETWORK_FORMATS:

        if output is None:
            raise ValueError(f"--format {fmt} writes a file: give --output")
        network = to_networkx(load_rdflib(graph_dir), min_confidence=min_confidence)
        (write_gexf if fmt == "gexf" else write_graphml)(network, output)
        return None
    store = graph_dir.open_store()
    if min_confidence > 0:
        store = _confident_copy(store, min_confidence)
    rdf_format = RDF_FORMATS[fmt]
    if fmt in _DATASET_FORMATS:
        data = store.dump(format=rdf_format, prefixes=PREFIXES if fmt == "trig" else None)
    else:  # a single graph: the union of all named graphs
        union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        data = ox.serialize(union, format=rdf_format, prefixes=PREFIXES if fmt == "turtle" else None)
    if output is None:
        return data
    Path(output).write_bytes(data)
    return None



def _confident_copy(store: ox.Store, min_confidence: float) -> ox.Store:
    """An in-memory copy without the assertions below `min_confidence`, and without the facts
    that no remaining assertion supports."""
    copy = ox.Store()
    copy.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    query = _LOW_CONFIDENCE % min_confidence
    for row in list(copy.query(query, prefixes=dict(PREFIXES, rdf=str(RDF)),
                               use_default_graph_as_union=True)):
        assertion, s, p, o = row["a"], row["s"], row["p"], row["o"]
        for quad in list(copy.quads_for_pattern(assertion, None, None, None)):
            copy.remove(quad)
        still = copy.query(_STILL_SUPPORTED % (s, p, o, min_confidence), prefixes=dict(PREFIXES),
                           use_default_graph_as_union=True)
        if not still:
            # a figure or an event without support goes whole; a relation loses its triple
            whole_node = p.value in {str(NKG.value), str(RDF.type)}
            for quad in list(copy.quads_for_pattern(s, None if whole_node else p, None if whole_node else o, None)):
                copy.remove(quad)
    return copy
