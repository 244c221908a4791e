"""The layout's import rules (setup.cfg, [importlinter]) hold, and would be caught if broken."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACTS = ("extract reads text into records", "graph: entry points over", "building and serving never draw",
             "no two modules of one package")
ENTRY_POINTS = {"__init__.py", "cli.py", "namespace.py", "query.py"}


def _lint(source_root: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports with the project's contracts over the packages found under `source_root`."""
    env = dict(os.environ, PYTHONPATH=str(source_root))
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", str(REPO / "setup.cfg")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)


def _verdicts(report: str) -> dict[str, str]:
    """Each contract's name (its first words, as the tests name it) and KEPT or BROKEN; the report
    wraps long names over lines."""
    words = " ".join(report.split("Contracts\n---------", 1)[-1].split())
    parts = re.split(r" (KEPT|BROKEN)\b", words)
    verdicts = {}
    for name, verdict in zip(parts[0::2], parts[1::2]):
        name = re.split(r"-{3,}", name)[-1].strip()  # the rule under "Analyzed N files…" is as long as that line
        for contract in CONTRACTS:
            if name.startswith(contract):
                verdicts[contract] = verdict
    return verdicts


def _copy_as_installed(tmp_path: Path) -> Path:
    """The two packages laid out as `newskg.extract` and `newskg.graph` are imported."""
    root = tmp_path / "src"
    for package in ("extract", "graph"):
        shutil.copytree(REPO / package, root / "newskg" / package,
                        ignore=shutil.ignore_patterns("__pycache__", "assets", "*.json"))
    return root


def test_the_contracts_hold(tmp_path: Path) -> None:
    result = _lint(_copy_as_installed(tmp_path), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _verdicts(result.stdout) == dict.fromkeys(CONTRACTS, "KEPT"), result.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("extract/names.py", "import rdflib", "extract reads text into records"),
    ("graph/build/rdf.py", "import newskg.graph.serve.endpoint", "graph: entry points over"),
    ("graph/serve/endpoint.py", "import newskg.graph.build.resolve", "graph: entry points over"),
    ("graph/store/directory.py", "import networkx", "building and serving never draw"),
    ("graph/analysis/network.py", "import newskg.graph.analysis.export", "no two modules of one package"),
])
def test_a_broken_rule_fails_the_lint(tmp_path: Path, module: str, line: str, contract: str) -> None:
    root = _copy_as_installed(tmp_path)
    path = root / "newskg" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = _lint(root, tmp_path)
    assert result.returncode != 0
    assert _verdicts(result.stdout)[contract] == "BROKEN", result.stdout


def test_only_entry_points_lie_directly_in_graph() -> None:
    modules = {path.name for path in (REPO / "graph").glob("*.py")}
    assert modules <= ENTRY_POINTS, modules - ENTRY_POINTS
