"""Imports run one way: cli → pipeline → stages (connectors, measure, checks, suites, profiling,
scoring, reporting) → algorithms and vocabularies (pii, dedupe, vocabulary) → model.

Every ``import`` in src/dataready is read, lazy ones inside functions included, so that the
layering cannot drift back silently.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "dataready"

MODEL = {"model", "errors", "exit_codes", "_version"}
ALGORITHMS = MODEL | {"vocabulary", "pii", "dedupe", "atomic"}
STAGES = ALGORITHMS | {"config", "connectors", "measure"}

ALLOWED: dict[str, set[str]] = {
    # The ground floor: results are values; they know nothing of how they are computed or shown.
    "model": MODEL,
    "vocabulary": MODEL | {"vocabulary"},
    "pii": MODEL | {"vocabulary", "pii"},
    "dedupe": ALGORITHMS,
    # The project file imports no detector and no engine.
    "config": MODEL | {"vocabulary"},
    "connectors": MODEL | {"vocabulary", "config", "connectors"},
    "measure": MODEL | {"vocabulary", "connectors"},
    # Checks read measurements; they never open sources or measure.
    "checks": ALGORITHMS | {"checks"},
    "scoring": MODEL | {"scoring"},
    "suites": STAGES | {"suites"},
    "profiling": STAGES | {"profiling", "scoring"},
    # Reporting renders typed results (masking personal data on the way), nothing else.
    "reporting": MODEL | {"reporting", "pii", "vocabulary", "scoring", "atomic"},
    # The history of audits: snapshots, drift and the store; it never opens a source.
    "history": ALGORITHMS | {"history"},
    "pipeline": STAGES
    | {"checks", "suites", "profiling", "scoring", "reporting", "history", "pipeline"},
    "demo": MODEL | {"atomic"},
}
"""For each part of dataready, the parts it may import (besides itself)."""

EXCEPTIONS = {
    # Jupyter calls _repr_html_ on the object it displays: the result types hand over to the
    # notebook views, imported only when a notebook asks.
    ("model.findings", "reporting.notebook"),
    ("model.scorecard", "reporting.notebook"),
    ("model.scorecard", "reporting.html"),
    # An expectation's name carries its column headers, which can be personal data (an e-mail
    # address as a header): they are masked where the name is made, once for every report.
    ("model.suites", "pii.masking"),
    # A custom validator named in dataready.yml is loaded when the project is read, so that a
    # typo fails before any source is opened.
    ("config", "pii.classify"),
    # A source's query is read as SQL (one SELECT) when the project is read, in its engine's grammar.
    ("config", "connectors.statements"),
    ("connectors.statements", "connectors.dialects"),
    # Category variants in duplicate records reuse the misspelling check's edit signatures.
    ("dedupe.categories", "checks.consistency"),
    # Suggested date formats are the validity check's date formats.
    ("suites.suggest", "checks.validity"),
}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "dataready"


def _imports() -> list[tuple[str, str, int]]:
    found = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC.parent).with_suffix("").parts
        module = ".".join(relative[:-1] if relative[-1] == "__init__" else relative)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("dataready")
            ):
                if node.module == "dataready":
                    found += [(module, f"dataready.{a.name}", node.lineno) for a in node.names]
                else:
                    found.append((module, node.module, node.lineno))
            elif isinstance(node, ast.Import):
                found += [
                    (module, a.name, node.lineno)
                    for a in node.names
                    if a.name.startswith("dataready")
                ]
    return found


def _short(module: str) -> str:
    return module.removeprefix("dataready.")


def test_imports_run_one_way() -> None:
    wrong = []
    for module, target, line in _imports():
        source_part, target_part = _part(module), _part(target)
        if source_part == target_part or source_part not in ALLOWED:
            continue
        if target_part in ALLOWED[source_part]:
            continue
        if (_short(module), _short(target)) in EXCEPTIONS:
            continue
        wrong.append(f"{_short(module)}:{line} imports {_short(target)}")
    assert wrong == []


def test_every_module_imports() -> None:
    """A module named in an import that no longer exists fails here, not in a user's run."""
    import importlib

    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC.parent).with_suffix("").parts
        importlib.import_module(".".join(relative[:-1] if relative[-1] == "__init__" else relative))
    missing = []
    for module, target, line in _imports():
        try:
            importlib.import_module(target)
        except ModuleNotFoundError:
            parent, _, name = target.rpartition(".")
            if not hasattr(importlib.import_module(parent), name):
                missing.append(f"{_short(module)}:{line} imports {target}")
    assert missing == []


def test_nothing_imports_the_command_line() -> None:
    assert [(m, t) for m, t, _ in _imports() if _part(t) == "cli" and _part(m) != "cli"] == []


@pytest.mark.parametrize(("module", "target"), sorted(EXCEPTIONS))
def test_every_exception_is_still_needed(module: str, target: str) -> None:
    """An exception that no import needs any more is removed, so the list only shrinks."""
    assert any((_short(m), _short(t)) == (module, target) for m, t, _ in _imports())


def test_only_one_module_imports_each_heavy_optional_library() -> None:
    owners: dict[str, set[str]] = {"great_expectations": set(), "ydata_profiling": set()}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            for name in names:
                root = name.split(".")[0]
                if root in owners:
                    owners[root].add(path.relative_to(SRC).as_posix())
    assert owners == {
        "great_expectations": {"suites/gx.py"},
        "ydata_profiling": {"profiling/profile.py"},
    }
