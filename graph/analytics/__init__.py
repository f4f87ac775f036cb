"""Networks of the graph: projections of the named queries' rows onto networkx graphs (`projections`) and
the measures over them, centrality, communities, paths and ego networks (`network`)."""
