"""The HTML view in a real browser: Debian's chromium, headless, driven by Playwright.

`make test` installs chromium (apt-get) when /usr/bin/chromium is missing, and the `test`
extra installs the `playwright` package, whose driver is pointed at that chromium (its own
browser download is never used). Without chromium these tests are skipped, except under CI
(CI=true), where a missing browser is a failure.

Pages are opened from file:// with every http(s) request refused and recorded: a view
must load nothing from the network. Screenshots land in each test's tmp_path.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from newskg.graph.analysis import network
from newskg.graph.analysis.network import load_network
from newskg.graph.analysis.view import render_html

PWNED = "window.__pwned=1"


class Page:
    """A page of the view, with what it logged and what it tried to fetch."""

    def __init__(self, browser, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

        def dialog(d) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)

        def route(r) -> None:
            if r.request.url.startswith(("file:", "data:", "about:")):
                r.continue_()
            else:
                self.requests.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)
        self.page.goto(path.as_uri())

    def wait_stable(self) -> None:
        self.page.wait_for_selector("body[data-stabilized]", state="attached", timeout=30_000)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def visible(self) -> tuple[set[str], set[str]]:
        nodes, edges = self.js("""() => [
            nkgView.nodes.get({filter: n => !n.hidden}).map(n => n.id),
            nkgView.edges.get({filter: e => !e.hidden}).map(e => e.id)]""")
        return set(nodes), set(edges)

    def dom_point(self, canvas_point: dict) -> tuple[float, float]:
        x, y = self.js("""(p) => { const d = nkgView.network.canvasToDOM(p);
            const box = document.getElementById("mynetwork").getBoundingClientRect();
            return [box.left + d.x, box.top + d.y]; }""", canvas_point)
        return x, y

    def click_node(self, node_id: str) -> None:
        """Centre the node in the view, then click it with the mouse."""
        self.js("""(id) => nkgView.network.moveTo({position: nkgView.network.getPositions([id])[id], scale: 1.2})""",
                node_id)
        point = self.js("(id) => nkgView.network.getPositions([id])[id]", node_id)
        self.page.mouse.click(*self.dom_point(point))

    def click_edge(self, edge_id: str) -> None:
        point = self.js("""(id) => { const e = nkgView.network.body.edges[id];
            const p = e.edgeType.getPoint(0.5); return {x: p.x, y: p.y}; }""", edge_id)
        self.js("(p) => nkgView.network.moveTo({position: p, scale: 1.5})", point)
        self.page.mouse.click(*self.dom_point(point))

    def panel_text(self) -> str:
        return self.page.inner_text("#nkg-panel-body") if self.page.is_visible("#nkg-panel") else ""

    def canvas_png(self) -> bytes:
        return self.page.locator("#mynetwork canvas").screenshot()

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def open_page(browser):
    pages: list[Page] = []

    def opener(path: Path, *, stable: bool = True) -> Page:
        page = Page(browser, path)
        pages.append(page)
        if stable:
            page.wait_stable()
        return page

    yield opener
    for page in pages:
        page.close()


@pytest.fixture(scope="module")
def sample_kg(tmp_path_factory, sample_dir: Path, nlp) -> Path:
    from newskg.graph.build.pipeline import build

    out = tmp_path_factory.mktemp("browser") / "kg"
    report = build([str(sample_dir)], out, nlp=nlp)
    assert report.ok, report.skipped
    return out


@pytest.fixture(scope="module")
def sample(sample_kg: Path, tmp_path_factory) -> tuple[nx.MultiDiGraph, Path]:
    G = load_network(sample_kg)
    path = tmp_path_factory.mktemp("views") / "sample.html"
    render_html(G, path, title="The sample corpus")
    return G, path


# A small graph with known classes, relations, dates and confidences, for the filters.
DOCS = {
    "doc:a": ("KCUT delegation in Moscow", "2024-05-10", "https://example.org/news/a"),
    "doc:b": ("Rector visits Russia", "2024-03-01", "/data/news/b.txt"),
    "doc:c": ("Treaty talk", "2024-12-01", "javascript:window.__pwned=1"),
}


def small_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for node, label, cls, aliases in [
        ("id:pak", "Pak Ji Min", "Person", []),
        ("id:kcut", "Kim Chaek University of Technology", "University", ["KCUT"]),
        ("id:mpei", "Moscow Power Engineering Institute", "University", ["MPEI"]),
        ("id:russia", "Russia", "Country", []), ("id:nk", "North Korea", "Country", ["DPRK"]),
        ("id:fsb", "Federal Security Service", "GovernmentBody", ["FSB"]), ("id:lonely", "Lone Person", "Person", []),
    ]:
        G.add_node(node, label=label, cls=cls, aliases=aliases, documents=1)
    for u, relation, v, support in [
        ("id:pak", "leaderOf", "id:kcut", [("doc:a", 0.9, "Pak Ji Min, president of KCUT, arrived."),
                                           ("doc:b", 0.7, "KCUT president Pak Ji Min left for Russia.")]),
        ("id:kcut", "visited", "id:mpei", [("doc:a", 0.8, "The KCUT delegation toured MPEI.")]),
        ("id:mpei", "locatedIn", "id:russia", [("doc:b", 0.85, "MPEI, in Moscow, Russia, hosted them.")]),
        ("id:russia", "agreementWith", "id:nk", [("doc:c", 0.3, "Russia and North Korea may sign something.")]),
        ("id:fsb", "partOf", "id:russia", [("doc:c", 0.95, "Russia's FSB said so.")]),
    ]:
        evidence = [{"sentence": s, "document": doc, "title": DOCS[doc][0], "date": DOCS[doc][1],
                     "source": DOCS[doc][2], "confidence": c, "extractor": "rule", "start": 0, "end": len(s)}
                    for doc, c, s in support]
        G.add_edge(u, v, key=relation, relation=relation, weight=len({d for d, _, _ in support}),
                   confidence=max(c for _, c, _ in support), evidence=evidence)
    return G


@pytest.fixture
def small(tmp_path: Path) -> tuple[nx.MultiDiGraph, Path]:
    G = small_graph()
    path = tmp_path / "small.html"
    render_html(G, path, title="Small", show_isolated=True)
    return G, path


# -- loading --------------------------------------------------------------------------------


def test_the_view_loads_without_errors_and_draws_every_node(open_page, sample, tmp_path):
    G, path = sample
    page = open_page(path)
    counts = page.js("""() => ({
        data: [nkgView.nodes.length, nkgView.edges.length],
        drawn: [nkgView.network.body.data.nodes.length, nkgView.network.body.data.edges.length],
        placed: Object.keys(nkgView.network.getPositions()).length,
        physics: nkgView.network.physics.physicsEnabled})""")
    related = {n for n in G if G.degree(n)}
    assert len(related) < len(G)  # the sample has entities without relations: hidden at first
    assert counts["data"] == [G.number_of_nodes(), G.number_of_edges()]
    assert counts["drawn"] == counts["data"] and counts["placed"] == len(related)
    assert counts["physics"] is False  # stabilised, then stopped
    assert page.visible() == (related, {f"e{i}" for i in range(G.number_of_edges())})
    assert page.page.inner_text("#nkg-count") == (f"{len(related)} of {len(G)} entities, {G.number_of_edges()} "
                                                  f"of {G.number_of_edges()} relations shown")
    assert page.page.title() == "The sample corpus"
    assert not page.page.is_visible("#nkg-banner")
    page.page.screenshot(path=str(tmp_path / "view.png"))
    assert (tmp_path / "view.png").stat().st_size > 10_000
    page.page.check("#nkg-isolated")
    assert page.visible()[0] == set(G)
    page.page.wait_for_function("() => !nkgView.network.physics.physicsEnabled", timeout=30_000)  # laid out again
    assert page.errors == [] and page.requests == [] and page.dialogs == []


def test_the_first_screen_names_the_most_prominent_entities_without_overlap(open_page, sample):
    G, path = sample
    page = open_page(path)
    labels = page.js("() => nkgView.labels")
    assert labels, "no label drawn"
    width, height = page.js("() => { var c = document.querySelector('#mynetwork canvas'); "
                            "return [c.clientWidth, c.clientHeight]; }")
    for i, a in enumerate(labels):
        assert a["px"] >= 12  # legible at the first zoom, whatever the zoom is
        assert 0 <= a["x"] and a["x"] + a["w"] <= width and 0 <= a["y"] and a["y"] + a["h"] <= height, a  # none cut
        for b in labels[i + 1:]:
            apart = (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"] or
                     a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"])
            assert apart, (a, b)
    score = network.prominence(G)
    shown = sorted((n for n in G if G.degree(n)), key=lambda n: -score[n])
    named = {label["id"] for label in labels}
    assert set(shown[:5]) <= named  # a crowded name moves to another side of its node
    # the relation names appear once zoomed in far enough to read them, clear of every other name
    page.js("() => nkgView.network.moveTo({scale: 0.4})")
    page.page.wait_for_timeout(100)
    assert page.js("() => nkgView.relationLabels") == []
    busiest = max(G, key=G.degree)
    page.js("""(id) => nkgView.network.moveTo({position: nkgView.network.getPositions([id])[id], scale: 2})""", busiest)
    page.page.wait_for_timeout(100)
    relations = page.js("() => nkgView.relationLabels")
    assert relations and {r["id"] for r in relations} <= set(page.js("() => Object.keys(nkgView.data.edges)"))
    boxes = page.js("() => nkgView.labels") + relations
    for i, a in enumerate(boxes):
        assert all(a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"] or a["y"] + a["h"] <= b["y"] or
                   b["y"] + b["h"] <= a["y"] for b in boxes[i + 1:]), a
    assert page.errors == []


def test_a_name_crowded_out_below_its_node_goes_to_another_side(open_page, sample):
    # BBC politics: Michael Howard's node sat among the party names, whose labels took the
    # place below it, and the fourth most prominent entity went unnamed
    G, path = sample
    page = open_page(path)
    score = network.prominence(G)
    first, second = sorted((n for n in G if G.degree(n)), key=lambda n: -score[n])[:2]
    page.js("""([a, b]) => { var p = nkgView.network.getPositions([a])[a];
                             nkgView.network.moveNode(b, p.x, p.y + 1); nkgView.network.redraw(); }""",
            [first, second])
    page.page.wait_for_timeout(100)
    labels = {label["id"]: label for label in page.js("() => nkgView.labels")}
    assert first in labels and second in labels
    a, b = labels[first], labels[second]
    assert a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"] or a["y"] + a["h"] <= b["y"] or \
        b["y"] + b["h"] <= a["y"], (a, b)
    assert page.errors == []


def test_search_offers_to_show_an_entity_without_relations(open_page, sample):
    G, path = sample
    page = open_page(path)
    lonely = max((n for n in G if not G.degree(n)), key=lambda n: G.nodes[n]["documents"])
    page.page.fill("#nkg-search", G.nodes[lonely]["label"])
    page.page.press("#nkg-search", "Enter")
    assert "has no relations and is hidden" in page.page.inner_text("#nkg-search-status")
    assert lonely not in page.visible()[0]
    page.page.click("#nkg-show-hit")
    assert lonely in page.visible()[0] and page.page.is_checked("#nkg-isolated")
    assert page.js("() => nkgView.network.getSelectedNodes()") == [lonely]
    assert page.errors == []


def test_hover_shows_name_class_and_aliases(open_page, sample):
    G, path = sample
    page = open_page(path)
    nk = next(n for n, d in G.nodes(data=True) if d["label"] == "North Korea")
    page.js("(id) => nkgView.network.moveTo({position: nkgView.network.getPositions([id])[id], scale: 1.2})", nk)
    point = page.js("(id) => nkgView.network.getPositions([id])[id]", nk)
    page.page.mouse.move(*page.dom_point(point))
    page.page.wait_for_selector("#nkg-tip:not([hidden])", timeout=5_000)
    tip = page.page.inner_text("#nkg-tip")
    assert "North Korea" in tip and "Country" in tip and "DPRK" in tip


# -- evidence -------------------------------------------------------------------------------


def test_clicking_a_node_shows_all_its_evidence(open_page, sample):
    G, path = sample
    page = open_page(path)
    node = max(G, key=lambda n: sum(len(d["evidence"]) for _, _, d in G.edges(n, data=True)))
    page.click_node(node)
    page.page.wait_for_selector("#nkg-panel:not([hidden])", timeout=5_000)
    text = page.panel_text()
    assert G.nodes[node]["label"] in text
    for _, _, d in list(G.out_edges(node, data=True)) + list(G.in_edges(node, data=True)):
        for e in d["evidence"]:
            assert " ".join(e["sentence"].split()) in " ".join(text.split())
            assert e["title"] in text
            if e["date"]:
                assert e["date"] in text
            assert f"confidence {e['confidence']:.2f}" in text
    hrefs = page.js("() => Array.from(document.querySelectorAll('#nkg-panel a')).map(a => a.href)")
    assert hrefs and all(h.startswith(("https://", "http://", "file://")) for h in hrefs)
    assert page.js("() => nkgView.network.getSelectedNodes()") == [node]
    assert page.errors == []


def test_clicking_an_edge_shows_its_evidence(open_page, small):
    G, path = small
    page = open_page(path)
    eid = page.js("() => nkgView.edges.get({filter: e => e.relation === 'leaderOf'})[0].id")
    page.click_edge(eid)
    page.page.wait_for_selector("#nkg-panel:not([hidden])", timeout=5_000)
    text = page.panel_text()
    assert "Pak Ji Min \u2014 leaderOf \u2192 Kim Chaek University of Technology" in text
    assert "2 documents" in text
    for sentence in ("Pak Ji Min, president of KCUT, arrived.", "KCUT president Pak Ji Min left for Russia."):
        assert sentence in text
    assert "confidence 0.90" in text and "confidence 0.70" in text and "2024-03-01" in text
    links = page.js("() => Array.from(document.querySelectorAll('#nkg-panel a')).map(a => [a.textContent, a.href])")
    assert ["https://example.org/news/a", "https://example.org/news/a"] in links
    assert ["/data/news/b.txt", "file:///data/news/b.txt"] in links


def test_a_javascript_source_is_text_not_a_link(open_page, small):
    G, path = small
    page = open_page(path)
    page.click_node("id:nk")
    page.page.wait_for_selector("#nkg-panel:not([hidden])", timeout=5_000)
    assert "javascript:window.__pwned=1" in page.panel_text()
    assert page.js("() => document.querySelectorAll('#nkg-panel a').length") == 0


# -- search ---------------------------------------------------------------------------------


def test_search_finds_labels_and_aliases(open_page, sample):
    G, path = sample
    page = open_page(path)
    nk = next(n for n, d in G.nodes(data=True) if d["label"] == "North Korea")
    before = page.js("() => [nkgView.network.getViewPosition(), nkgView.network.getScale()]")
    page.page.fill("#nkg-search", "DPRK")  # an alias
    page.page.wait_for_function("(id) => nkgView.network.getSelectedNodes()[0] === id", arg=nk, timeout=5_000)
    page.page.wait_for_timeout(500)  # the focus animation
    assert page.js("() => [nkgView.network.getViewPosition(), nkgView.network.getScale()]") != before
    assert page.panel_text().startswith("North Korea")
    page.page.fill("#nkg-search", "kursk oblast")  # a label, any case
    page.page.wait_for_function("() => nkgView.network.getSelectedNodes().length === 1 && "
                                "nkgView.data.nodes[nkgView.network.getSelectedNodes()[0]].label === 'Kursk Oblast'")
    page.page.fill("#nkg-search", "Lavr")  # a prefix, on Enter
    page.page.press("#nkg-search", "Enter")
    assert page.panel_text().startswith("Sergei Lavrov")
    page.page.fill("#nkg-search", "no such entity at all")
    page.page.press("#nkg-search", "Enter")
    assert page.page.inner_text("#nkg-search-status") == "no match"
    assert page.errors == []


# -- filters --------------------------------------------------------------------------------


def set_range(page: Page, value: str) -> None:
    page.js("""(v) => { const r = document.getElementById("nkg-conf"); r.value = v;
                        r.dispatchEvent(new Event("input", {bubbles: true})); }""", value)


FILTERS = {
    # name: (action, expected visible nodes, expected visible relations)
    "class": (lambda p: p.page.uncheck("input.nkg-class[value=Person]"),
              {"id:kcut", "id:mpei", "id:russia", "id:nk", "id:fsb"},
              {"visited", "locatedIn", "agreementWith", "partOf"}),
    "relation": (lambda p: p.page.uncheck("input.nkg-relation[value=leaderOf]"),
                 {"id:kcut", "id:mpei", "id:russia", "id:nk", "id:fsb", "id:lonely"},
                 {"visited", "locatedIn", "agreementWith", "partOf"}),
    "date from": (lambda p: p.page.fill("#nkg-from", "2024-06-01"),
                  {"id:russia", "id:nk", "id:fsb", "id:lonely"}, {"agreementWith", "partOf"}),
    "date to": (lambda p: p.page.fill("#nkg-to", "2024-04-01"),
                {"id:pak", "id:kcut", "id:mpei", "id:russia", "id:lonely"}, {"leaderOf", "locatedIn"}),
    "confidence": (lambda p: set_range(p, "0.85"),
                   {"id:pak", "id:kcut", "id:mpei", "id:russia", "id:fsb", "id:lonely"},
                   {"leaderOf", "locatedIn", "partOf"}),
    "without relations": (lambda p: p.page.uncheck("#nkg-isolated"),
                          {"id:pak", "id:kcut", "id:mpei", "id:russia", "id:nk", "id:fsb"},
                          {"leaderOf", "visited", "locatedIn", "agreementWith", "partOf"}),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_each_filter_changes_what_is_shown(open_page, small, name):
    G, path = small
    page = open_page(path)
    everything = page.visible()
    assert everything[0] == set(G) and len(everything[1]) == G.number_of_edges()
    picture = page.canvas_png()
    action, nodes, relations = FILTERS[name]
    action(page)
    shown_nodes, shown_edges = page.visible()
    assert shown_nodes == nodes
    assert {page.js("(id) => nkgView.edges.get(id).relation", e) for e in shown_edges} == relations
    assert page.page.inner_text("#nkg-count").startswith(f"{len(nodes)} of {len(G)} entities")
    page.page.wait_for_timeout(100)
    assert page.canvas_png() != picture  # the drawing itself changed
    page.page.click("#nkg-reset")
    assert page.visible() == everything
    assert page.errors == []


def test_neighbourhood_only_shows_the_selected_node_and_its_neighbours(open_page, small):
    G, path = small
    page = open_page(path)
    assert page.page.is_disabled("#nkg-neighbourhood")
    page.click_node("id:kcut")
    page.page.click("#nkg-neighbourhood")
    assert page.visible()[0] == {"id:kcut", "id:pak", "id:mpei"}
    assert page.page.inner_text("#nkg-neighbourhood") == "Show all"
    page.page.select_option("#nkg-depth", "2")
    assert page.visible()[0] == {"id:kcut", "id:pak", "id:mpei", "id:russia"}
    page.page.click("#nkg-neighbourhood")
    assert page.visible()[0] == set(G)
    assert page.errors == []


# -- large graphs ---------------------------------------------------------------------------


def test_a_capped_view_says_what_was_left_out(open_page, tmp_path):
    G = nx.MultiDiGraph(nx.barabasi_albert_graph(80, 2, seed=1))
    for n in list(G):
        G.nodes[n].update(label=f"Entity {n}", cls="Organization", aliases=[f"E{n}"])
    H = nx.relabel_nodes(G, {n: f"id:{n}" for n in G})
    path = tmp_path / "capped.html"
    counts = render_html(H, path, max_nodes=30)
    page = open_page(path)
    assert page.js("() => nkgView.nodes.length") == counts["nodes"] == 30
    banner = page.page.inner_text("#nkg-banner")
    assert "Showing the 30 most prominent of 80 entities" in banner and "50 left out" in banner
    assert "--around NAME" in banner and "--max-nodes N" in banner
    drawn = set(page.js("() => nkgView.nodes.getIds()"))
    left_out = next(n for n in sorted(H) if n not in drawn)
    page.page.fill("#nkg-search", H.nodes[left_out]["label"])
    page.page.press("#nkg-search", "Enter")
    status = page.page.inner_text("#nkg-search-status")
    assert "left out of this view" in status and "--around" in status
    assert page.errors == []


# -- safety ---------------------------------------------------------------------------------


XSS_TEXT = f""" date 2024-05-02 <script>{PWNED}</script><img src=x onerror="{PWNED}"> Delegation news
Officials of the Tartu Marine Institute visited Riga <img src=x onerror={PWNED}> on Monday.
The Tartu Marine Institute signed an agreement with the Riga Technical University <a href="javascript:{PWNED}">here</a>.
"""
XSS_JSONL = ('{"id": "x1", "title": "<img src=x onerror=window.__pwned=1> wire", "date": "2024-06-01", '
             '"url": "javascript:window.__pwned=1", "text": "Latvian Maritime Academy officials visited the Tartu '
             'Marine Institute in June <svg onload=window.__pwned=1>.\\nMaris Ozols, rector of the Latvian Maritime '
             'Academy, said <script>window.__pwned=1</script> it went well."}\n')
XSS_LABELS = {
    "id:evil1": ("<img src=x onerror=window.__pwned=1>", ["<script>window.__pwned=1</script>"]),
    "id:evil2": ('"><svg onload=window.__pwned=1>', ["javascript:window.__pwned=1"]),
}


@pytest.fixture(scope="module")
def xss_kg(tmp_path_factory, nlp) -> Path:
    """A graph built by the real pipeline from an article and a JSONL line full of payloads,
    plus entities whose very names are payloads."""
    from newskg.graph.build.pipeline import build

    folder = tmp_path_factory.mktemp("xss")
    (folder / "evil.txt").write_text(XSS_TEXT, encoding="utf-8")
    (folder / "evil.jsonl").write_text(XSS_JSONL, encoding="utf-8")
    out = folder / "kg"
    build([str(folder / "evil.txt"), str(folder / "evil.jsonl")], out, nlp=nlp)
    return out


def test_an_article_full_of_payloads_runs_nothing(open_page, xss_kg, tmp_path):
    G = load_network(xss_kg)
    sentences = [e["sentence"] for _, _, d in G.edges(data=True) for e in d["evidence"]]
    assert any("onerror" in s for s in sentences) and any("javascript:" in s for s in sentences)
    assert any(e["source"].startswith("javascript:") for _, _, d in G.edges(data=True) for e in d["evidence"])
    for node, (label, aliases) in XSS_LABELS.items():
        G.add_node(node, label=label, cls="Organization", aliases=aliases, documents=1)
    some = next(iter(G.edges(keys=True, data=True)))
    G.add_edge("id:evil1", "id:evil2", key="cites", **{**some[3], "relation": "cites"})
    path = tmp_path / "xss.html"
    render_html(G, path, title=f"<script>{PWNED}</script>", subtitle=f"<img src=x onerror={PWNED}>")

    page = open_page(path)
    page.page.add_init_script("window.__pwned = 0")
    title = page.page.title()
    assert title == f"<script>{PWNED}</script>"  # shown as text
    # every node and edge clicked, hovered and searched: all their strings reach the page
    for node in G:
        page.click_node(node)
        page.page.wait_for_selector("#nkg-panel:not([hidden])", timeout=5_000)
        assert G.nodes[node]["label"] in page.panel_text()
    for eid in page.js("() => nkgView.edges.getIds()"):
        page.click_edge(eid)
    for label, _ in XSS_LABELS.values():
        page.page.fill("#nkg-search", label)
        page.page.press("#nkg-search", "Enter")
    for link in page.page.query_selector_all("#nkg-panel a"):
        link.click()
    page.page.screenshot(path=str(tmp_path / "xss.png"))
    assert page.js("() => window.__pwned") in (None, 0)
    assert page.page.title() == title
    # the view draws its own swatches and map; any other image or frame came from a payload
    injected = "img, svg:not(.nkg-swatch):not(#nkg-map-svg), #nkg-panel script, iframe"
    assert page.js("(s) => document.querySelectorAll(s).length", injected) == 0
    hrefs = page.js("() => Array.from(document.querySelectorAll('a')).map(a => a.href)")
    assert all(h.startswith(("http:", "https:", "file:")) for h in hrefs), hrefs
    assert page.dialogs == [] and page.errors == [] and page.requests == []


def test_the_report_of_that_article_runs_nothing(open_page, xss_kg):
    from newskg.graph.analysis.report import write_report

    paths = write_report(xss_kg)
    page = open_page(paths["html"], stable=False)
    page.page.add_init_script("window.__pwned = 0")
    page.page.reload()
    for summary in page.page.query_selector_all("summary"):
        summary.click()
    text = page.page.inner_text("body")
    assert "onerror=window.__pwned=1" in text  # the sentences are there, as text
    assert page.js("() => window.__pwned") in (None, 0)
    assert page.js("() => document.querySelectorAll('script, svg, iframe').length") == 0
    assert page.js("() => Array.from(document.images).every(i => i.src.startsWith('data:image/png'))")
    assert page.dialogs == [] and page.errors == [] and page.requests == []


@pytest.mark.parametrize("size", [0, 1])
def test_an_empty_or_single_node_view_settles(open_page, tmp_path, size):
    G = nx.MultiDiGraph()
    for i in range(size):
        G.add_node(f"id:{i}", label=f"Solo {i}", cls="Person")
    path = tmp_path / "tiny.html"
    render_html(G, path)
    page = open_page(path)
    assert page.js("() => nkgView.nodes.length") == size
    assert page.page.inner_text("#nkg-count") == f"{size} of {size} entities, 0 of 0 relations shown"
    assert page.errors == []


def test_search_in_an_around_view_finds_entities_outside_it(open_page, small, tmp_path):
    G, _ = small
    near = network.ego(G, "id:pak", depth=1)
    far = next(n for n in G if n not in near)
    path = tmp_path / "around.html"
    render_html(near, path, outside=G, subtitle="Within 1 hop of Pak")
    page = open_page(path)
    page.page.fill("#nkg-search", G.nodes[far]["label"])
    page.page.press("#nkg-search", "Enter")
    status = page.page.inner_text("#nkg-search-status")
    assert "is outside this view" in status and f'--around "{G.nodes[far]["label"]}"' in status
    assert page.errors == []


def test_the_query_page_shows_literal_values_plainly(browser):
    """The query page (graph/serve/page.py) drawn with its editor, the endpoint answering a
    typed and a language-tagged literal: the table shows 3 and Seoul, not "3"^^xsd:integer."""
    import json

    from newskg.graph.query import saved_queries
    from newskg.graph.serve.page import ASSETS_DIR, render_page, yasgui_available
    from newskg.graph.store.directory import PREFIXES

    editor = yasgui_available(ASSETS_DIR)  # make install copies YASGUI there; without npm the page has a plain form
    answer = {"head": {"vars": ["city", "n"]}, "results": {"bindings": [
        {"city": {"type": "literal", "value": "Seoul", "xml:lang": "en"},
         "n": {"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}
    page_html = render_page(saved=saved_queries().values(), prefixes=PREFIXES, info={})

    def route(request_route):
        url = request_route.request.url
        if url.startswith("http://newskg.test/assets/"):
            name = url.rsplit("/", 1)[-1]
            request_route.fulfill(body=(ASSETS_DIR / name).read_bytes(),
                                  content_type="text/css" if name.endswith(".css") else "text/javascript")
        elif url.startswith("http://newskg.test/sparql"):
            request_route.fulfill(body=json.dumps(answer), content_type="application/sparql-results+json")
        elif url == "http://newskg.test/":
            request_route.fulfill(body=page_html, content_type="text/html")
        else:
            request_route.abort()

    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("**/*", route)
        page.goto("http://newskg.test/")
        if editor:
            page.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
        page.click("#examples button[data-name=leaders]")
        results = ".yasr table" if editor else "#results table"
        page.wait_for_selector(results + " td", timeout=30_000)
        text = page.inner_text(results)
        assert "Seoul" in text and "3" in text
        assert "^^" not in text and "XMLSchema" not in text and "@en" not in text
    finally:
        context.close()


def test_the_map_panel_puts_the_places_of_the_view_on_the_world(open_page, small, tmp_path):
    G, _ = small
    G = G.copy()
    G.nodes["id:russia"].update(lat=61.5, long=105.3)  # a country's GeoNames coordinates
    G.nodes["id:nk"].update(lat=40.0, long=127.0)
    path = tmp_path / "map.html"
    render_html(G, path, show_isolated=True)
    page = open_page(path)
    assert not page.page.is_visible("#nkg-map")
    page.page.click("#nkg-map-toggle")
    assert page.page.is_visible("#nkg-map")
    places = page.js("() => Array.from(document.querySelectorAll('#nkg-map circle')).map(c => "
                     "[c.dataset.id, Number(c.getAttribute('cx')), Number(c.getAttribute('cy'))])")
    assert sorted(places) == [["id:nk", 307.0, 45.0], ["id:russia", 285.3, 23.5]]
    assert page.js("() => document.querySelector('#nkg-map path').getAttribute('d').length") > 50_000
    page.page.click("#nkg-map circle[data-id='id:russia']")
    assert page.js("() => nkgView.network.getSelectedNodes()") == ["id:russia"]
    assert page.panel_text().startswith("Russia")
    assert page.errors == [] and page.requests == []
