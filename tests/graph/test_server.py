"""`newskg serve`, started as a real process on a free loopback port and spoken to by real
clients: SPARQLWrapper, curl and rdflib's SPARQLStore.

Three servers run on the seed graph: `server` (read-only, a short --timeout), `capped`
(--max-rows 5 and --allow-update, on its own copy) and, per test, one on a copy that a
build changes while it answers.
"""
from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote
from xml.dom.minidom import Document as XmlDocument

import pytest
from click.testing import CliRunner
from rdflib import Graph, Namespace, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from newskg.graph.cli import cli
from newskg.graph.serve.page import render_page, yasgui_available
from newskg.graph.query import saved_queries
from newskg.graph.store.directory import PREFIXES

NKG = Namespace(PREFIXES["nkg"])
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
ONTOLOGY = "https://w3id.org/newskg/ontology"
FACTS = "https://w3id.org/newskg/id/graph/facts"
PEOPLE = "SELECT ?name WHERE { ?p a nkg:Person ; rdfs:label ?name } ORDER BY ?name"
LEADS = "PREFIX nkg: <https://w3id.org/newskg/ontology#> CONSTRUCT WHERE { ?p nkg:leaderOf ?o }"
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


# -- starting servers and talking curl ---------------------------------------------------------

@dataclass
class Running:
    """A `newskg serve` subprocess: its base URL, update token and what it printed."""

    process: subprocess.Popen
    url: str = ""
    token: str | None = None
    stderr: list[str] = field(default_factory=list)

    @property
    def endpoint(self) -> str:
        return self.url + "sparql"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_server(directory: Path, *args: str, ready_within: float = 90.0) -> Running:
    """Start `newskg serve DIRECTORY --port 0 ARGS…` and wait until a query is answered."""
    command = [sys.executable, "-m", "newskg.graph.cli", "serve", str(directory), "--port", "0", *args]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    running = Running(process)
    started = threading.Event()

    def read() -> None:
        for line in process.stderr:
            running.stderr.append(line)
            match = re.search(r"serving .* at (http://\S+/) ", line)
            if match:
                running.url = match.group(1)
                if "--allow-update" not in args:
                    started.set()
            match = re.search(r"Authorization: Bearer (\S+)", line)
            if match:
                running.token = match.group(1)
                started.set()

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + ready_within
    if not started.wait(ready_within):
        running.stop()
        raise AssertionError(f"newskg serve did not start: {''.join(running.stderr)}")
    while time.monotonic() < deadline:  # until the query workers answer
        try:
            with urllib.request.urlopen(running.endpoint + "?query=ASK%7B%7D", timeout=10) as response:
                if response.status == 200:
                    return running
        except OSError:
            time.sleep(0.2)
    running.stop()
    raise AssertionError(f"newskg serve answered no query: {''.join(running.stderr)}")


@dataclass
class CurlAnswer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def curl(*args: str) -> CurlAnswer:
    """Run curl with headers and body on stdout, and split its answer."""
    done = subprocess.run(["curl", "--silent", "--show-error", "--include", *args], capture_output=True, check=True,
                          timeout=120)
    raw = done.stdout
    while True:
        head, _, raw = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        if status != 100:
            break
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return CurlAnswer(status, headers, raw)


def get(server: Running, query: str, *args: str) -> CurlAnswer:
    return curl("--get", server.endpoint, "--data-urlencode", f"query={query}", *args)


# -- fixtures -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, nlp) -> Path:
    from newskg.graph.build.pipeline import build

    out = tmp_path_factory.mktemp("serve") / "kg"
    build([str(seeds_dir)], out, nlp=nlp)
    return out


def _copy(kg: Path, target: Path) -> Path:
    shutil.copytree(kg, target, symlinks=True)
    return target


@pytest.fixture(scope="module")
def server(kg: Path):
    running = start_server(kg, "--timeout", "3", "--workers", "2")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def capped(kg: Path, tmp_path_factory: pytest.TempPathFactory):
    directory = _copy(kg, tmp_path_factory.mktemp("capped") / "kg")
    running = start_server(directory, "--max-rows", "5", "--allow-update", "--workers", "2")
    yield running
    running.stop()


def sparqlwrapper(server: Running, query: str, fmt: str):
    client = SPARQLWrapper(server.endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client.query()


# -- the protocol, through SPARQLWrapper ---------------------------------------------------------

def test_select_as_json_through_sparqlwrapper(server: Running) -> None:
    data = sparqlwrapper(server, PEOPLE, JSON).convert()
    names = [row["name"]["value"] for row in data["results"]["bindings"]]
    assert data["head"]["vars"] == ["name"]
    assert "Vladimir Putin" in names and names == sorted(names)


def test_select_as_xml_through_sparqlwrapper(server: Running) -> None:
    document = sparqlwrapper(server, PEOPLE, XML).convert()
    assert isinstance(document, XmlDocument)
    names = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert "Vladimir Putin" in names


@pytest.mark.parametrize("fmt, separator", [(CSV, ","), (TSV, "\t")])
def test_select_as_csv_and_tsv_through_sparqlwrapper(server: Running, fmt: str, separator: str) -> None:
    query = "SELECT ?name ?org WHERE { ?p nkg:leaderOf ?o . ?p rdfs:label ?name . ?o rdfs:label ?org } ORDER BY ?name"
    text = sparqlwrapper(server, query, fmt).convert().decode("utf-8")
    lines = text.strip().splitlines()
    assert lines[0].split(separator) == (["name", "org"] if fmt == CSV else ["?name", "?org"])
    assert len(lines) == 7
    assert any("Kim Sung Chan" in line and "Kim Il Sung University" in line for line in lines)


@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, JSONLD])
def test_construct_through_sparqlwrapper(server: Running, fmt: str) -> None:
    converted = sparqlwrapper(server, LEADS, fmt).convert()
    graph = converted if isinstance(converted, Graph) else Graph().parse(data=converted, format="turtle")
    assert len(graph) == 6
    assert (URIRef("https://w3id.org/newskg/id/person/vladimir-putin"), NKG.leaderOf,
            URIRef("https://w3id.org/newskg/id/place/russia")) in graph


def test_ask_through_sparqlwrapper(server: Running) -> None:
    assert sparqlwrapper(server, "ASK { ?p nkg:leaderOf ?o }", JSON).convert()["boolean"] is True
    assert sparqlwrapper(server, "ASK { ?p nkg:leaderOf ?p }", JSON).convert()["boolean"] is False


# -- every format by Accept and by parameter, through curl ----------------------------------------

@pytest.mark.parametrize("accept, media_type", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
])
def test_select_by_accept(server: Running, accept: str, media_type: str) -> None:
    answer = get(server, PEOPLE, "-H", f"Accept: {accept}")
    assert answer.status == 200
    assert answer.headers["content-type"].split(";")[0] == media_type
    assert "Vladimir Putin" in answer.text


@pytest.mark.parametrize("fmt, media_type", [("json", "application/sparql-results+json"),
                                             ("xml", "application/sparql-results+xml"), ("csv", "text/csv"),
                                             ("tsv", "text/tab-separated-values")])
def test_select_by_format_parameter(server: Running, fmt: str, media_type: str) -> None:
    answer = get(server, PEOPLE, "--data-urlencode", f"format={fmt}", "-H", "Accept: text/csv")
    assert answer.status == 200 and answer.headers["content-type"].startswith(media_type)


@pytest.mark.parametrize("accept, expected", [
    ("application/sparql-results+json", b'"boolean":true'), ("application/sparql-results+xml", b"<boolean>true"),
    ("text/csv", b"true"), ("text/tab-separated-values", b"true")])
def test_ask_in_every_format(server: Running, accept: str, expected: bytes) -> None:
    answer = get(server, "ASK { ?p nkg:leaderOf ?o }", "-H", f"Accept: {accept}")
    assert answer.status == 200 and expected in answer.body


@pytest.mark.parametrize("accept, rdflib_format", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                   ("application/ld+json", "json-ld"),
                                                   ("application/rdf+xml", "xml")])
def test_construct_and_describe_in_every_format(server: Running, accept: str, rdflib_format: str) -> None:
    answer = get(server, LEADS, "-H", f"Accept: {accept}")
    assert answer.status == 200 and answer.headers["content-type"].startswith(accept)
    assert len(Graph().parse(data=answer.body, format=rdflib_format)) == 6
    described = get(server, "DESCRIBE <https://w3id.org/newskg/id/person/vladimir-putin>", "-H", f"Accept: {accept}")
    graph = Graph().parse(data=described.body, format=rdflib_format)
    assert (URIRef("https://w3id.org/newskg/id/person/vladimir-putin"), NKG.leaderOf, None) in graph


def test_a_format_that_does_not_fit_is_refused_with_406(server: Running) -> None:
    answer = get(server, LEADS, "-H", "Accept: text/csv")
    assert answer.status == 406 and "text/turtle" in answer.text


def test_post_a_query_directly_and_as_a_form(server: Running) -> None:
    direct = curl(server.endpoint, "-H", "Content-Type: application/sparql-query", "-H", "Accept: text/csv",
                  "--data-binary", PEOPLE)
    form = curl(server.endpoint, "-H", "Accept: text/csv", "--data-urlencode", f"query={PEOPLE}")
    assert direct.status == form.status == 200
    assert direct.body == form.body and b"Vladimir Putin" in direct.body


def test_post_of_another_media_type_is_refused_with_415(server: Running) -> None:
    answer = curl(server.endpoint, "-H", "Content-Type: text/plain", "--data-binary", PEOPLE)
    assert answer.status == 415 and "application/sparql-query" in answer.text


# -- rdflib's SPARQLStore ---------------------------------------------------------------------

def test_rdflib_sparqlstore(server: Running) -> None:
    graph = Graph(store=SPARQLStore(query_endpoint=server.endpoint))
    rows = list(graph.query("PREFIX nkg: <https://w3id.org/newskg/ontology#> "
                            "SELECT ?o WHERE { <https://w3id.org/newskg/id/person/vladimir-putin> nkg:leaderOf ?o }"))
    assert [str(row[0]) for row in rows] == ["https://w3id.org/newskg/id/place/russia"]
    assert graph.query("PREFIX nkg: <https://w3id.org/newskg/ontology#> ASK { ?p nkg:visited ?o }").askAnswer is True
    constructed = graph.query(LEADS).graph
    assert len(constructed) == 6


# -- named graphs -----------------------------------------------------------------------------

def _csv_column(answer: CurlAnswer) -> list[str]:
    assert answer.status == 200, answer.text
    return answer.text.splitlines()[1:]


def test_the_default_graph_is_the_union_and_each_document_has_its_graph(server: Running, kg: Path) -> None:
    graphs = _csv_column(get(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
                             "-H", "Accept: text/csv"))
    documents = [d for d in graphs if "/doc/" in d]
    assert len(documents) == 3 and FACTS in graphs and ONTOLOGY in graphs
    # the union: a document (in its own graph) and the facts (in the facts graph) in one pattern
    both = get(server, "SELECT ?doc WHERE { ?doc a nkg:Document ; nkg:mentions ?e . ?e nkg:leaderOf ?o } LIMIT 1",
               "-H", "Accept: text/csv")
    assert len(_csv_column(both)) == 1


def test_graph_and_from_named_reach_one_document(server: Running) -> None:
    graphs = _csv_column(get(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a nkg:Document } } ORDER BY ?g",
                             "-H", "Accept: text/csv"))
    first = graphs[0]
    in_graph = _csv_column(get(server, f"SELECT ?d WHERE {{ GRAPH <{first}> {{ ?d a nkg:Document }} }}",
                               "-H", "Accept: text/csv"))
    assert in_graph == [first]
    named = _csv_column(get(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }".replace(
        "WHERE", f"FROM NAMED <{first}> WHERE"), "-H", "Accept: text/csv"))
    assert named == [first]
    by_protocol = _csv_column(curl("--get", server.endpoint, "--data-urlencode",
                                   "query=SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                   "--data-urlencode", f"named-graph-uri={first}", "-H", "Accept: text/csv"))
    assert by_protocol == [first]


def test_from_makes_the_default_graph_what_it_names(server: Running) -> None:
    only_ontology = _csv_column(get(server, f"SELECT ?name FROM <{ONTOLOGY}> WHERE {{ ?p a nkg:Person ; "
                                            "rdfs:label ?name }", "-H", "Accept: text/csv"))
    assert only_ontology == []
    classes = _csv_column(get(server, f"SELECT ?c FROM <{ONTOLOGY}> WHERE {{ ?c rdfs:subClassOf nkg:Organization }}",
                              "-H", "Accept: text/csv"))
    assert "https://w3id.org/newskg/ontology#University" in classes
    facts = _csv_column(curl("--get", server.endpoint, "--data-urlencode",
                             "query=SELECT ?o WHERE { ?p nkg:leaderOf ?o }",
                             "--data-urlencode", f"default-graph-uri={FACTS}", "-H", "Accept: text/csv"))
    assert len(facts) == 6


# -- the service description, health, CORS, the page ---------------------------------------------

def test_service_description(server: Running) -> None:
    answer = curl(server.endpoint)
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/turtle")
    description = Graph().parse(data=answer.body, format="turtle")
    service = description.value(predicate=SD.endpoint, object=URIRef(server.endpoint))
    assert service is not None
    assert (service, SD.feature, SD.UnionDefaultGraph) in description
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in description
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in description
    formats = {str(f).rsplit("/", 1)[1] for f in description.objects(service, SD.resultFormat)}
    assert formats == {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                       "Turtle", "N-Triples", "JSON-LD", "RDF_XML"}
    names = {str(n) for n in description.objects(None, SD.name)}
    assert FACTS in names and ONTOLOGY in names and sum("/doc/" in n for n in names) == 3
    as_json_ld = curl(server.endpoint, "-H", "Accept: application/ld+json")
    assert as_json_ld.status == 200 and len(Graph().parse(data=as_json_ld.body, format="json-ld")) == len(description)


def test_health(server: Running, kg: Path) -> None:
    answer = curl(server.url + "health")
    assert answer.status == 200 and answer.headers["content-type"] == "application/json"
    health = json.loads(answer.body)
    assert health["ok"] is True and health["documents"] == 3 and health["quads"] > 1000
    assert health["generation"] == (kg / "current").resolve().name


def test_cors_headers_and_preflight(server: Running) -> None:
    answer = get(server, "ASK {}", "-H", "Origin: http://tools.example")
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "x-newskg-truncated" in answer.headers["access-control-expose-headers"].lower()
    preflight = curl("-X", "OPTIONS", server.endpoint, "-H", "Origin: http://tools.example",
                     "-H", "Access-Control-Request-Method: POST",
                     "-H", "Access-Control-Request-Headers: content-type, authorization")
    assert preflight.status == 204
    assert "POST" in preflight.headers["access-control-allow-methods"]
    allowed = preflight.headers["access-control-allow-headers"].lower()
    assert "content-type" in allowed and "authorization" not in allowed  # no credentials from any page


def _raw_exchange(server: Running, data: bytes, answers: int, bodiless: tuple[int, ...] = ()
                  ) -> list[tuple[int, dict[str, str], bytes]]:
    """Send bytes as they are on one connection and read `answers` answers back (those at the
    positions in `bodiless`, answers to HEAD, have no body whatever their length says)."""
    host, port = server.url.split("//")[1].rstrip("/").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(data)
        buffer, read = b"", []
        for position in range(answers):
            while b"\r\n\r\n" not in buffer:
                chunk = sock.recv(65536)
                assert chunk, f"the server closed the connection after {len(read)} answers"
                buffer += chunk
            head, _, buffer = buffer.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
            size = 0 if position in bodiless else int(headers["content-length"])
            while len(buffer) < size:
                chunk = sock.recv(65536)
                assert chunk, "the server closed the connection in the middle of an answer"
                buffer += chunk
            read.append((int(lines[0].split()[1]), headers, buffer[:size]))
            buffer = buffer[size:]
        closed = sock.recv(1) == b"" if read and read[-1][1].get("connection") == "close" else None
    assert closed in (None, True)
    return read


def test_pipelined_requests_on_one_connection_are_answered_in_order(server: Running) -> None:
    ask = "query=" + quote("ASK { ?p a nkg:Person }")
    people = quote(PEOPLE)
    data = (f"POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(ask)}\r\n\r\n{ask}"
            f"GET /sparql?query={people}&format=csv HTTP/1.1\r\nHost: t\r\n\r\n"
            f"HEAD /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").encode()
    (s1, h1, b1), (s2, h2, b2), (s3, h3, b3) = _raw_exchange(server, data, 3, bodiless=(2,))
    assert s1 == 200 and json.loads(b1)["boolean"] is True
    assert s2 == 200 and h2["content-type"].startswith("text/csv") and "Vladimir Putin" in b2.decode()
    assert s3 == 200 and b3 == b"" and int(h3["content-length"]) > 0 and h3["connection"] == "close"


def test_a_malformed_request_is_answered_400_and_its_connection_closed(server: Running) -> None:
    [(status, headers, body)] = _raw_exchange(server, b"GET /sparql HTTP/1.1\r\nthis is no header\r\n\r\n", 1)
    assert status == 400 and "Invalid header" in body.decode() and headers["connection"] == "close"  # llhttp's reason
    [(status, _, body)] = _raw_exchange(server, b"DELETE /sparql HTTP/1.1\r\nHost: t\r\n\r\n", 1)
    assert status == 501 and "DELETE" in body.decode()
    # an unreadable request after a HEAD on the same connection still gets its body
    [_, (status, headers, body)] = _raw_exchange(
        server, b"HEAD /health HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/9.9\r\n\r\n", 2, bodiless=(0,))
    assert status == 505 and b"HTTP/9.9" in body and headers["connection"] == "close"


@pytest.mark.parametrize("when", ["once it answers", "while its workers start"])
def test_workers_end_when_the_server_is_killed_outright(kg: Path, when: str) -> None:
    if when == "once it answers":
        running = start_server(kg, "--workers", "2", "--quiet")
        process, url = running.process, running.url
    else:  # as soon as its first worker process exists, while that one is still importing
        process = subprocess.Popen([sys.executable, "-m", "newskg.graph.cli", "serve", str(kg), "--port", "0",
                                    "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        url = next(match.group(1) for line in process.stderr
                   if (match := re.search(r"serving .* at (http://\S+/) ", line)))
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        deadline = time.monotonic() + 30
        while not children.read_text().split() and time.monotonic() < deadline:
            time.sleep(0.005)
    host, port = url.split("//")[1].rstrip("/").rsplit(":", 1)
    process.kill()  # SIGKILL: the server cannot stop its workers itself
    process.wait(10)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
        except OSError:
            return  # nobody accepts on the port any more
        time.sleep(0.2)
    raise AssertionError("the workers went on accepting connections after their server was killed")


def test_the_query_page(server: Running) -> None:
    answer = curl(server.url)
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/html")
    page = answer.text
    for prefix, iri in PREFIXES.items():
        assert f"PREFIX {prefix}: &lt;{iri}&gt;" in page
    for saved in saved_queries().values():
        assert saved.title.replace("'", "&#x27;") in page
    references = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert references and all("//" not in ref for ref in references), references
    if yasgui_available():
        assert 'src="assets/yasgui.min.js"' in page
        for asset in ("yasgui.min.js", "yasgui.min.css"):
            served = curl(server.url + "assets/" + asset)
            assert served.status == 200 and len(served.body) > 10_000
    else:
        assert "make assets" in page and 'id="query"' in page


def test_the_page_without_the_editor_is_a_plain_form(tmp_path: Path) -> None:
    page = render_page(saved=saved_queries().values(), prefixes=PREFIXES, info={"documents": 3},
                       assets_dir=tmp_path)
    assert "yasgui.min.js" not in page and "make assets" in page
    assert '<form id="plain" method="get" action="sparql">' in page and "PREFIX nkg: &lt;" in page


def test_the_page_with_the_editor_refers_to_local_files_only(tmp_path: Path) -> None:
    for name in ("yasgui.min.js", "yasgui.min.css"):
        (tmp_path / name).write_text("/* stand-in */")
    page = render_page(saved=saved_queries().values(), prefixes=PREFIXES, info={}, assets_dir=tmp_path)
    assert '<script src="assets/yasgui.min.js"></script>' in page
    assert '<link rel="stylesheet" href="assets/yasgui.min.css">' in page
    assert "make assets" not in page
    assert all("//" not in ref for ref in re.findall(r'(?:src|href)="([^"]*)"', page))


def test_assets_outside_the_folder_are_not_served(server: Running) -> None:
    assert curl(server.url + "assets/..%2Fserver.py").status == 404
    assert curl("--path-as-is", server.url + "assets/../server.py").status == 404
    assert curl(server.url + "nowhere").status == 404


# -- refusals and limits -----------------------------------------------------------------------

def test_an_update_is_refused_with_403(server: Running) -> None:
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> 'c' }"
    as_form = curl(server.endpoint, "--data-urlencode", f"update={update}")
    direct = curl(server.endpoint, "-H", "Content-Type: application/sparql-update", "--data-binary", update)
    for answer in (as_form, direct):
        assert answer.status == 403 and "read-only" in answer.text and "--allow-update" in answer.text
    client = SPARQLWrapper(server.endpoint)
    client.setMethod(POST)
    client.setQuery(update)
    with pytest.raises(Exception, match="403"):
        client.query()
    assert "false" in get(server, "ASK { ?s <http://example.org/b> ?o }", "-H", "Accept: text/csv").text


def test_an_update_sent_as_a_query_says_so(server: Running) -> None:
    answer = get(server, "INSERT DATA { <http://example.org/a> <http://example.org/b> 'c' }")
    assert answer.status == 400 and "update=" in answer.text


def test_a_malformed_query_answers_400_with_the_parsers_message(server: Running) -> None:
    answer = get(server, "SELECT ?s WHERE { ?s ?p ")
    assert answer.status == 400
    assert answer.text.startswith("malformed SPARQL query: error at 1:")
    client = SPARQLWrapper(server.endpoint)
    client.setQuery("SELECT ?s WHERE { ?s ?p ")
    with pytest.raises(Exception, match="(?i)bad|malformed|400"):
        client.query()


def test_federated_queries_are_refused(server: Running) -> None:
    answer = get(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert answer.status == 400 and "SERVICE" in answer.text


def test_a_query_past_the_timeout_is_stopped_and_the_server_goes_on(server: Running) -> None:
    answer = get(server, EXPENSIVE)
    assert answer.status == 503
    assert "time limit of 3 s" in answer.text and "stopped" in answer.text
    after = get(server, PEOPLE, "-H", "Accept: text/csv")
    assert after.status == 200 and "Vladimir Putin" in after.text
    assert json.loads(curl(server.url + "health").body)["ok"] is True


def test_an_overrun_stops_only_its_own_query_and_its_worker_is_replaced(kg: Path) -> None:
    # one worker process: the cheap query shares it with the one that overruns
    running = start_server(kg, "--timeout", "2", "--workers", "1", "--quiet")
    try:
        expensive: list[CurlAnswer] = []
        overrun = threading.Thread(target=lambda: expensive.append(get(running, EXPENSIVE)))
        overrun.start()
        time.sleep(0.5)
        cheap = get(running, PEOPLE, "-H", "Accept: text/csv")
        overrun.join(60)
        assert expensive[0].status == 503 and "time limit of 2 s" in expensive[0].text
        assert expensive[0].headers.get("connection") == "close"
        assert cheap.status == 200 and "Vladimir Putin" in cheap.text
        for _ in range(3):  # answered by the process that replaced the retired one
            assert get(running, PEOPLE, "-H", "Accept: text/csv").status == 200
        assert json.loads(curl(running.url + "health").body)["workers"] == 1
    finally:
        running.stop()
    assert running.process.returncode == 0


def test_rows_past_the_cap_are_cut_and_say_so(capped: Running) -> None:
    answer = get(capped, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "-H", "Accept: application/sparql-results+json")
    data = json.loads(answer.body)
    assert answer.headers["x-newskg-truncated"] == "true" and answer.headers["x-newskg-max-rows"] == "5"
    assert len(data["results"]["bindings"]) == 5 and data["truncated"] is True and data["maxRows"] == 5
    for accept in ("text/csv", "text/tab-separated-values", "application/sparql-results+xml"):
        other = get(capped, "SELECT ?s WHERE { ?s ?p ?o }", "-H", f"Accept: {accept}")
        assert other.headers["x-newskg-truncated"] == "true"
        rows = other.text.count("<result>") if "xml" in accept else len(other.text.strip().splitlines()) - 1
        assert rows == 5
    small = get(capped, "SELECT ?o WHERE { ?p nkg:leaderOf ?o } LIMIT 3", "-H", "Accept: text/csv")
    assert small.headers["x-newskg-truncated"] == "false" and len(small.text.strip().splitlines()) == 4
    under = get(capped, "SELECT ?o WHERE { <https://w3id.org/newskg/id/person/vladimir-putin> nkg:leaderOf ?o }")
    assert under.headers["x-newskg-truncated"] == "false" and "truncated" not in json.loads(under.body)
    triples = get(capped, "CONSTRUCT WHERE { ?s ?p ?o }", "-H", "Accept: application/n-triples")
    assert triples.headers["x-newskg-truncated"] == "true" and len(triples.text.strip().splitlines()) == 5


def test_an_update_with_the_token_is_published_as_a_new_generation(capped: Running) -> None:
    assert capped.token
    update = ("PREFIX nkg: <https://w3id.org/newskg/ontology#> INSERT DATA { GRAPH <http://example.org/notes> { "
              "<https://w3id.org/newskg/id/person/vladimir-putin> nkg:affiliatedWith <http://example.org/x> } }")
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = json.loads(curl(capped.url + "health").body)
    quads_before = int(get(capped, count, "-H", "Accept: text/csv").text.splitlines()[1])
    assert curl(capped.endpoint, "--data-urlencode", f"update={update}").status == 401
    wrong = curl(capped.endpoint, "-H", "Authorization: Bearer not-the-token", "--data-urlencode", f"update={update}")
    assert wrong.status == 401 and wrong.headers["www-authenticate"].startswith("Bearer")
    client = SPARQLWrapper(capped.endpoint)
    client.setMethod(POST)
    client.addCustomHttpHeader("Authorization", f"Bearer {capped.token}")
    client.setQuery(update)
    client.query()
    after = json.loads(curl(capped.url + "health").body)
    assert after["generation"] != before["generation"] and after["updates"] == before["updates"] + 1
    assert int(get(capped, count, "-H", "Accept: text/csv").text.splitlines()[1]) == quads_before + 1
    seen = get(capped, "SELECT ?g WHERE { GRAPH ?g { ?p nkg:affiliatedWith <http://example.org/x> } }",
               "-H", "Accept: text/csv")
    assert seen.text.splitlines()[1:] == ["http://example.org/notes"]
    malformed = curl(capped.endpoint, "-H", f"Authorization: Bearer {capped.token}",
                     "-H", "Content-Type: application/sparql-update", "--data-binary", "INSERT DATA { <a> ")
    assert malformed.status == 400 and "malformed SPARQL update" in malformed.text
    load = curl(capped.endpoint, "-H", f"Authorization: Bearer {capped.token}",
                "--data-urlencode", "update=LOAD <http://127.0.0.1:9/x.ttl>")
    assert load.status == 400 and "LOAD" in load.text
    description = Graph().parse(data=curl(capped.endpoint).body, format="turtle")
    assert (None, SD.supportedLanguage, SD.SPARQL11Update) in description


def test_queries_go_on_while_a_build_publishes_a_new_generation(kg: Path, tmp_path: Path, nlp,
                                                                seeds_dir: Path) -> None:
    from newskg.graph.build.pipeline import build

    directory = _copy(kg, tmp_path / "kg")
    article = tmp_path / "extra.txt"
    article.write_text(" date 2024-05-02 Delegation news\nOfficials of the Tartu Marine Institute visited Riga.\n")
    running = start_server(directory, "--workers", "2", "--quiet")
    query = ("SELECT (COUNT(DISTINCT ?d) AS ?docs) (COUNT(DISTINCT ?g) AS ?graphs) "
             "WHERE { GRAPH ?g { ?d a nkg:Document } }")
    answers: list[tuple[int, str]] = []
    done = threading.Event()

    def ask() -> None:
        while not done.is_set():
            answer = get(running, query, "-H", "Accept: text/csv")
            answers.append((answer.status, answer.text.splitlines()[1] if answer.status == 200 else answer.text))

    try:
        before = json.loads(curl(running.url + "health").body)["generation"]
        asker = threading.Thread(target=ask)
        asker.start()
        build([str(article)], directory, into=True, nlp=nlp)
        time.sleep(0.3)
        final = get(running, query, "-H", "Accept: text/csv").text.splitlines()[1]
        after = json.loads(curl(running.url + "health").body)
        build([str(seeds_dir)], directory, nlp=nlp, workers=2)  # a whole rebuild, back to the seeds
        time.sleep(0.3)
        done.set()
        asker.join(60)
        rebuilt = get(running, query, "-H", "Accept: text/csv").text.splitlines()[1]
    finally:
        done.set()
        running.stop()
    assert answers and all(status == 200 for status, _ in answers), answers
    assert {row for _, row in answers} <= {"3,3", "4,4"}  # the old graph or the new one, never a mix
    assert final == "4,4" and rebuilt == "3,3"
    assert after["generation"] != before and after["documents"] == 4


# -- the saved queries ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_query_answers_on_the_seeds(name: str, kg: Path, server: Running) -> None:
    runner = CliRunner()
    by_name = runner.invoke(cli, ["query", str(kg), name, "--format", "csv"])
    assert by_name.exit_code == 0, by_name.output
    assert len(by_name.stdout.strip().splitlines()) >= 2, by_name.stdout
    path = Path(__file__).resolve().parents[2] / "graph" / "queries" / f"{name}.rq"
    by_path = runner.invoke(cli, ["query", str(kg), str(path), "--format", "csv"])
    assert by_path.exit_code == 0 and by_path.stdout == by_name.stdout
    over_http = get(server, saved_queries()[name].text, "-H", "Accept: text/csv")
    assert over_http.status == 200 and len(over_http.text.strip().splitlines()) >= 2


def test_query_help_lists_the_saved_queries() -> None:
    result = CliRunner().invoke(cli, ["query", "--help"])
    assert result.exit_code == 0
    for name in saved_queries():
        assert name in result.output


def test_the_visits_query_answers_the_question_it_was_written_for(kg: Path) -> None:
    """North Korean visitors, Russian hosts: every row is in Russia, every visitor from North Korea."""
    result = CliRunner().invoke(cli, ["query", str(kg), "visits-between-countries", "--format", "json"])
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert rows and all(r["hostName"]["value"] == "Russia" and r["homeName"]["value"] == "North Korea"
                        for r in rows)


# -- the query page in a real browser (Debian's chromium, driven by Playwright) -------------------

def open_query_page(browser, server: Running, page_html: str | None = None):
    """The page at the server's /, every request elsewhere refused and recorded; with
    `page_html`, that HTML is served at / instead of the server's own page."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def route(request_route) -> None:
        url = request_route.request.url
        if page_html is not None and url == server.url:
            request_route.fulfill(status=200, content_type="text/html; charset=utf-8", body=page_html)
        elif url.startswith(server.url):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(server.url)
    return page, outside, errors


def test_the_query_page_runs_a_saved_query_in_a_browser(browser, server: Running, tmp_path: Path) -> None:
    page, outside, errors = open_query_page(browser, server)
    try:
        if yasgui_available():
            page.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
            editor = page.inner_text(".yasqe")
            assert "PREFIX nkg:" in editor
            page.click("#examples button[data-name=leaders]")
            page.wait_for_selector(".yasr table", timeout=30_000)
            page.wait_for_function("document.querySelector('.yasr').innerText.includes('Kim Sung Chan')",
                                   timeout=30_000)
        else:
            page.click("#examples button[data-name=leaders]")
            page.wait_for_function("document.getElementById('results').innerText.includes('Kim Sung Chan')",
                                   timeout=30_000)
        page.screenshot(path=str(tmp_path / "query-page.png"))
    finally:
        page.close()
    assert outside == [] and errors == []


def test_the_plain_page_runs_a_query_in_a_browser(browser, server: Running, tmp_path: Path) -> None:
    plain = render_page(saved=saved_queries().values(), prefixes=PREFIXES, info={}, assets_dir=tmp_path)
    page, outside, errors = open_query_page(browser, server, plain)
    try:
        assert "make assets" in page.inner_text("#no-editor")
        assert "PREFIX nkg:" in page.input_value("#query")
        page.click("#examples button[data-name=visits-between-countries]")
        page.wait_for_selector("#results table", timeout=30_000)
        assert "Russia" in page.inner_text("#results table")
        page.fill("#query", "SELECT ?name WHERE { ?p a nkg:Person ; rdfs:label ?name }")
        page.click("#plain button[type=submit]")
        page.wait_for_function("document.getElementById('results').innerText.includes('Vladimir Putin')",
                               timeout=30_000)
        page.screenshot(path=str(tmp_path / "plain-page.png"))
    finally:
        page.close()
    assert outside == [] and errors == []
