"""Building at scale: the same graph whatever the number of worker processes or a Dask
cluster does the extraction, a bounded read-ahead (the corpus is never held in memory), the
stored quad count, and the progress bar."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from newskg.extract import pipeline as pipeline_module
from newskg.graph.build import pipeline as build_module
from newskg.graph.build.pipeline import build
from newskg.graph.cli import cli
from newskg.graph.store.directory import GraphDir


def quads(directory: Path) -> set[tuple]:
    store = GraphDir(directory).open_store()
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in store}


@pytest.fixture(scope="module")
def local_graph(tmp_path_factory: pytest.TempPathFactory, nlp, seeds_dir: Path, sample_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("local") / "kg"
    report = build([str(seeds_dir), str(sample_dir)], out, nlp=nlp, workers=1)
    assert report.ok and report.documents == 13
    return out


def test_two_workers_give_the_same_graph_quad_for_quad(local_graph: Path, tmp_path: Path, nlp, seeds_dir: Path,
                                                        sample_dir: Path) -> None:
    out = tmp_path / "kg"
    report = build([str(sample_dir), str(seeds_dir)], out, nlp=nlp, workers=2, batch_size=2)
    assert report.extracted == 13
    assert quads(out) == quads(local_graph)
    records = {p.name: json.loads(p.read_text()) for p in (out / "records").glob("*.json")}
    local = {p.name: json.loads(p.read_text()) for p in (local_graph / "records").glob("*.json")}
    assert records == local  # the cached records too, byte for byte in content


def test_the_manifest_counts_the_quads_stored(local_graph: Path) -> None:
    manifest = GraphDir(local_graph).manifest()
    assert manifest["quads"] == len(quads(local_graph))


def test_the_trig_file_holds_each_stored_quad_once(local_graph: Path) -> None:
    import pyoxigraph as ox

    # written as the quads stream past, not dumped from the store: a quad the writer gave
    # twice (a relation several documents state) would appear twice in the file
    written = [str(q) for q in ox.parse(path=str(local_graph / "graph.trig"), format=ox.RdfFormat.TRIG)]
    assert len(written) == len(set(written)) == GraphDir(local_graph).manifest()["quads"]
    stored = {str(q) for q in GraphDir(local_graph).open_store()}
    assert set(written) == stored


def test_a_relation_several_documents_state_is_one_fact_with_one_assertion_each(tmp_path: Path, nlp) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for k in range(3):
        (corpus / f"{k}.txt").write_text(f"Report {k}. Marta Kolvenik, the rector of Tartu Marine Institute, "
                                         f"visited Riga on day {k}.\n")
    build([str(corpus)], tmp_path / "kg", nlp=nlp)
    import pyoxigraph as ox

    quads = list(ox.parse(path=str(tmp_path / "kg" / "graph.trig"), format=ox.RdfFormat.TRIG))
    leads = [q for q in quads if q.predicate.value.endswith("#leaderOf")]
    assert len(leads) == 1
    supports = [q for q in quads if q.predicate.value.endswith("22-rdf-syntax-ns#predicate")
                and q.object.value.endswith("#leaderOf")]
    assert len({q.graph_name for q in supports}) == 3


def test_the_build_index_is_scratch(tmp_path: Path, nlp, seeds_dir: Path) -> None:
    out = tmp_path / "kg"
    scratch = GraphDir(out).scratch_path()
    out.mkdir()
    scratch.write_bytes(b"what a killed build left half-written")
    report = build([str(seeds_dir)], out, nlp=nlp)
    assert report.ok and report.documents == 3
    assert not scratch.exists()  # replaced, then removed when the build ended


def test_extraction_forgets_the_words_it_has_extracted(nlp) -> None:
    from newskg.extract.pipeline import extract_records
    from newskg.extract.records import SourceDocument

    texts = [f"Zorvakian envoy Quelmar{k} Draveth met Ostrenka officials in Vyrnholt on Monday." for k in range(6)]
    documents = [SourceDocument(text=t, source=f"{k}.txt") for k, t in enumerate(texts)]
    known = len(nlp.vocab.strings)
    records = list(extract_records(nlp, documents, batch_size=2))
    assert len(records) == 6 and any(r["entities"] for r in records)
    assert len(nlp.vocab.strings) == known  # a long build's vocabulary does not grow with its corpus


def test_records_are_read_ahead_a_bounded_number_of_documents(tmp_path: Path, nlp,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for k in range(40):
        (corpus / f"{k:02d}.txt").write_text(f"Officials of the Tartu Marine Institute visited Riga on day {k}.\n")
    read, ahead = [0], []
    reader = build_module.read_inputs

    def counting(*args, **kwargs):
        for item in reader(*args, **kwargs):
            read[0] += 1
            yield item

    saved = GraphDir.save_record

    def save(self, data):
        ahead.append(read[0] - len(ahead) - 1)  # documents read but not yet back as records
        saved(self, data)

    monkeypatch.setattr(build_module, "read_inputs", counting)
    monkeypatch.setattr(GraphDir, "save_record", save)
    monkeypatch.setattr(pipeline_module, "WORKER_TASK_DOCUMENTS", 4)
    report = build([str(corpus)], tmp_path / "kg", nlp=nlp, workers=2, batch_size=2)
    assert report.documents == 40 and len(ahead) == 40
    assert max(ahead) <= (2 * 2 + 1) * 4  # two tasks per worker in flight, one being filled


def test_progress_bar_on_request_only(tmp_path: Path, nlp, seeds_dir: Path, capsys: pytest.CaptureFixture) -> None:
    build([str(seeds_dir)], tmp_path / "kg", nlp=nlp, progress=True)
    bar = capsys.readouterr().err
    assert "3/3" in bar and "texts/s" in bar and "words/s" in bar
    build([str(seeds_dir)], tmp_path / "kg2", nlp=nlp)
    assert capsys.readouterr().err == ""


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path, seeds_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(seeds_dir), "--out", str(tmp_path / "kg")])
    assert result.exit_code == 0
    assert "texts/s" not in result.stderr and result.stderr.count("\n") == 1  # the summary line only


def test_dask_cluster_builds_the_same_graph(local_graph: Path, tmp_path: Path, seeds_dir: Path,
                                            sample_dir: Path) -> None:
    import distributed  # the test extra installs dask[distributed]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        result = CliRunner().invoke(cli, ["build", str(seeds_dir), str(sample_dir), "--out", str(tmp_path / "kg"),
                                          "--executor", "dask", "--scheduler", cluster.scheduler_address])
        assert result.exit_code == 0, result.output
        workers = cluster.scheduler_info["workers"]
        assert len(workers) == 2
    assert quads(tmp_path / "kg") == quads(local_graph)
    assert "13 extracted" in result.stderr


def test_dask_executor_needs_a_scheduler(tmp_path: Path, seeds_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(seeds_dir), "--out", str(tmp_path / "kg"), "--executor", "dask"])
    assert result.exit_code == 2 and "--scheduler" in result.output
