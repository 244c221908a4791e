"""`newskg serve`: the SPARQL endpoint over HTTP, its worker processes and the query page."""
