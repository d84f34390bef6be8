"""The install hints name dataready's own distribution: the index's ``dataready`` is another project."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib

from dataready._version import DISTRIBUTION, install_hint

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [
    *sorted((ROOT / "src").rglob("*.py")),
    *sorted((ROOT / "connectors").glob("*.yml")),
    *sorted((ROOT / "notebooks").glob("*.ipynb")),
    *sorted((ROOT / "benchmarks").rglob("*.py")),
    *sorted((ROOT / "benchmarks").rglob("*.txt")),
    ROOT / "README.md",
    ROOT / "benchmarks" / "README.md",
]
WRONG = re.compile(r"(?<![\w./-])dataready\[|pip install ['\"]?dataready(?![\w-])")


def test_the_metadata_names_the_distribution_and_its_extras_refer_to_it() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    assert meta["name"] == DISTRIBUTION == "dataready-audit"
    own = [
        r for rs in meta["optional-dependencies"].values() for r in rs if r.startswith("dataready")
    ]
    assert own and all(r.startswith(f"{DISTRIBUTION}[") for r in own)
    assert meta["scripts"] == {"dataready": "dataready.cli:main"}


def test_no_hint_anywhere_installs_the_unrelated_dataready() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in TEXTS
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WRONG.search(line)
    ]
    assert found == []
    assert install_hint("profile") == "pip install 'dataready-audit[profile]'"
