"""Hostile inputs: secrets stay secret, interrupts and timeouts end cleanly, odd data is read."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dataready.cli import cli
from dataready.config import expand_env
from dataready.connectors.sql import safe_url, scrub
from tests.conftest import FULLY_DECLARED
from tests.dbutil import database

CANARY = "Canary@pw#7/x:?k"
"""A password holding every character that means something in a URL."""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def outputs_of(folder: Path, text: str) -> str:
    return text + "".join(p.read_text(errors="replace") for p in folder.glob("report*"))


def secret_fragments(secret: str) -> list[str]:
    from urllib.parse import quote

    return [secret, quote(secret, safe=""), secret.split("@")[0], secret.split("#")[1]]


# --- secrets ------------------------------------------------------------------------------


def test_a_substituted_password_is_percent_encoded_in_the_url_only(monkeypatch) -> None:
    monkeypatch.setenv("PW", CANARY)
    monkeypatch.setenv("HOST", "db.example.com")

    url = expand_env("postgresql://me:${PW}@${HOST}:5432/shop?sslpassword=${PW}", where="x")

    assert url == (
        "postgresql://me:Canary%40pw%237%2Fx%3A%3Fk@db.example.com:5432/shop"
        "?sslpassword=Canary%40pw%237%2Fx%3A%3Fk"
    )
    assert expand_env("owner: ${PW}", where="x") == f"owner: {CANARY}"
    assert expand_env("${PW}", where="x") == CANARY


@pytest.mark.postgres
def test_a_password_with_url_characters_reaches_the_server_and_no_output(
    tmp_path: Path, project_file, monkeypatch
) -> None:
    monkeypatch.setenv("PG_PASSWORD", CANARY)
    with database("postgresql", tmp_path) as db:
        db.create_table("people", "id INTEGER, city TEXT", [(i, "Paris") for i in range(30)])
        location = db.url.replace("postgres@", "postgres:${PG_PASSWORD}@") + (
            "?sslpassword=${PG_PASSWORD}&application_name=dr"
        )
        path = project_file(
            {"name": "people", "location": location, "table": "people", **FULLY_DECLARED}
        )
        texts = []
        for fmt, suffix in (
            ("json", "json"),
            ("markdown", "md"),
            ("html", "html"),
            ("terminal", "txt"),
        ):
            code, out = run(
                "audit",
                str(path),
                "--format",
                fmt,
                "-o",
                str(tmp_path / f"report.{suffix}"),
                "--junit",
                str(tmp_path / f"report-{fmt}.xml"),
            )
            assert code in (0, 1), out
            texts.append(out)

    everything = outputs_of(tmp_path, "".join(texts))
    assert '"location": "postgresql+psycopg://postgres:***@127.0.0.1:5432/' in everything
    for fragment in secret_fragments(CANARY):
        assert fragment not in everything


@pytest.mark.postgres
def test_a_password_in_the_query_string_is_hidden_in_error_lines(tmp_path: Path) -> None:
    url = (
        "postgresql+psycopg://nobody@127.0.0.1:1/shop?password=QueryStringCanary9&connect_timeout=2"
    )

    code, out = run("audit", url, "--format", "json")

    assert code == 3
    assert "QueryStringCanary9" not in out
    assert "password=***" in out
    assert "Traceback" not in out and len(out.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:pw@h/db?password=QSCanary1",
        "mysql+pymysql://u@h/db?passwd=QSCanary1&charset=utf8",
        "postgresql://u@h/db?sslpassword=QSCanary1",
        "snowflake://u@acct/db?token=QSCanary1",
        "trino://u@h/cat?access_key=QSCanary1",
    ],
)
def test_secret_query_parameters_are_hidden(url: str) -> None:
    assert "QSCanary1" not in safe_url(url)
    assert "QSCanary1" not in scrub(f"server said: bad credentials QSCanary1 for {url}", url)


def test_a_short_secret_is_scrubbed_without_garbling_words() -> None:
    url = "postgresql://me:an@h/db"

    assert scrub('cannot connect: password "an" rejected for me and others', url) == (
        'cannot connect: password "***" rejected for me and others'
    )
    assert scrub("an", url) == "***"
