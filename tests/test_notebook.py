"""The analyst walkthrough notebook runs top to bottom, and is committed without outputs."""
from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "walkthrough.ipynb"


def test_the_notebook_is_committed_with_outputs_cleared():
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the walkthrough has no code"
    assert all(c.outputs == [] and c.execution_count is None for c in code)


def test_the_notebook_runs_top_to_bottom(tmp_path, monkeypatch, sample_dir):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("NEWSKG_SAMPLE", str(sample_dir))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()  # raises on any error
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "10 documents" in text and "Path 1 of" in text
    for name in ("graph.trig", "view.html", "lavrov.html", "report.html", "report.md", "report-figures.png"):
        assert (tmp_path / "walkthrough-kg" / name).exists(), name


@pytest.mark.parametrize("where", [".", "notebooks", "tests/graph"])
def test_the_notebook_finds_the_sample_from_anywhere_in_the_repository(monkeypatch, where):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.delenv("NEWSKG_SAMPLE", raising=False)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells = nb.cells[:2] + [nbformat.v4.new_code_cell("print(SAMPLE.resolve())")]  # up to finding the sample
    folder = NOTEBOOK.parents[1] / where
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}}).execute()
    printed = nb.cells[-1].outputs[0]["text"].strip()
    assert Path(printed) == NOTEBOOK.parent / "data" / "sample"
