"""networkx analyses of a graph and what is drawn from them: the HTML view, the report and its map, network
exports."""
