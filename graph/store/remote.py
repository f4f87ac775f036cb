"""The remote store: any SPARQL 1.1 endpoint (Oxigraph server, Virtuoso, Fuseki, GraphDB) through SPARQLWrapper.

It answers like the embedded store: rdflib terms, the union of the document graphs as the default graph.

The dataset of every query is given explicitly through the SPARQL 1.1 Protocol (`default-graph-uri` and
`named-graph-uri`, one of each for every graph under https://w3id.org/clausegraph/id/graph/), so the answer
is the same on every server: no server option is needed, other graphs on the server (Virtuoso's system
graphs, other applications' data, the temporary graphs of a write in progress) are never seen. An Oxigraph
server that holds only clausegraph graphs is asked for its union default graph instead, which is the same
union without a lookup per graph (see RemoteStore._dataset).

On an Oxigraph server a graph is replaced by one update request (one transaction there). Elsewhere it is
replaced in three steps: the triples go in batches into a fresh temporary graph (outside the
clausegraph graphs, so no query sees it), the number of triples that arrived is checked, then one update
request moves it over the document's graph (`MOVE <tmp> TO <g>`). A batch that fails, or a count that does
not match, drops the temporary graph and raises StoreError: the document's graph is as it was.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Iterator

from clausegraph.errors import QueryError, StoreError
from clausegraph.graph.store.base import Result, bind, serialize_dataset
from clausegraph.graph.store.terms import converter, datatype_ref
from clausegraph.vocab import CG, ID
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
from SPARQLWrapper.Wrapper import ASK, CONSTRUCT, DESCRIBE, INSERT, POST, SELECT

GRAPH_PREFIX = f"{ID}graph/"
TEMP_PREFIX = f"{ID}tmp/"
EMPTY_GRAPH = f"{ID}tmp/none"  # the default graph of a query over a store with no graphs: never written
STALE_TEMPORARY = 3600.0  # seconds after which a temporary graph is taken for the leftover of a dead write
DEFAULT_BATCH = 500  # triples per INSERT DATA request (Virtuoso 7 refuses about 1,000 and more)
DEFAULT_BATCH_BYTES = 1_000_000  # and at most this many bytes of N-Triples per request
DEFAULT_TIMEOUT = 60.0
BULK_LOAD = 100  # documents written in one ingest after which an Oxigraph server is best restarted
ENV = {
    "endpoint": "CLAUSEGRAPH_ENDPOINT",
    "update_endpoint": "CLAUSEGRAPH_UPDATE_ENDPOINT",
    "user": "CLAUSEGRAPH_ENDPOINT_USER",
    "password": "CLAUSEGRAPH_ENDPOINT_PASSWORD",
    "timeout": "CLAUSEGRAPH_ENDPOINT_TIMEOUT",
    "batch": "CLAUSEGRAPH_BATCH_SIZE",
}


def safe_url(url: str) -> str:
    """The URL as it may be shown: without user name or password."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _first_line(data: bytes | str, limit: int = 200) -> str:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    line = lines[0] if lines else "(no message)"
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _Client(SPARQLWrapper):
    """SPARQLWrapper that sends its requests through the store's own opener (timeouts, basic or digest auth
    answered only when the server asks) instead of the process-wide urllib opener."""

    def __init__(self, endpoint: str, update_endpoint: str, opener: urllib.request.OpenerDirector,
                 timeout: float) -> None:
        super().__init__(endpoint, updateEndpoint=update_endpoint, returnFormat=JSON)
        self._opener = opener
        self._timeout = timeout
        self.setMethod(POST)

    def _query(self):  # type: ignore[no-untyped-def]
        return self._opener.open(self._createRequest(), timeout=self._timeout), self.returnFormat


class RemoteStore:
    """A SPARQL 1.1 endpoint as a clausegraph store; queries see the union of the clausegraph graphs."""

    def __init__(self, endpoint: str, update_endpoint: str | None = None, *, user: str | None = None,
                 password: str | None = None, timeout: float = DEFAULT_TIMEOUT, batch_size: int = DEFAULT_BATCH,
                 batch_bytes: int = DEFAULT_BATCH_BYTES, read_only: bool = False) -> None:
        for url in (endpoint, update_endpoint or endpoint):
            if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise StoreError(f"not an http(s) SPARQL endpoint: {safe_url(url)!r}")
        if batch_size < 1:
            raise StoreError(f"the batch size must be at least 1, not {batch_size}")
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.path = safe_url(endpoint)  # where the store lives, as EmbeddedStore.path (a cache key for the app)
        self.timeout = timeout
        self.batch_size = batch_size
        self.batch_bytes = batch_bytes
        self.read_only = read_only
        self._list_graphs = True  # until the server shows it cannot answer `GRAPH ?g {}`
        self._server: str | None = None  # the Server header the endpoint answers with (see _oxigraph)
        handlers: list[urllib.request.BaseHandler] = []
        if user:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, [self.endpoint, self.update_endpoint], user, password or "")
            handlers += [urllib.request.HTTPBasicAuthHandler(passwords),
                         urllib.request.HTTPDigestAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)

    def __repr__(self) -> str:
        return f"RemoteStore({safe_url(self.endpoint)!r}, {safe_url(self.update_endpoint)!r})"

    # -- HTTP -------------------------------------------------------------------------------------------

    def _request(self, text: str, *, update: bool = False, dataset: list[str] | None = None,
                 accept: str | None = None, union: bool = False) -> tuple[bytes, str, str | None]:
        """Send a query or an update: the body of the answer, its content type and the row limit the server says
        it applied (Virtuoso's X-SPARQL-MaxRows), or StoreError/QueryError."""
        client = _Client(self.endpoint, self.update_endpoint, self._opener, self.timeout)
        client.setQuery(text)
        if update:
            client.queryType = INSERT  # whatever the form (WITH, DELETE WHERE ...): an update request
        elif client.queryType in (CONSTRUCT, DESCRIBE):
            client.setReturnFormat(TURTLE)
        elif client.queryType not in (SELECT, ASK):
            raise QueryError("only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are run here; updates are refused")
        for iri in dataset if dataset is not None else []:
            client.addDefaultGraph(iri)
            client.addNamedGraph(iri)
        if union:
            client.addParameter("union-default-graph", "true")  # Oxigraph server's own parameter
        if accept:
            client.addCustomHttpHeader("Accept", accept)
        url = safe_url(self.update_endpoint if update else self.endpoint)
        what = "update" if update else "query"
        try:
            response = client.query().response
            body = response.read()
            headers = getattr(response, "headers", None) or {}
            self._server = headers.get("Server") or self._server
            return body, headers.get("Content-Type", ""), headers.get("X-SPARQL-MaxRows")
        except urllib.error.HTTPError as exc:
            detail = _first_line(exc.read() or exc.reason or b"")
            if exc.code in (401, 403):
                raise StoreError(f"{url} refused the {what} (HTTP {exc.code}): check CLAUSEGRAPH_ENDPOINT_USER "
                                 "and CLAUSEGRAPH_ENDPOINT_PASSWORD") from None
            if exc.code == 400 and not update:
                raise QueryError(f"malformed SPARQL (the server at {url} says: {detail})") from None
            raise StoreError(f"{url} rejected the {what} (HTTP {exc.code}): {detail}") from None
        except TimeoutError:
            raise StoreError(f"{url} did not answer the {what} within {self.timeout:g} s") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise StoreError(f"{url} did not answer the {what} within {self.timeout:g} s") from None
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {getattr(reason, 'strerror', None) or reason}"
                             ) from None
        except (http.client.HTTPException, ConnectionError, OSError) as exc:
            raise StoreError(f"the connection to {url} failed during the {what}: {exc or type(exc).__name__}"
                             ) from None

    def _json(self, text: str, dataset: list[str] | None = None, union: bool = False) -> tuple[dict, str | None]:
        body, ctype, cut = self._request(text, dataset=dataset, accept="application/sparql-results+json",
                                         union=union)
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise StoreError(f"{safe_url(self.endpoint)} did not answer with SPARQL JSON results "
                             f"({ctype or 'no content type'}): {_first_line(body, 80)}") from None
        if not isinstance(data, dict) or not ("boolean" in data or isinstance(data.get("results"), dict)):
            raise StoreError(f"{safe_url(self.endpoint)} answered JSON that is not a SPARQL result")
        return data, cut

    def _select(self, text: str, dataset: list[str] | None = None, union: bool = False) -> Result:
        data, cut = self._json(text, dataset, union)
        if "boolean" in data:
            return Result(["result"], [[Literal(bool(data["boolean"]))]])
        columns = list(data.get("head", {}).get("vars", []))
        bindings = data["results"].get("bindings")
        if not isinstance(bindings, list):
            raise StoreError(f"{safe_url(self.endpoint)} answered JSON that is not a SPARQL result")
        if cut and cut.strip().isdigit() and len(bindings) >= int(cut):
            raise StoreError(f"{safe_url(self.endpoint)} cut the answer at {int(cut)} rows (Virtuoso: raise "
                             "ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)")
        term = converter(_term, lambda v: tuple(sorted(v.items())) if isinstance(v, dict) else repr(v))
        return Result(columns, [[term(b.get(c)) for c in columns] for b in bindings])

    def _dataset(self) -> tuple[list[str] | None, bool]:
        """(the dataset to send, whether to ask for the union default graph instead).

        The union of the clausegraph graphs is named graph by graph (default-graph-uri, named-graph-uri),
        which any server honours but which costs a lookup per graph and pattern: seconds per query at 1,000
        documents. An Oxigraph server answers the same with its union-default-graph parameter when every
        graph it holds is a clausegraph graph (checked on each query by one ASK, cheap there), so it is
        asked that way; otherwise, and on any other server, the graphs are named."""
        if self._oxigraph():
            foreign = self._select(f'ASK {{ GRAPH ?g {{ }} FILTER(!STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}')
            if foreign.rows == [[Literal(False)]]:
                return None, True
        return self.graphs() or [EMPTY_GRAPH], False

    def after_bulk_load(self, documents: int) -> str | None:
        """Advice after writing this many documents in one go: an Oxigraph server reads a large load from
        RocksDB's write-ahead log and memory tables, about ten times slower, until it restarts (see the
        README's benchmarks). None when there is nothing to advise."""
        if documents < BULK_LOAD or not self._oxigraph():
            return None
        return (f"{documents} documents were written to the Oxigraph server at {safe_url(self.endpoint)}: restart "
                "it to read them at full speed (until then it reads them from its write-ahead log, about ten "
                "times slower)")

    def _oxigraph(self) -> bool:
        """Whether the endpoint is an Oxigraph server (its Server header), asked once."""
        if self._server is None:
            self._request("ASK {}")
            self._server = self._server or ""
        return self._server.lower().startswith("oxigraph")

    # -- the Store interface ----------------------------------------------------------------------------

    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
        """Run a SPARQL query over the union of the clausegraph graphs, values bound as variables."""
        text = bind(sparql, bindings)
        client = SPARQLWrapper(self.endpoint)
        client.setQuery(text)
        dataset, union = self._dataset()
        if client.queryType in (CONSTRUCT, DESCRIBE):
            body, ctype, _ = self._request(text, dataset=dataset, union=union,
                                           accept="application/n-triples, text/turtle;q=0.9")
            fmt = "nt" if "n-triples" in ctype else "turtle"
            try:
                g = Graph().parse(data=body.decode("utf-8"), format=fmt)
            except Exception:  # rdflib raises many kinds of errors for a body that is not RDF
                raise StoreError(f"{safe_url(self.endpoint)} did not answer with RDF "
                                 f"({ctype or 'no content type'}): {_first_line(body, 80)}") from None
            return Result(["subject", "predicate", "object"], [[s, p, o] for s, p, o in g])
        return self._select(text, dataset, union)

    def stream(self, sparql: str, bindings: dict[str, Node] | None = None) \
            -> tuple[list[str], Iterator[list[Node | None]]]:
        """A SELECT's columns and its rows: the server's answer is read whole, then handed over row by row."""
        result = self.query(sparql, bindings)
        return result.columns, iter(result.rows)

    def graphs(self) -> list[str]:
        """The clausegraph graphs on the server (those under https://w3id.org/clausegraph/id/graph/)."""
        return self._graphs_under(GRAPH_PREFIX)

    def _graphs_under(self, prefix: str) -> list[str]:
        """The graphs on the server whose IRI starts with prefix.

        Asked as `GRAPH ?g {}`, which a server answers from its list of graphs (Oxigraph) instead of
        scanning every quad; a server that cannot answer that form (Virtuoso gives an unbound row) is
        asked for the graphs of its quads instead, and remembered as such."""
        if self._list_graphs:
            result = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
            if result.rows and all(isinstance(r[0], URIRef) for r in result.rows):
                return sorted(str(r[0]) for r in result.rows if str(r[0]).startswith(prefix))
            if result.rows:
                self._list_graphs = False
        result = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                              f'FILTER(STRSTARTS(STR(?g), "{prefix}")) }}')
        return sorted(str(r[0]) for r in result.rows if isinstance(r[0], URIRef))

    def sweep_temporary(self, max_age: float = STALE_TEMPORARY) -> int:
        """Remove the temporary graphs that a write interrupted long ago left behind (the server or the
        client died between the batches and the move); queries never see them, but they take space. A
        temporary graph is named after the time its write began; one younger than max_age seconds may
        belong to a write in progress elsewhere and is left alone. Returns how many were removed."""
        self._writable()
        now = time.time_ns()
        removed = 0
        for iri in self._graphs_under(TEMP_PREFIX):
            m = re.fullmatch(r"(\d+)-[0-9a-f]{32}", iri[len(TEMP_PREFIX):])
            if m is not None and now - int(m.group(1)) < max_age * 1e9:
                continue
            self._request(f"DROP SILENT GRAPH {_iri(iri)}", update=True)
            removed += 1
        return removed

    def version(self) -> str:
        """A fingerprint of the clausegraph graphs that changes whenever one is written or removed."""
        result = self._select("SELECT ?g ?h WHERE { GRAPH ?g { ?s <" + str(CG.contentHash) + "> ?h } "
                              f'FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}')
        rows = sorted((str(g), str(h)) for g, h in result.rows)
        return hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()[:16]

    def content_hash(self, graph_iri: str, prop: str = str(CG.contentHash)) -> str | None:
        """The value of a hash property (cg:contentHash by default) held in a named graph."""
        result = self._select(f"SELECT ?v WHERE {{ GRAPH {_iri(graph_iri)} {{ ?s {_iri(prop)} ?v }} }} LIMIT 1")
        return str(result.rows[0][0]) if result.rows and result.rows[0][0] is not None else None

    def update(self, sparql: str) -> None:
        """Send a SPARQL Update as one request."""
        self._writable()
        self._request(sparql, update=True)

    def remove_graph(self, graph_iri: str) -> None:
        self.update(f"DROP SILENT GRAPH {_iri(graph_iri)}")

    def replace_graph(self, graph_iri: str, graph: Graph, then: str = "") -> None:
        """Replace a named graph whole: write a temporary graph in batches, check it, move it over graph_iri,
        check it again, then run the update then (derived data that goes with the graph). On an Oxigraph
        server all of it is one request, one transaction.

        Raises:
            StoreError: a batch, the check or the move failed; graph_iri holds what it held before.
        """
        self._writable()
        target = _iri(graph_iri)
        try:
            lines = _ntriples(graph)
        except Exception as exc:  # rdflib raises a bare Exception for a term it cannot serialise
            raise StoreError(f"cannot write graph {graph_iri}: {exc}") from None
        after = f" ;\n{then}" if then else ""
        if not lines:
            self.update(f"DROP SILENT GRAPH {target}{after}")
            return
        if self._oxigraph():  # one request is one transaction there: no temporary graph needed
            body = "\n".join(lines)
            try:
                self._request(f"DROP SILENT GRAPH {target} ;\nINSERT DATA {{ GRAPH {target} {{\n{body}\n}} }}"
                              f"{after}", update=True)
            except StoreError as exc:
                raise StoreError(f"cannot write graph {graph_iri}: {exc}; the graph is as it was") from None
            return
        temp = _iri(f"{TEMP_PREFIX}{time.time_ns()}-{uuid.uuid4().hex}")  # see sweep_temporary
        batches = list(self._batches(lines))
        try:
            for i, batch in enumerate(batches, 1):
                try:
                    self._request(f"INSERT DATA {{ GRAPH {temp} {{\n{batch}\n}} }}", update=True)
                except StoreError as exc:
                    raise StoreError(f"cannot write graph {graph_iri}: batch {i} of {len(batches)} failed "
                                     f"({exc}); the graph is as it was") from None
            got = self._count(temp)
            if got != len(lines):
                raise StoreError(f"cannot write graph {graph_iri}: the server holds {got} of its {len(lines)} "
                                 "triples after the insert; the graph is as it was")
            before = self._count(target)
            try:
                self._request(f"MOVE SILENT {temp} TO {target}", update=True)
                failure = ""
            except StoreError as exc:
                failure = str(exc)
            # A server that does not run the move as one transaction (Virtuoso commits operation by operation)
            # could leave a part: check, and rather remove the graph than leave half of it visible
            now = self._count(target)
            if failure and now == before:
                raise StoreError(f"cannot write graph {graph_iri}: the final move failed ({failure}); "
                                 "the graph is as it was")
            if failure or now != len(lines):
                self._request(f"DROP SILENT GRAPH {target}", update=True)
                raise StoreError(f"cannot write graph {graph_iri}: the server holds {now} of its {len(lines)} "
                                 f"triples after the move{f' ({failure})' if failure else ''}; the graph was "
                                 "removed rather than left half-written: ingest the document again")
        except StoreError:
            try:
                self._request(f"DROP SILENT GRAPH {temp}", update=True)
            except StoreError:
                pass  # the server is gone; the temporary graph is outside every query's dataset
            raise
        if then:  # after the count check, which an update that adds to this graph would otherwise upset
            try:
                self._request(then, update=True)
            except StoreError as exc:
                raise StoreError(f"wrote graph {graph_iri}, but the update that goes with it failed ({exc}): "
                                 "ingest the document again") from None

    def _count(self, graph: str) -> int:
        """The number of triples in a named graph (graph as <IRI>)."""
        rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}").rows
        if not rows or not isinstance(rows[0][0], Literal) or not str(rows[0][0]).isdigit():
            raise StoreError(f"{safe_url(self.endpoint)} answered a count that is not a number")
        return int(str(rows[0][0]))

    def _batches(self, lines: list[str]) -> Iterable[str]:
        """Lines grouped by at most batch_size triples and batch_bytes bytes; triples with blank nodes all in
        one batch (a blank node label only holds within one INSERT DATA)."""
        blank = [ln for ln in lines if "_:" in ln and _has_bnode(ln)]
        plain = [ln for ln in lines if not ("_:" in ln and _has_bnode(ln))]
        batch: list[str] = []
        size = 0
        for line in plain:
            if batch and (len(batch) >= self.batch_size or size + len(line) > self.batch_bytes):
                yield "\n".join(batch)
                batch, size = [], 0
            batch.append(line)
            size += len(line.encode("utf-8")) + 1
        if batch:
            yield "\n".join(batch)
        if blank:
            yield "\n".join(blank)

    def dataset(self) -> Dataset:
        """An in-memory rdflib Dataset holding every clausegraph graph of the server."""
        ds = Dataset()
        result = self._select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", *self._dataset())
        for g, s, p, o in result.rows:
            if g is not None and s is not None and p is not None and o is not None:
                if isinstance(o, Literal) and o.datatype == XSD.string:
                    o = Literal(str(o))  # as parsed from N-Quads, like the embedded store's dataset
                ds.graph(URIRef(str(g))).add((s, p, o))
        from clausegraph.vocab import PREFIXES

        for prefix, ns in PREFIXES.items():
            ds.bind(prefix, ns)
        return ds

    def dump(self, fmt: str) -> bytes:
        """The whole dataset serialised: nquads or trig keep graphs; turtle is the union; jsonld."""
        return serialize_dataset(self.dataset(), fmt)

    def graph_ntriples(self, graph_iri: str) -> bytes:
        """One named graph as N-Triples, read with one SELECT over that graph."""
        graph = Graph()
        result = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {_iri(graph_iri)} {{ ?s ?p ?o }} }}")
        for s, p, o in result.rows:
            if s is not None and p is not None and o is not None:
                if isinstance(o, Literal) and o.datatype == XSD.string:
                    o = Literal(str(o))
                graph.add((s, p, o))
        return graph.serialize(format="nt").encode("utf-8")

    def snapshot(self) -> None:
        """Nothing to publish: a server shows every write to every reader when it answers."""

    def flush(self) -> None:
        """Nothing to do: every update is committed by the server when it answers."""

    def close(self) -> None:
        self._opener.close()

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {safe_url(self.endpoint)} is opened read-only")


def _iri(iri: str) -> str:
    if re.search(r'[\s<>"{}|^`\\]', iri):
        raise StoreError(f"not a valid IRI: {iri!r}")
    return f"<{iri}>"


def _has_bnode(line: str) -> bool:
    """Whether an N-Triples line has a blank node as subject or object (not just '_:' inside a literal)."""
    return line.startswith("_:") or bool(re.search(r"\s_:\S+\s*\.\s*$", line))


def _ntriples(graph: Graph) -> list[str]:
    """The graph as sorted, distinct N-Triples lines."""
    text = graph.serialize(format="nt")
    return sorted({ln for ln in text.splitlines() if ln.strip()})


def _term(value: object) -> Node | None:
    """A SPARQL JSON result term as the rdflib term the embedded store gives (simple literals as xsd:string)."""
    if value is None:
        return None
    if not isinstance(value, dict) or "value" not in value:
        raise StoreError("the endpoint answered a term that is not SPARQL JSON")
    kind, text = value.get("type"), str(value["value"])
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang") or value.get("lang")
        if lang:
            return Literal(text, lang=lang)
        datatype = value.get("datatype")
        if datatype == str(RDF.langString):
            raise StoreError("the endpoint answered a language string without a language tag")
        return Literal(text, datatype=datatype_ref(datatype) if datatype else XSD.string)
    raise StoreError(f"the endpoint answered a term of an unknown kind: {kind!r}")


def endpoint_from_env(endpoint: str | None = None) -> str | None:
    """The query endpoint: the --endpoint option, else $CLAUSEGRAPH_ENDPOINT, else None (the embedded store)."""
    return endpoint or os.environ.get(ENV["endpoint"]) or None


def open_remote(endpoint: str | None = None, update_endpoint: str | None = None,
                read_only: bool = False) -> RemoteStore:
    """A RemoteStore from options and the environment.

    The update endpoint is the option, else $CLAUSEGRAPH_UPDATE_ENDPOINT, else the query endpoint. Credentials
    come only from $CLAUSEGRAPH_ENDPOINT_USER and $CLAUSEGRAPH_ENDPOINT_PASSWORD (HTTP basic or digest,
    whichever the server asks for); $CLAUSEGRAPH_ENDPOINT_TIMEOUT (seconds) and $CLAUSEGRAPH_BATCH_SIZE
    (triples per INSERT DATA) tune the requests.
    """
    url = endpoint_from_env(endpoint)
    if not url:
        raise StoreError("no SPARQL endpoint: give --endpoint URL or set CLAUSEGRAPH_ENDPOINT")
    update = update_endpoint or os.environ.get(ENV["update_endpoint"]) or url
    try:
        timeout = float(os.environ.get(ENV["timeout"]) or DEFAULT_TIMEOUT)
        batch = int(os.environ.get(ENV["batch"]) or DEFAULT_BATCH)
    except ValueError:
        raise StoreError(f"{ENV['timeout']} and {ENV['batch']} must be numbers") from None
    return RemoteStore(url, update, user=os.environ.get(ENV["user"]) or None,
                       password=os.environ.get(ENV["password"]), timeout=timeout, batch_size=batch,
                       read_only=read_only)
