"""The named SPARQL queries: one query per .rq file (updates in .ru), each with a comment header naming its
parameters and columns. Read through clausegraph.resources by clausegraph.graph.query.named."""
