"""Residency: personal data kept in the regions the use case allows, on file and SQLite sources."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

import dataready
from dataready.checks.residency import RegionMismatch
from dataready.errors import ConfigError
from dataready.model import Level
from dataready.vocabulary.regions import region_allowed, region_of_location
from tests.conftest import FULLY_DECLARED, assert_finding, assert_no_finding, findings


@pytest.fixture
def customers(tmp_path: Path) -> Path:
    path = tmp_path / "customers.csv"
    rows = [f"{i},customer{i}@example.com,Paris" for i in range(1, 41)]
    path.write_text("id,email,city\n" + "\n".join(rows) + "\n")
    return path


@pytest.fixture
def products(tmp_path: Path) -> Path:
    path = tmp_path / "products.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE products (id INTEGER, sku TEXT, city TEXT)")
        conn.executemany(
            "INSERT INTO products VALUES (?, ?, ?)",
            [(i, f"SKU-{i:04d}", "Paris") for i in range(1, 41)],
        )
    conn.close()
    return path


def _source(name: str, location: Path | str, **extra: object) -> dict[str, object]:
    return {"name": name, "location": str(location), **FULLY_DECLARED, **extra}


def test_personal_data_outside_the_allowed_regions_is_a_blocker(customers, project_file) -> None:
    path = project_file(
        _source("customers", customers, personal_columns=["email"], region="us-east-1"),
        use_case={"name": "support", "allowed_regions": ["eu"]},
    )

    card = dataready.audit(path)

    found = assert_finding(card, "privacy", check="data_residency", severity="blocker")
    assert "us-east-1 (declared)" in found.message and "allows: eu" in found.message
    assert found.measured == {"region": "us-east-1", "from": "declared"}
    assert card["customers"].level is Level.NOT_READY


def test_personal_data_inside_an_allowed_area_is_fine(customers, project_file) -> None:
    path = project_file(
        _source("customers", customers, personal_columns=["email"], region="EU-West-1"),
        use_case={"name": "support", "allowed_regions": "eu"},
    )

    card = dataready.audit(path)

    assert card["customers"].source.region == "eu-west-1"
    assert_no_finding(card, "privacy", check="data_residency")
    assert_no_finding(card, "privacy", check="region_undeclared")


def test_data_without_personal_data_may_live_anywhere(products, project_file) -> None:
    path = project_file(
        _source("products", f"sqlite:///{products}", table="products", region="us-east-1"),
        use_case={"name": "support", "allowed_regions": ["eu-west-1", "eu-central-1"]},
    )

    card = dataready.audit(path)

    assert_no_finding(card, "privacy", check="data_residency")


def test_a_source_without_a_region_is_a_warning_when_regions_are_restricted(
    customers, products, project_file
) -> None:
    path = project_file(
        _source("customers", customers),
        _source("products", f"sqlite:///{products}", table="products"),
        use_case={"name": "support", "allowed_regions": ["eu"]},
    )

    card = dataready.audit(path)

    for name in ("customers", "products"):
        found = assert_finding(
            card, "privacy", check="region_undeclared", source=name, severity="warning"
        )
        assert "allows only eu" in found.message
    assert not findings(card, check="data_residency")


def test_without_allowed_regions_nothing_is_asked(customers, project_file) -> None:
    card = dataready.audit(project_file(_source("customers", customers)))

    assert not findings(card, check="region_undeclared")
    assert not findings(card, check="data_residency")


def test_a_region_name_is_checked_when_the_project_is_read(customers, project_file) -> None:
    with pytest.raises(ConfigError, match=r"sources\[customers\]\.region: expected a region name"):
        dataready.audit(project_file(_source("customers", customers, region="eu west")))
    with pytest.raises(ConfigError, match=r"use_case\.allowed_regions"):
        dataready.audit(
            project_file(
                _source("customers", customers),
                use_case={"name": "x", "allowed_regions": ["eu/west"]},
            )
        )


@pytest.mark.parametrize(
    ("location", "region"),
    [
        ("https://bucket.s3.eu-west-1.amazonaws.com/exports/customers.csv", "eu-west-1"),
        ("https://s3.eu-central-1.amazonaws.com/bucket/customers.parquet", "eu-central-1"),
        ("https://bucket.s3.amazonaws.com/customers.csv", "us-east-1"),
        ("s3://bucket/customers.csv?s3_region=eu-north-1", "eu-north-1"),
        ("postgresql://app:***@crm.abc123.eu-west-2.rds.amazonaws.com:5432/crm", "eu-west-2"),
        ("bigquery://project/dataset?location=europe-west4", "europe-west4"),
        ("snowflake://analyst:***@xy12345.eu-central-1/db/public", "eu-central-1"),
        ("snowflake://analyst@xy12345.west-europe.azure/db", "west-europe"),
        ("snowflake://analyst@xy12345/db", "us-west-2"),
        ("snowflake://analyst@myorg-myaccount/db", None),
        ("gs://bucket/customers.csv", None),
        ("postgresql://app@db.internal:5432/crm", None),
        ("/data/customers.csv", None),
    ],
)
def test_the_region_a_location_states(location: str, region: str | None) -> None:
    assert region_of_location(location) == region


def test_an_area_allows_the_regions_inside_it() -> None:
    assert region_allowed("eu-west-1", ["eu"])
    assert region_allowed("europe-west4", ["eu"])
    assert region_allowed("eu-west-1", ["eu-west-1"])
    assert not region_allowed("eu-west-1", ["eu-west-2"])
    assert not region_allowed("us-east-1", ["eu", "uk"])
    assert not region_allowed("europe-west4", ["eu-west-1"])


def test_a_location_in_another_region_than_declared_is_reported(customers, project_file) -> None:
    from dataready.connectors.files import FileConnector
    from dataready.measure import measure
    from dataready.model import SampleSpec, Source

    source = Source(name="customers", connector="file", location=str(customers))
    with FileConnector(source, str(customers)).open() as opened:
        m = measure(opened, source, SampleSpec(size=100, seed=1))
    moved = dataclasses.replace(
        m,
        source=dataclasses.replace(
            source,
            location="https://bucket.s3.us-east-2.amazonaws.com/customers.csv",
            region="eu-west-1",
        ),
    )

    (found,) = RegionMismatch().run(moved)
    assert found.message == "declared region eu-west-1, but its location says us-east-2"
    assert found.severity.value == "warning"
    assert RegionMismatch().run(m) == []
