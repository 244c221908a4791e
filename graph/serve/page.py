"""The query page that `newskg serve` answers at `/`: an editor, the ontology's prefixes
filled in, and the saved example queries one click away.

The editor is YASGUI (`@zazuko/yasgui` from the npm registry), which `make assets` copies
into `graph/assets/` so that the page works offline; the page refers to nothing outside
the server. Without those files the page is a plain form with a textarea (it still runs
queries, with or without JavaScript) and says how to get the editor.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

ASSETS_DIR = Path(__file__).parent / "assets"
YASGUI_FILES = ("yasgui.min.js", "yasgui.min.css")
FIRST_QUERY = "leaders"
ORDER = ("leaders", "visits-between-countries", "figures-between-countries", "fact-evidence", "neighbourhood")


def yasgui_available(assets_dir: Path = ASSETS_DIR) -> bool:
    """Whether the bundled editor's files are there."""
    return all((assets_dir / name).is_file() for name in YASGUI_FILES)


def prefix_block(prefixes: Mapping[str, str]) -> str:
    """PREFIX lines for the editor.

    >>> prefix_block({"nkg": "https://w3id.org/newskg/ontology#"})
    'PREFIX nkg: <https://w3id.org/newskg/ontology#>\\n'
    """
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items())


def with_prefixes(query: str, prefixes: Mapping[str, str]) -> str:
    """The query with the PREFIX lines it lacks put before it (after its leading comments)."""
    lines = query.splitlines(keepends=True)
    head = 0
    while head < len(lines) and lines[head].startswith("#"):
        head += 1
    missing = {p: iri for p, iri in prefixes.items() if f"PREFIX {p}:" not in query}
    return "".join(lines[:head]) + prefix_block(missing) + "".join(lines[head:])


def render_page(*, saved: Iterable[object], prefixes: Mapping[str, str], info: Mapping[str, object],
                endpoint: str = "sparql", assets_dir: Path = ASSETS_DIR, assets_url: str = "assets/") -> str:
    """The HTML of the query page.

    `saved` are `query.SavedQuery` objects; `info` what /health says (documents, quads,
    generation). Only relative URLs are used, so the page works behind any prefix.
    """
    examples = [{"name": q.name, "title": q.title, "description": q.description,
                 "query": with_prefixes(q.text, prefixes)} for q in saved]
    examples.sort(key=lambda e: (ORDER.index(e["name"]) if e["name"] in ORDER else len(ORDER), e["name"]))
    first = next((e for e in examples if e["name"] == FIRST_QUERY), examples[0] if examples else None)
    initial = first["query"] if first else prefix_block(prefixes) + "\nSELECT * WHERE { ?s ?p ?o } LIMIT 25\n"
    editor = yasgui_available(assets_dir)
    esc = html.escape
    items = "\n".join(
        f'<li><button type="button" data-name="{esc(e["name"])}" title="{esc(e["description"])}">{esc(e["title"])}'
        f'</button> <code>{esc(e["name"])}</code></li>' for e in examples)
    counts = (f'{info.get("documents", "?")} documents, {info.get("quads", "?")} quads'
              f'{", generation " + str(info["generation"]) if info.get("generation") else ""}')
    head_assets = f'<link rel="stylesheet" href="{assets_url}yasgui.min.css">' if editor else ""
    tail_assets = f'<script src="{assets_url}yasgui.min.js"></script>' if editor else ""
    note = "" if editor else (
        '<p class="note" id="no-editor">This is the plain editor: the syntax-highlighting editor (YASGUI) is not '
        "installed with this copy of newskg. To get it, run <code>make assets</code> (or <code>make install</code>) "
        "in the newskg source tree on a machine with npm; it copies <code>@zazuko/yasgui</code> into "
        "<code>graph/assets/</code>, and the page then works offline.</p>")
    data = json.dumps({"examples": examples, "initial": initial, "endpoint": endpoint, "editor": editor},
                      ensure_ascii=False).replace("</", "<\\/")
    return _PAGE.format(head_assets=head_assets, tail_assets=tail_assets, counts=esc(counts), items=items,
                        note=note, initial=esc(initial), endpoint=esc(endpoint), data=data,
                        form_hidden=" hidden" if editor else "", editor_hidden="" if editor else " hidden")


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newskg SPARQL</title>
{head_assets}
<style>
body {{ font-family: system-ui, sans-serif; margin: 0 1.5rem 2rem; color: #222; }}
header p, .note {{ color: #555; }}
.note {{ background: #fff8e0; border: 1px solid #e8d9a0; padding: .5rem .75rem; }}
#layout {{ display: flex; gap: 1.5rem; align-items: flex-start; }}
#examples {{ flex: 0 0 17rem; }}
#examples ul {{ list-style: none; padding: 0; margin: 0; }}
#examples li {{ margin: 0 0 .5rem; }}
#examples button {{ text-align: left; cursor: pointer; width: 100%; }}
#examples code {{ font-size: .8em; color: #777; }}
main {{ flex: 1; min-width: 0; }}
textarea {{ width: 100%; font-family: ui-monospace, monospace; font-size: .9rem; }}
table {{ border-collapse: collapse; margin-top: 1rem; font-size: .9rem; }}
td, th {{ border: 1px solid #ccc; padding: .2rem .4rem; vertical-align: top; text-align: left; }}
pre {{ white-space: pre-wrap; }}
</style>
</head>
<body>
<header>
<h1>newskg SPARQL endpoint</h1>
<p>{counts}. SPARQL 1.1 endpoint: <a href="{endpoint}"><code>{endpoint}</code></a> (its service description);
the default graph is the union of all documents' graphs. <a href="health">health</a></p>
</header>
<div id="layout">
<nav id="examples" aria-label="Saved queries">
<h2>Saved queries</h2>
<ul>
{items}
</ul>
</nav>
<main>
{note}
<div id="yasgui"{editor_hidden}></div>
<form id="plain" method="get" action="{endpoint}"{form_hidden}>
<textarea name="query" id="query" rows="22" spellcheck="false">{initial}</textarea>
<p><label>Results as <select name="format" id="format">
<option value="json">SPARQL JSON (table here)</option><option value="csv">CSV</option>
<option value="tsv">TSV</option><option value="xml">SPARQL XML</option><option value="turtle">Turtle</option>
</select></label> <button type="submit">Run query</button></p>
</form>
<div id="results"></div>
</main>
</div>
<script type="application/json" id="newskg-data">{data}</script>
{tail_assets}
<script>
(function () {{
  "use strict";
  var data = JSON.parse(document.getElementById("newskg-data").textContent);
  var endpoint = new URL(data.endpoint, window.location.href).href;
  var yasgui = null;
  if (data.editor && window.Yasgui) {{
    Yasgui.Yasqe.defaults.value = data.initial;
    Yasgui.Yasqe.defaults.autocompleters = ["variables"];  // the others ask services on the web
    var tabDefaults = Yasgui.Tab.getDefaults;  // results as plain values (1, not "1"^^xsd:integer)
    Yasgui.Tab.getDefaults = function (owner) {{
      var defaults = tabDefaults(owner);
      defaults.yasr.settings.pluginsConfig.table = {{ compact: true }};
      return defaults;
    }};
    yasgui = new Yasgui(document.getElementById("yasgui"), {{
      requestConfig: {{ endpoint: endpoint, method: "POST" }},
      copyEndpointOnNewTab: true,
      persistenceId: "newskg_" + window.location.host,
      endpointCatalogueOptions: {{ getData: function () {{ return [{{ endpoint: endpoint }}]; }} }}
    }});
  }} else if (data.editor) {{
    document.getElementById("yasgui").hidden = true;
    document.getElementById("plain").hidden = false;
  }}
  var textarea = document.getElementById("query");
  function load(example) {{
    if (yasgui) {{
      var tab = yasgui.getTab();
      tab.setQuery(example.query);
      tab.getYasqe().query();
    }} else {{
      textarea.value = example.query;
      run();
    }}
  }}
  Array.prototype.forEach.call(document.querySelectorAll("#examples button"), function (button) {{
    button.addEventListener("click", function () {{
      var name = button.getAttribute("data-name");
      load(data.examples.filter(function (e) {{ return e.name === name; }})[0]);
    }});
  }});
  var results = document.getElementById("results");
  function cell(term) {{
    var td = document.createElement("td");
    td.textContent = term ? term.value : "";
    return td;
  }}
  function run(event) {{
    var format = document.getElementById("format").value;
    if (format !== "json") {{ return; }}  // the browser shows the other formats itself
    if (event) {{ event.preventDefault(); }}
    results.textContent = "Running…";
    var body = new URLSearchParams({{ query: textarea.value }});
    fetch(endpoint, {{ method: "POST", body: body,
                      headers: {{ "Accept": "application/sparql-results+json, text/turtle;q=0.9" }} }})
      .then(function (response) {{
        return response.text().then(function (text) {{ return [response, text]; }});
      }})
      .then(function (pair) {{
        var response = pair[0], text = pair[1];
        results.textContent = "";
        if (!response.ok || (response.headers.get("Content-Type") || "").indexOf("json") < 0) {{
          var pre = document.createElement("pre");
          pre.textContent = (response.ok ? "" : response.status + " ") + text;
          results.appendChild(pre);
          return;
        }}
        var json = JSON.parse(text);
        var p = document.createElement("p");
        if (json.boolean !== undefined) {{ p.textContent = "Answer: " + json.boolean; results.appendChild(p); return; }}
        var vars = json.head.vars, rows = json.results.bindings;
        p.textContent = rows.length + " rows" + (json.truncated ? " (cut at " + json.maxRows + ")" : "");
        results.appendChild(p);
        var table = document.createElement("table"), tr = document.createElement("tr");
        vars.forEach(function (v) {{ var th = document.createElement("th"); th.textContent = v; tr.appendChild(th); }});
        table.appendChild(tr);
        rows.forEach(function (row) {{
          var line = document.createElement("tr");
          vars.forEach(function (v) {{ line.appendChild(cell(row[v])); }});
          table.appendChild(line);
        }});
        results.appendChild(table);
      }})
      .catch(function (error) {{ results.textContent = String(error); }});
  }}
  document.getElementById("plain").addEventListener("submit", run);
}})();
</script>
</body>
</html>
"""


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def content_security_policy(page: str) -> str:
    """The page's Content-Security-Policy: its own files and its one inline script (by hash)
    run, nothing is fetched from elsewhere, and no other site may frame it.

    >>> "frame-ancestors 'none'" in content_security_policy("<script>go()</script>")
    True
    """
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(script.encode('utf-8')).digest()).decode()}'"
                      for script in _INLINE_SCRIPT.findall(page))
    return ("default-src 'self'; script-src 'self' " + hashes + "; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
