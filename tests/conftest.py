"""Shared fixtures and domain assertions: tests speak of findings, dimensions and levels."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import pytest

from dataready.model import Finding, Level, Scorecard, Severity


def findings(
    card: Scorecard,
    dimension: str | None = None,
    *,
    check: str | None = None,
    column: str | None = None,
    source: str | None = None,
) -> list[Finding]:
    return [
        f
        for f in card.findings
        if (dimension is None or f.dimension.value == dimension)
        and (check is None or f.check == check)
        and (column is None or column in f.columns)
        and (source is None or f.source == source)
    ]


def assert_finding(
    card: Scorecard,
    dimension: str,
    *,
    check: str | None = None,
    column: str | None = None,
    source: str | None = None,
    severity: str | None = None,
    affected: int | None = None,
) -> Finding:
    """Exactly one matching finding, with the severity and affected count a user would check."""
    matches = findings(card, dimension, check=check, column=column, source=source)
    assert len(matches) == 1, (
        f"expected one {dimension}/{check} finding on {column}, got {[(f.check, f.columns, f.message) for f in card.findings]}"
    )
    found = matches[0]
    if severity is not None:
        assert found.severity is Severity(severity), (
            f"{found.message}: severity {found.severity.value}, expected {severity}"
        )
    if affected is not None:
        assert found.affected == affected, (
            f"{found.message}: affected {found.affected}, expected {affected}"
        )
    return found


def assert_no_finding(
    card: Scorecard, dimension: str, *, check: str | None = None, column: str | None = None
) -> None:
    matches = findings(card, dimension, check=check, column=column)
    assert not matches, f"unexpected findings: {[(f.check, f.columns, f.message) for f in matches]}"


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Scorecard]:
    """The bundled demo project, written once, and its audit."""
    import dataready
    from dataready.demo import write_demo

    project = write_demo(tmp_path_factory.mktemp("demo") / "dataready-demo")
    return project, dataready.audit(project)


def data_findings(card: Scorecard) -> list[Finding]:
    """Findings about the data itself (not about missing metadata), at warning or above."""
    return [f for f in card.findings if f.columns and f.severity.rank >= Severity.WARNING.rank]


def assert_ready(card: Scorecard) -> None:
    assert card.level is Level.READY, (
        f"level {card.level.value}: {[f.message for f in card.findings]}"
    )


def digest(paths: Iterable[Path]) -> str:
    """A fingerprint of files, to prove an audit left its sources byte-for-byte unchanged."""
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


FULLY_DECLARED = {
    "purpose": "training",
    "description": "test table",
    "system_of_record": True,
    "owner": "Data Team",
    "steward": "Ann Steward",
    "contact": "data@example.com",
    "refresh": "static",
}
"""Metadata that satisfies the ownership and inventory checks, so a test sees only data findings."""


@pytest.fixture
def project_file(tmp_path: Path):
    """Write a dataready.yml for the given sources (dicts) and return its path."""
    import yaml

    def write(*sources: dict, **extra: object) -> Path:
        path = tmp_path / "dataready.yml"
        path.write_text(
            yaml.safe_dump({"use_case": {"name": "test"}, "sources": list(sources), **extra})
        )
        return path

    return write
