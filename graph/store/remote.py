"""`newskg build … --store-url URL`: the graph, written into any SPARQL 1.1 store.

The build first publishes the graph directory as always (the local store is still written:
it is the record of what the store should hold, `newskg query`/`view`/`stats` keep working,
and a failed upload is retried from it without extracting again). Then every named graph
of the published generation (one per document, the facts graph, the ontology graph) is
written into the store, replacing what that graph held there, and each graph this
directory wrote to that store before but no longer holds (a document removed or changed)
is deleted. Running it again writes the same graphs again: the store ends up holding the
same triples, whatever it held before for those graphs.

Two protocols, both SPARQL 1.1 standards:

- `gsp` (default): the Graph Store HTTP Protocol. URL is the store's graph store endpoint
  (Oxigraph server: `http://host:7878/store`; Fuseki: `http://host:3030/DATASET/data`;
  GraphDB: `http://host:7200/repositories/REPO/rdf-graphs/service`; Virtuoso:
  `http://host:8890/sparql-graph-crud-auth`). Each graph is `PUT` (large ones in parts:
  `PUT` then `POST`s, which add) and stale graphs are `DELETE`d.
- `update`: SPARQL 1.1 Update. URL is the update endpoint (Oxigraph: `/update`; Fuseki:
  `/DATASET/update`; GraphDB: `/repositories/REPO/statements`; Neptune: `/sparql`). Each
  graph is `DROP SILENT GRAPH` then `INSERT DATA`, stale graphs are dropped.

Which graphs a directory wrote where is kept in `DIR/stores.json` (the URL without
credentials): graphs that something else wrote into the store are never touched.
Credentials go in the URL (`http://user:password@host/…`, sent as Basic authentication)
or in NEWSKG_STORE_TOKEN (sent as a Bearer token).
"""
from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlsplit, urlunsplit
from urllib.request import Request, urlopen

import pyoxigraph as ox

from newskg.extract.errors import StoreError

from newskg.graph.store.directory import GraphDir

PROTOCOLS = ("gsp", "update")
RECORD = "stores.json"
TOKEN_ENV = "NEWSKG_STORE_TOKEN"
PART_TRIPLES = 50_000  # triples per request when a graph is large


@dataclass
class PushReport:
    url: str
    protocol: str
    written: list[str] = field(default_factory=list)  # graph IRIs written
    deleted: list[str] = field(default_factory=list)  # graph IRIs deleted
    triples: int = 0
    requests: int = 0


def push_to_store(directory: str | Path, url: str, *, protocol: str = "gsp", timeout: float = 300.0,
                  on_message: Callable[[str], None] | None = None) -> PushReport:
    """Write every named graph of the published graph in `directory` into the store at `url`
    and delete the graphs this directory wrote there before and no longer holds."""
    if protocol not in PROTOCOLS:
        raise StoreError(f"unknown store protocol {protocol!r}: use one of {', '.join(PROTOCOLS)}")
    say = on_message or (lambda _msg: None)
    graph_dir = GraphDir(directory)
    generation = graph_dir.require()
    store = graph_dir.open_store()
    client = _Client(url, timeout)
    report = PushReport(url=client.public_url, protocol=protocol)
    graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    record = _load_record(graph_dir)
    previous = set(record.get(client.public_url, {}).get("graphs", []))
    for graph in graphs:
        lines = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)).splitlines(keepends=True)
        parts = [b"".join(lines[i:i + PART_TRIPLES]) for i in range(0, len(lines), PART_TRIPLES)] or [b""]
        for index, part in enumerate(parts):
            if protocol == "gsp":
                client.send("PUT" if index == 0 else "POST", client.graph_url(graph), part, "application/n-triples")
            else:
                drop = f"DROP SILENT GRAPH <{graph}> ;\n" if index == 0 else ""
                body = f"{drop}INSERT DATA {{ GRAPH <{graph}> {{\n".encode() + part + b"} }\n"
                client.send("POST", client.url, body, "application/sparql-update")
            report.requests += 1
        report.written.append(graph)
        report.triples += len(lines)
    for graph in sorted(previous - set(graphs)):
        if protocol == "gsp":
            client.send("DELETE", client.graph_url(graph), None, None, missing_ok=True)
        else:
            client.send("POST", client.url, f"DROP SILENT GRAPH <{graph}>\n".encode(), "application/sparql-update")
        report.requests += 1
        report.deleted.append(graph)
    record[client.public_url] = {"protocol": protocol, "generation": generation.name, "graphs": graphs,
                                 "written": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    _save_record(graph_dir, record)
    say(f"wrote {len(report.written)} graphs ({report.triples} triples) to {client.public_url}"
        f"{f', deleted {len(report.deleted)} stale graphs' if report.deleted else ''}")
    return report


class _Client:
    """Plain HTTP requests with the credentials the URL or the environment give."""

    def __init__(self, url: str, timeout: float) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"--store-url {url!r} is not an http(s) URL of a SPARQL store")
        netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        if parts.port:
            netloc += f":{parts.port}"
        self.url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        self.public_url = self.url
        self.timeout = timeout
        self.headers: dict[str, str] = {}
        if parts.username is not None:
            pair = f"{parts.username}:{parts.password or ''}".encode()
            self.headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        elif os.environ.get(TOKEN_ENV):
            self.headers["Authorization"] = f"Bearer {os.environ[TOKEN_ENV]}"

    def graph_url(self, graph: str) -> str:
        return f"{self.url}{'&' if '?' in self.url else '?'}graph={quote(graph, safe='')}"

    def send(self, method: str, url: str, body: bytes | None, content_type: str | None, missing_ok: bool = False
             ) -> None:
        headers = dict(self.headers)
        if content_type:
            headers["Content-Type"] = content_type
        request = Request(url, data=body, method=method, headers=headers)
        try:
            with urlopen(request, timeout=self.timeout) as response:
                response.read()
        except HTTPError as err:
            if missing_ok and err.code == 404:
                return
            detail = err.read(300).decode("utf-8", "replace").strip()
            hint = ""
            if err.code in (400, 404, 405, 415):
                hint = ("; is it the store's Graph Store Protocol endpoint (Oxigraph: /store, Fuseki: /DATASET/data)? "
                        "For a SPARQL Update endpoint, give --store-protocol update")
            raise StoreError(f"{method} {url} answered {err.code} {err.reason}"
                             f"{': ' + detail if detail else ''}{hint}") from err
        except (URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise StoreError(f"cannot reach the store at {self.public_url}: {reason}") from err


def _load_record(graph_dir: GraphDir) -> dict[str, dict]:
    try:
        return json.loads((graph_dir.path / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_record(graph_dir: GraphDir, record: dict[str, dict]) -> None:
    path = graph_dir.path / RECORD
    tmp = path.with_name(f".{RECORD}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
