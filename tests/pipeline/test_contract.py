"""``dataready contract``: a CSV project exported as an ODCS v3 contract, and imported back."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from dataready.cli import cli
from dataready.config import load_project

pytest.importorskip("open_data_contract_standard")
from open_data_contract_standard.model import OpenDataContractStandard

PROJECT = """\
version: 1
use_case:
  name: Churn model
  purpose: Predict which customers leave
sources:
  - name: customers
    location: data/customers.csv
    description: One row per customer
    owner: CRM team
    steward: Ann Lee
    contact: crm@example.com
    refresh: daily
    sensitivity: personal
    purpose: training
    key: [id]
    timestamp: updated
    columns:
      email: {sensitivity: personal}
      country: {sensitivity: internal}
"""

EXPECTATIONS: list[dict[str, Any]] = [
    {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "email"}},
    {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "id"}},
    {
        "type": "expect_column_values_to_be_in_set",
        "kwargs": {"column": "country", "value_set": ["DE", "FR"]},
    },
    {
        "type": "expect_column_values_to_be_between",
        "kwargs": {"column": "amount", "min_value": 0, "max_value": 100},
    },
    {
        "type": "expect_table_row_count_to_be_between",
        "kwargs": {"min_value": 10, "max_value": 1000},
    },
    {
        "type": "expect_column_values_to_match_regex",
        "kwargs": {"column": "email", "regex": "@", "mostly": 0.9},
    },
]


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "expectations").mkdir()
    pd.DataFrame(
        {
            "id": range(1, 21),
            "email": [f"u{i}@example.org" for i in range(20)],
            "country": ["DE", "FR"] * 10,
            "amount": [i * 1.5 for i in range(20)],
            "updated": pd.date_range("2024-01-01", periods=20).strftime("%Y-%m-%d %H:%M:%S"),
        }
    ).to_csv(tmp_path / "data" / "customers.csv", index=False)
    (tmp_path / "dataready.yml").write_text(PROJECT, encoding="utf-8")
    suite = {"name": "customers", "expectations": EXPECTATIONS}
    (tmp_path / "expectations" / "customers.json").write_text(json.dumps(suite), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def exported(project: Path) -> dict[str, Any]:
    result = run("contract", "export", "-o", "contract.yaml")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = yaml.safe_load((project / "contract.yaml").read_text())
    return document


def test_the_export_of_a_csv_project_is_a_valid_odcs_contract(project: Path) -> None:
    document = exported(project)
    OpenDataContractStandard.model_validate(document)
    schema = json.loads(
        resources.files("open_data_contract_standard").joinpath("schema.json").read_text()
    )
    jsonschema.validators.validator_for(schema)(schema).validate(document)

    assert document["kind"] == "DataContract"
    assert document["apiVersion"].startswith("v3.")
    assert document["team"]["members"][0] == {"username": "CRM team", "role": "owner"}
    assert document["support"][0]["channel"] == "crm@example.com"
    assert document["slaProperties"] == [
        {"property": "frequency", "value": "daily", "element": "customers"}
    ]
    assert document["servers"][0]["path"] == "data/customers.csv"
    (customers,) = document["schema"]
    props = {p["name"]: p for p in customers["properties"]}
    assert list(props) == ["id", "email", "country", "amount", "updated"]
    assert props["id"]["logicalType"] == "integer" and props["id"]["primaryKey"] is True
    assert props["amount"]["logicalType"] == "number"
    assert props["amount"]["logicalTypeOptions"] == {"minimum": 0, "maximum": 100}
    assert props["updated"]["logicalType"] == "timestamp"
    assert props["email"]["classification"] == "personal"
    assert {"type": "library", "metric": "nullValues", "mustBe": 0} in props["email"]["quality"]
    assert props["id"]["quality"] == [{"type": "library", "metric": "duplicateValues", "mustBe": 0}]
    assert props["country"]["quality"][0]["arguments"] == {"validValues": ["DE", "FR"]}
    assert customers["quality"] == [
        {"type": "library", "metric": "rowCount", "mustBeBetween": [10, 1000]}
    ]
    # An expectation without a plain ODCS form is kept whole, for Great Expectations to run.
    regex = props["email"]["quality"][1]
    assert regex["engine"] == "great-expectations"
    assert regex["implementation"]["kwargs"]["mostly"] == 0.9


def test_export_then_import_gives_back_the_metadata_and_the_expectations(project: Path) -> None:
    exported(project)
    (project / "back").mkdir()
    result = run("contract", "import", "contract.yaml", "-o", "back/dataready.yml")
    assert result.exit_code == 0, result.output

    before = load_project(project / "dataready.yml").sources[0]
    after = load_project(project / "back" / "dataready.yml").sources[0]
    for field in (
        "name",
        "location",
        "owner",
        "steward",
        "contact",
        "refresh",
        "key",
        "sensitivity",
        "description",
        "purpose",
        "timestamp",
    ):
        assert getattr(after, field) == getattr(before, field), field
    assert after.column_sensitivity() == before.column_sensitivity()

    suite = json.loads((project / "back" / "expectations" / "customers.json").read_text())
    as_set = {json.dumps(e, sort_keys=True) for e in suite["expectations"]}
    assert as_set == {json.dumps(e, sort_keys=True) for e in EXPECTATIONS}


def test_a_contract_without_servers_leaves_the_location_to_set(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = exported(project)
    del document["servers"]
    (project / "bare.yaml").write_text(yaml.safe_dump(document))
    (project / "bare").mkdir()
    result = run("contract", "import", "bare.yaml", "-o", "bare/dataready.yml")
    assert result.exit_code == 0, result.output
    assert "CUSTOMERS_LOCATION" in result.output
    assert "CUSTOMERS_LOCATION" in (project / "bare" / "dataready.yml").read_text()
    monkeypatch.setenv("CUSTOMERS_LOCATION", "data/customers.csv")
    imported = load_project(project / "bare" / "dataready.yml").sources[0]
    assert imported.location == "data/customers.csv"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("export", "-o", "dataready.yml"), "dataready.yml"),
        (("export", "-o", "data/customers.csv", "--force"), "which this run reads"),
        (("import", "dataready.yml", "-o", "new.yml"), "not an ODCS contract"),
        (("import", "missing.yaml", "-o", "new.yml"), "no such contract file"),
    ],
)
def test_errors_are_one_line(project: Path, args: tuple[str, ...], message: str) -> None:
    result = run("contract", *args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dataready: error:"), result.output
    assert message in lines[0]


def test_nothing_is_overwritten_without_force(project: Path) -> None:
    exported(project)
    again = run("contract", "export", "-o", "contract.yaml")
    assert again.exit_code == 2 and "--force" in again.output
    assert run("contract", "export", "-o", "contract.yaml", "--force").exit_code == 0

    before = (project / "dataready.yml").read_text()
    refused = run("contract", "import", "contract.yaml")
    assert refused.exit_code == 2 and "already exists" in refused.output
    assert (project / "dataready.yml").read_text() == before
