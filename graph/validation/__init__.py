"""Checking the graph: ontology/shapes.ttl compiled to SPARQL (`core_shapes`) or run by pySHACL (`shacl`),
the consistency rules and the readable report that points at clauses (`validate`), the standard
sh:ValidationReport (`shacl_report`) and the W3C SHACL test suite run against each engine (`w3c_suite`)."""
