"""`newskg build … --store-url`: the graph written into a real SPARQL 1.1 store, an Oxigraph
server (the PyPI package `oxigraph`) that each test starts on a free loopback port and stops.
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from newskg.graph.build.pipeline import build
from newskg.graph.cli import cli
from newskg.graph.query import saved_queries
from newskg.graph.store.remote import push_to_store
from newskg.graph.store.directory import GraphDir

FOREIGN = "http://example.org/someone-elses-graph"


def _oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph server is missing: pip install -e '.[test]' installs it (PyPI package oxigraph)")
    return found


class OxigraphServer:
    def __init__(self, location: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([_oxigraph_binary(), "serve", "--location", str(location), "--bind",
                                         f"127.0.0.1:{self.port}", "--union-default-graph"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.select("ASK {}")
                return
            except OSError:
                if self.process.poll() is not None:
                    raise AssertionError(f"oxigraph serve exited: {self.process.stderr.read().decode()}") from None
                time.sleep(0.1)
        self.stop()
        raise AssertionError("oxigraph serve did not answer within 60 s")

    def select(self, query: str) -> dict:
        request = urllib.request.Request(f"{self.url}/query?{urlencode({'query': query})}",
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def graphs(self) -> set[str]:
        result = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return {row["g"]["value"] for row in result["results"]["bindings"]}

    def graph(self, iri: str) -> Graph:
        request = urllib.request.Request(f"{self.url}/store?graph={quote(iri, safe='')}",
                                         headers={"Accept": "application/n-triples"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return Graph().parse(data=response.read(), format="nt")

    def put(self, iri: str, ntriples: str) -> None:
        request = urllib.request.Request(f"{self.url}/store?graph={quote(iri, safe='')}", data=ntriples.encode(),
                                         method="PUT", headers={"Content-Type": "application/n-triples"})
        urllib.request.urlopen(request, timeout=30).read()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


@pytest.fixture
def oxigraph(tmp_path: Path):
    server = OxigraphServer(tmp_path / "oxigraph-data")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def seed_files(seeds_dir: Path) -> list[str]:
    return sorted(str(p) for p in seeds_dir.iterdir() if p.is_file())


def local_graphs(directory: Path) -> dict[str, Graph]:
    import pyoxigraph as ox

    store = GraphDir(directory).open_store()
    graphs = {}
    for name in store.named_graphs():
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
        graphs[name.value] = Graph().parse(data=data, format="nt")
    return graphs


def assert_same_graphs(directory: Path, server: OxigraphServer, *, also: set[str] = frozenset()) -> None:
    local = local_graphs(directory)
    assert server.graphs() == set(local) | also
    for iri, graph in local.items():
        assert isomorphic(server.graph(iri), graph), iri


@pytest.mark.parametrize("protocol, path", [("gsp", "/store"), ("update", "/update")])
def test_the_graph_goes_into_the_store_and_stays_in_step(oxigraph: OxigraphServer, tmp_path: Path, seed_files,
                                                         nlp, protocol: str, path: str) -> None:
    directory = tmp_path / "kg"
    oxigraph.put(FOREIGN, "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    build(seed_files, directory, nlp=nlp)
    first = push_to_store(directory, oxigraph.url + path, protocol=protocol)
    assert len(first.written) == 5 and not first.deleted  # three documents, the facts, the ontology
    assert_same_graphs(directory, oxigraph, also={FOREIGN})
    size = int(oxigraph.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
               ["results"]["bindings"][0]["n"]["value"])

    again = push_to_store(directory, oxigraph.url + path, protocol=protocol)  # idempotent
    assert again.written == first.written and not again.deleted
    assert_same_graphs(directory, oxigraph, also={FOREIGN})
    assert int(oxigraph.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
               ["results"]["bindings"][0]["n"]["value"]) == size

    build(seed_files[:2], directory, nlp=nlp)  # one document fewer
    fewer = push_to_store(directory, oxigraph.url + path, protocol=protocol)
    assert len(fewer.deleted) == 1 and "/doc/" in fewer.deleted[0]
    assert_same_graphs(directory, oxigraph, also={FOREIGN})  # what others wrote is left alone


def test_build_with_store_url_from_the_command_line(oxigraph: OxigraphServer, tmp_path: Path, seeds_dir: Path,
                                                     nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    from newskg.extract import pipeline

    monkeypatch.setattr(pipeline, "load_pipeline", lambda model=None, **_: nlp)
    directory = tmp_path / "kg"
    result = CliRunner().invoke(cli, ["build", str(seeds_dir), "--out", str(directory),
                                      "--store-url", oxigraph.url + "/store"])
    assert result.exit_code == 0, result.output
    assert "wrote 5 graphs" in result.stderr and oxigraph.url in result.stderr
    assert_same_graphs(directory, oxigraph)
    record = json.loads((directory / "stores.json").read_text())
    assert set(record[oxigraph.url + "/store"]["graphs"]) == set(local_graphs(directory))
    # the saved queries run on the other store as they do here
    for name, saved in saved_queries().items():
        rows = oxigraph.select(saved.text)["results"]["bindings"]
        assert rows, name


def test_a_store_that_cannot_be_reached_is_one_clear_error(tmp_path: Path, seeds_dir: Path, nlp,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from newskg.extract import pipeline

    monkeypatch.setattr(pipeline, "load_pipeline", lambda model=None, **_: nlp)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    directory = tmp_path / "kg"
    result = CliRunner().invoke(cli, ["build", str(seeds_dir), "--out", str(directory),
                                      "--store-url", f"http://127.0.0.1:{port}/store"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("newskg: cannot reach")]
    assert len(errors) == 1 and f"127.0.0.1:{port}" in errors[0]
    assert GraphDir(directory).exists()  # the local graph is published all the same


def test_a_wrong_endpoint_says_which_to_give(oxigraph: OxigraphServer, tmp_path: Path, seed_files, nlp) -> None:
    from newskg.extract.errors import StoreError

    directory = tmp_path / "kg"
    build(seed_files[:1], directory, nlp=nlp)
    with pytest.raises(StoreError, match="Graph Store Protocol endpoint"):
        push_to_store(directory, oxigraph.url + "/query", protocol="gsp")
