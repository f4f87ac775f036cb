"""The model and the annotator's knowledge as data: clausegraph.ttl (OWL), shapes.ttl and rules.ttl (SHACL),
stances.ttl (SKOS stance scheme), entities.ttl (gazetteer), patterns.ttl (word lists and patterns). Read through
clausegraph.resources; adding an actor, a verb or a pattern is a change here, not in code."""
