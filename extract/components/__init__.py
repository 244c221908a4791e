"""spaCy pipeline components of newskg, each registered with `@Language.factory`."""
