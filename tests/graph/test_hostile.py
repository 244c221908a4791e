"""Hostile and broken input: each bad input gets one line on stderr naming the file (and
line) and the reason, the rest of the batch is built, and the exit code says something was
skipped; odd text never crashes extraction and evidence offsets still slice it exactly."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from newskg.extract import sources
from newskg.extract.sources import source_name
from newskg.graph.build.pipeline import build
from newskg.graph.cli import cli
from newskg.graph.store.directory import GraphDir

ODD = (
    "\u202eReuters\u202c reported that Amina Otieno (head of the Kenyan Health Ministry visited Nairobi "
    "on Monday.\u200d\u200d The Tartu Marine Institute \u2066signed\u2069 a pact with the University of "
    "Latvia)) in Riga.\u200b\n\n"
    + "Z" * 10_000 + " was the password.\n\n"
    "Officials of the Bergen Coastal Academy \u200fvisited\u200f Oslo.\ufeff (((\n"
    "Stra\u00dfe \U0001F600 caf\u00e9\u0301 na\u0308ive \u0627\u0644\u0639\u0631\u0628\u064a\u0629 "
    "said the Ministry of Foreign Affairs of Jordan. \u2028Next line\u2029 and 1,200 people arrived.\n"
)


def stderr_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.fixture
def hostile(tmp_path: Path, seeds_dir: Path) -> dict[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted(seeds_dir.glob("*.txt"))
    files = {
        "good": shutil.copy(seeds[0], folder / "good.txt"),
        "twin": shutil.copy(seeds[0], folder / "twin-of-good.txt"),
        "empty": folder / "empty.txt",
        "binary": folder / "binary.txt",
        "latin1": folder / "latin1.txt",
        "huge": folder / "huge.txt",
        "feed": folder / "feed.jsonl",
        "odd": folder / "odd.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 64)
    files["latin1"].write_bytes("Tickets cost \u00a340 at the Riga terminal, said Riga Port.\n".encode("latin-1"))
    with files["huge"].open("wb") as handle:  # 100 MB, in the test's temporary folder only
        chunk = b"The Tartu Marine Institute visited Riga. " * 25_000
        while handle.tell() < 100_000_000:
            handle.write(chunk)
    rows = [json.dumps({"id": "a", "text": "The Riga port authority reopened the terminal."}),
            '{"id": "b", "text": "unterminated',
            json.dumps({"id": "c", "text": "Kenyan Health Minister Amina Otieno visited Nairobi."})]
    files["feed"].write_text("\n".join(rows) + "\n", encoding="utf-8")
    files["odd"].write_text(ODD, encoding="utf-8")
    return files


def test_every_bad_input_is_one_line_and_the_batch_goes_on(hostile: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "kg"
    result = CliRunner().invoke(cli, ["build", str(hostile["good"].parent), "--out", str(out)])
    assert result.exit_code == 1, result.output
    lines = stderr_lines(result.stderr)

    def about(name: str) -> list[str]:
        return [line for line in lines if source_name(hostile[name]) in line and "documents in" not in line]

    for name, reason in [("empty", "empty"), ("binary", "binary"), ("huge", "over the limit")]:
        (line,) = about(name)
        assert line.startswith("newskg: skipped ") and reason in line, line
    (huge,) = about("huge")
    assert "100,000,000" in huge or "bytes" in huge
    (broken,) = about("feed")
    assert f"{source_name(hostile['feed'])}:2: broken JSON line" in broken
    (latin1,) = about("latin1")
    assert latin1.startswith("newskg: warning ") and "Windows-1252" in latin1 and "0xa3" in latin1
    (twin,) = [line for line in lines if "twin-of-good.txt" in line]
    assert "same text as" in twin and "good.txt" in twin and "stored once" in twin
    assert about("odd") == []

    manifest = GraphDir(out).manifest()
    names = sorted(Path(d["source"].split("#")[0]).name for d in manifest["documents"])
    # good (once), the two good JSONL lines, latin1 and the odd text
    assert names == ["feed.jsonl", "feed.jsonl", "good.txt", "latin1.txt", "odd.txt"]
    summary = lines[-1]
    assert "5 documents" in summary and "4 skipped" in summary


def test_quiet_still_names_what_was_skipped(hostile: dict[str, Path], tmp_path: Path) -> None:
    for name in ("good", "twin", "huge", "odd", "latin1"):
        hostile[name].unlink()
    result = CliRunner().invoke(cli, ["build", str(hostile["feed"].parent), "--out", str(tmp_path / "kg"), "-q"])
    assert result.exit_code == 1
    lines = stderr_lines(result.stderr)
    assert len(lines) == 3 and all(line.startswith("newskg: skipped ") for line in lines), lines


def test_latin1_is_a_warning_not_a_skip(tmp_path: Path, shared: Path) -> None:
    latin1 = shared / "corpus" / "bbc" / "sport" / "199.txt"
    result = CliRunner().invoke(cli, ["build", str(latin1), "--out", str(tmp_path / "kg")])
    assert result.exit_code == 0, result.output
    (warning,) = [line for line in stderr_lines(result.stderr) if line.startswith("newskg: warning")]
    assert source_name(latin1) in warning and "not valid UTF-8" in warning and "Windows-1252" in warning
    assert GraphDir(tmp_path / "kg").manifest()["documents"][0]["source"] == source_name(latin1)


def test_a_file_that_disappears_mid_build(tmp_path: Path, nlp, seeds_dir: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    victim = sorted(folder.glob("*.txt"))[1]
    listed = sources.iter_input_paths

    def list_then_delete(inputs):
        names = list(listed(inputs))  # listed while the file was there...
        victim.unlink()  # ...gone before it is read
        yield from names

    monkeypatch.setattr(sources, "iter_input_paths", list_then_delete)
    messages: list[str] = []
    report = build([str(folder)], tmp_path / "kg", nlp=nlp, on_message=messages.append)
    assert report.documents == 2 and not report.ok
    (line,) = [m for m in messages if victim.name in m]
    assert line == f"skipped {source_name(victim)}: file disappeared before it could be read"


def test_a_huge_jsonl_line_is_skipped_without_being_read_whole(tmp_path: Path, nlp) -> None:
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "a", "text": "The Riga port authority reopened the terminal."}) + "\n")
        handle.write(json.dumps({"id": "big", "text": "Riga. " * 400_000}) + "\n")
        handle.write(json.dumps({"id": "c", "text": "Officials of the Tartu Marine Institute visited Riga."}) + "\n")
    report = build([str(feed)], tmp_path / "kg", nlp=nlp, max_bytes=1_000_000)
    assert report.documents == 2
    (skipped,) = report.skipped
    assert skipped.startswith(f"{source_name(feed)}:2: ") and "over the limit of 1,000,000 bytes" in skipped


def test_odd_unicode_keeps_offsets_exact(tmp_path: Path, nlp) -> None:
    feed = tmp_path / "odd.jsonl"
    rows = [{"id": "odd", "text": ODD},
            {"id": "surrogate", "text": "Officials of the Tartu Marine Institute \ud800 visited Riga."},
            {"id": "nul", "text": "Riga\u0000 port \u0007reopened; the Latvian Port Authority said so."}]
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "kg"
    report = build([str(feed)], out, nlp=nlp)
    assert report.documents == 3 and report.ok
    assert any("surrogate" in w for w in report.warnings)
    records = [GraphDir(out).load_record(d["sha256"]) for d in GraphDir(out).manifest()["documents"]]
    spans = 0
    for record in records:
        text = record.document.text
        for entity in record.entities:
            for mention in entity.mentions:
                assert text[mention.start:mention.end] == mention.text
                spans += 1
        for fact in (*record.relations, *record.observations, *record.events):
            assert text[fact.evidence.start:fact.evidence.end] == fact.evidence.sentence
            spans += 1
    assert spans > 5


_FILLER = ("The committee met again on a quiet morning, and the talks went on for hours. "
           "Nobody said much about the weather, though the rain kept falling outside.\n\n")
_NEWS = ("Kenyan Health Minister Amina Otieno visited Nairobi on Monday. The Tartu Marine Institute signed "
         "a pact with the University of Latvia in Riga.\n\n")


def test_a_long_text_is_built_in_pieces_and_a_failing_document_costs_only_itself(
        tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14: a 1.1M-character text (over spaCy's max_length) used to abort the whole
    build; an exception while extracting one document did too."""
    from newskg.extract import pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    half = _FILLER * (550_000 // len(_FILLER))
    long_text = _NEWS + half + _NEWS + half + _NEWS
    assert len(long_text) > 1_100_000
    (folder / "long.txt").write_text(long_text, encoding="utf-8")
    (folder / "boom\nforged line.txt").write_text("The Riga port authority reopened the terminal. KABOOM\n",
                                                 encoding="utf-8")
    real = pipeline.doc_to_extraction

    def failing(doc, source, *args):  # any exception inside a component or the records
        if "KABOOM" in doc.text:
            raise ValueError("a component broke\non two lines")
        return real(doc, source, *args)

    monkeypatch.setattr(pipeline, "doc_to_extraction", failing)
    out = tmp_path / "kg"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out), "-q"])
    assert result.exit_code == 1, result.output
    lines = stderr_lines(result.stderr)
    (failed,) = [line for line in lines if "boom" in line]
    assert failed.startswith("newskg: skipped ") and "boom\\nforged line.txt" in failed
    assert "extraction failed (ValueError: a component broke)" in failed
    assert not any(line.startswith("forged line") for line in lines)

    graph_dir = GraphDir(out)
    documents = graph_dir.manifest()["documents"]
    names = {Path(d["source"]).name for d in documents}
    assert names == {p.name for p in seeds_dir.glob("*.txt")} | {"long.txt"}
    (long_doc,) = [d for d in documents if d["source"].endswith("long.txt")]
    record = graph_dir.load_record(long_doc["sha256"])
    assert record.document.text == long_text
    starts = set()
    for fact in (*record.relations, *record.observations, *record.events):
        assert long_text[fact.evidence.start:fact.evidence.end] == fact.evidence.sentence
        starts.add(fact.evidence.start)
    for entity in record.entities:
        for mention in entity.mentions:
            assert long_text[mention.start:mention.end] == mention.text
    # the news at the start, the middle (past the first pieces) and the end were all read
    assert {0, long_text.index(_NEWS, 1), long_text.rindex(_NEWS)} <= starts


def test_a_document_whose_graph_cannot_be_written_costs_only_itself(
        tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14: an exception in the RDF writer for one document is one line naming it, and
    the other documents are published (exit 1), as for an exception while extracting."""
    from newskg.graph.build.rdf import GraphWriter
    from newskg.graph.store.directory import PREFIXES

    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted(seeds_dir.glob("*.txt"))
    for seed in seeds:
        shutil.copy(seed, folder / seed.name)
    broken = folder / "broken\nforged line.txt"
    shutil.copy(seeds[0], broken)
    with broken.open("a", encoding="utf-8") as handle:  # a text of its own, not a twin of seeds[0]
        handle.write("\nThe Riga port authority reopened the terminal.\n")
    real = GraphWriter._events

    def failing(self, extraction, entities):
        if extraction.document.source.endswith("forged line.txt"):
            raise RuntimeError("the writer broke\non two lines")
        return real(self, extraction, entities)

    monkeypatch.setattr(GraphWriter, "_events", failing)
    out = tmp_path / "kg"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out), "-q"])
    assert result.exit_code == 1, result.output
    lines = stderr_lines(result.stderr)
    (failed,) = [line for line in lines if "broken" in line]
    assert failed.startswith("newskg: skipped ") and "broken\\nforged line.txt" in failed
    assert "writing its graph failed (RuntimeError: the writer broke)" in failed
    assert not any(line.startswith("forged line") for line in lines)

    graph_dir = GraphDir(out)
    documents = graph_dir.manifest()["documents"]
    assert {Path(d["source"]).name for d in documents} == {p.name for p in seeds}
    store = graph_dir.open_store()
    published = {solution["sha"].value for solution in store.query(
        "SELECT ?sha WHERE { GRAPH ?d { ?d a nkg:Document ; nkg:sha256 ?sha } }", prefixes=dict(PREFIXES))}
    assert published == {d["sha256"] for d in documents}
    facts = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?d { ?a a nkg:Assertion } }",
                                  prefixes=dict(PREFIXES))))["n"].value
    assert int(facts) > 0
