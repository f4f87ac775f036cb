# Update: give every entity found by pattern (no gazetteer label) one preferred label, chosen from the
# names printed in every document that mentions it (the longest, then the alphabetically first), in
# the entities graph. The entities graph is derived data: it is rebuilt whole after each ingest.
# params: none
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DROP SILENT GRAPH <https://w3id.org/clausegraph/id/graph/entities> ;
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
