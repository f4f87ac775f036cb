# Update: rebuild the entities graph, the one place queries read an entity's type and labels from.
# Every document graph describes the entities it names (type, labels, Wikidata link); the entities
# graph holds one copy of each such triple, so a query over a thousand documents finds an entity's
# type once, not once per document. An entity found by pattern (no gazetteer label) also gets one
# preferred label, chosen from the names printed in every document that mentions it (the longest,
# then the alphabetically first). Derived data: rebuilt whole after an ingest that replaced documents.
# params: none
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX cg: <https://w3id.org/clausegraph/ontology#>
DROP SILENT GRAPH <https://w3id.org/clausegraph/id/graph/entities> ;
INSERT { GRAPH <https://w3id.org/clausegraph/id/graph/entities> { ?e ?p ?o } }
WHERE {
  # the entity types are the ontology's: every class under cg:Entity (ontology/clausegraph.ttl)
  GRAPH <https://w3id.org/clausegraph/id/graph/ontology> { ?class rdfs:subClassOf+ cg:Entity }
  GRAPH ?g { ?e a ?class ; ?p ?o }
  FILTER(?g != <https://w3id.org/clausegraph/id/graph/entities>)
} ;
INSERT { GRAPH <https://w3id.org/clausegraph/id/graph/entities> { ?e skos:prefLabel ?label } }
WHERE {
  {
    SELECT ?e (STRLANG(MIN(STR(?l)), "en") AS ?label) WHERE {
      {
        SELECT ?e (MAX(STRLEN(STR(?x))) AS ?n) WHERE {
          GRAPH ?g { ?e skos:altLabel ?x }
          FILTER NOT EXISTS { GRAPH ?h { ?e skos:prefLabel ?p }
                              FILTER(?h != <https://w3id.org/clausegraph/id/graph/entities>) }
        }
        GROUP BY ?e
      }
      GRAPH ?g2 { ?e skos:altLabel ?l }
      FILTER(STRLEN(STR(?l)) = ?n)
    }
    GROUP BY ?e
  }
}
