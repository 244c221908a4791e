"""Documents to a published graph: the build's scratch index, entity resolution, RDF quads with provenance."""
