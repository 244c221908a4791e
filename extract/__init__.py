"""Text in, typed records out: everything that knows spaCy (and nothing that knows RDF)."""
