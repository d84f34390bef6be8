"""dataready.yml: validation errors that name the field, ${VAR} expansion, and the shipped profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from dataready.config import load_project
from dataready.errors import ConfigError

PROFILES = sorted((Path(__file__).parent.parent / "connectors").glob("*.yml"))


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_every_connection_profile_loads(profile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (
        "PG_USER",
        "PG_PASSWORD",
        "PG_DATABASE",
        "MYSQL_USER",
        "MYSQL_PASSWORD",
        "MYSQL_DATABASE",
        "SNOWFLAKE_USER",
        "SNOWFLAKE_PASSWORD",
        "SNOWFLAKE_ACCOUNT",
        "SNOWFLAKE_DATABASE",
        "SNOWFLAKE_WAREHOUSE",
        "GCP_PROJECT",
        "BQ_DATASET",
    ):
        monkeypatch.setenv(var, f"x{var.lower()}")
    project = load_project(profile)
    assert project.sources, profile
    assert all("${" not in s.location for s in project.sources)


def test_profiles_cover_the_engines() -> None:
    assert {p.stem for p in PROFILES} >= {"postgresql", "mysql", "sqlite", "duckdb", "files"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "dataready.yml"
    path.write_text(text)
    return path


def test_env_vars_expand_with_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATA_DIR", "/srv/data")
    project = load_project(
        write(
            tmp_path,
            "sources:\n  - {name: a, location: '${DATA_DIR}/a.csv', owner: '${WHO:-nobody}'}\n",
        )
    )
    assert project.sources[0].location == "/srv/data/a.csv"
    assert project.sources[0].owner == "nobody"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "sources: [{name: a, location: x.csv, refresh: sometimes}]",
            "sources[a].refresh: unknown refresh cadence 'sometimes'",
        ),
        (
            "sources: [{name: a, location: x.csv, purpose: fun}]",
            "sources[a].purpose: got 'fun'; allowed: 'training'",
        ),
        ("sources: [{name: a, location: x.csv, colour: red}]", "sources[a].colour: unknown field"),
        ("sources: [{location: x.csv}]", "sources[0].name: is required"),
        ("thresholds: {ready: 120}", "thresholds.ready:"),
        (
            "sources: [{name: a, location: '${NOT_SET_ANYWHERE}'}]",
            "environment variable NOT_SET_ANYWHERE is not set",
        ),
        ("sources: [{name: a, location: x}, {name: a, location: y}]", "the name 'a' is used twice"),
        ("sources:\n  - name: a\n   location: x\n", "dataready.yml:3"),
    ],
)
def test_errors_name_the_file_and_field(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_project(write(tmp_path, text))
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(tmp_path / "dataready.yml"))
    assert "\n" not in str(caught.value)
