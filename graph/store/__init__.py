"""The graph directory on disk (the Oxigraph store, its generations, the record cache) and pushes to other stores."""
