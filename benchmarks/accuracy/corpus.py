"""The corpus: real public tables that ship inside installed PyPI packages (no network at run time).

Each table is read from the file its package ships, with pandas defaults (so the package's own
missing-value markers such as ``NA`` become nulls), and is later written back with
:func:`write_table`, the one writer used for clean controls and defective copies alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class TableSpec:
    name: str
    package: str
    """The PyPI distribution that ships the file."""
    resource: str
    """Path of the file inside the importable package named by ``module``."""
    module: str
    description: str
    reader: Callable[[Path], pd.DataFrame]


def _csv(**kwargs: object) -> Callable[[Path], pd.DataFrame]:
    def read(path: Path) -> pd.DataFrame:
        return pd.read_csv(path, **kwargs)  # type: ignore[call-overload]

    return read


def _anes96(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, sep="\t")
    return frame.rename(columns=lambda c: str(c).strip("'"))


def _json(path: Path) -> pd.DataFrame:
    # convert_dates=False keeps "1970-01-01" as the text the file holds.
    return pd.read_json(path, convert_dates=False)


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "penguins",
        "palmerpenguins",
        "data/penguins.csv",
        "palmerpenguins",
        "Palmer penguins: species, island, sex (categories), body measurements",
        _csv(),
    ),
    TableSpec(
        "penguins_raw",
        "palmerpenguins",
        "data/penguins-raw.csv",
        "palmerpenguins",
        "Palmer penguins, raw: sample ids, egg dates, categories, isotopes, comments",
        _csv(),
    ),
    TableSpec(
        "seattle_weather",
        "vega_datasets",
        "_data/seattle-weather.csv",
        "vega_datasets",
        "daily Seattle weather 2012-2015: date, measures, weather category",
        _csv(),
    ),
    TableSpec(
        "stocks",
        "vega_datasets",
        "_data/stocks.csv",
        "vega_datasets",
        "monthly stock prices: symbol, date written 'Jan 1 2000', price",
        _csv(),
    ),
    TableSpec(
        "airports",
        "vega_datasets",
        "_data/airports.csv",
        "vega_datasets",
        "US airports: IATA code, name, city, state, country, coordinates",
        _csv(),
    ),
    TableSpec(
        "la_riots",
        "vega_datasets",
        "_data/la-riots.csv",
        "vega_datasets",
        "deaths in the 1992 Los Angeles riots: names, age, gender, race, date, address",
        _csv(),
    ),
    TableSpec(
        "cars",
        "vega_datasets",
        "_data/cars.json",
        "vega_datasets",
        "car models 1970-1982: name, engine figures, model year, origin",
        _json,
    ),
    TableSpec(
        "autos",
        "statsmodels",
        "gam/tests/results/autos.csv",
        "statsmodels",
        "UCI automobile (imports-85): make, fuel, body style and other categories, price",
        _csv(),
    ),
    TableSpec(
        "lbw",
        "statsmodels",
        "genmod/tests/results/stata_lbw_glm.csv",
        "statsmodels",
        "Hosmer-Lemeshow low birth weight study: id, mother's age, weight, race, visits",
        _csv(),
    ),
    TableSpec(
        "fertility",
        "statsmodels",
        "datasets/fertility/fertility.csv",
        "statsmodels",
        "World Bank fertility rate per country and year 1960-2013 (wide)",
        _csv(),
    ),
    TableSpec(
        "star98",
        "statsmodels",
        "datasets/star98/star98.csv",
        "statsmodels",
        "California STAR test results 1998 per school district: counts and percentages",
        _csv(),
    ),
    TableSpec(
        "anes96",
        "statsmodels",
        "datasets/anes96/anes96.csv",
        "statsmodels",
        "American National Election Study 1996: coded survey answers, age, income",
        _anes96,
    ),
    TableSpec(
        "fair_pt",
        "statsmodels",
        "datasets/fair/fair_pt.csv",
        "statsmodels",
        "Fair's affairs, Psychology Today sample: identifier, age, years married, children",
        _csv(),
    ),
    TableSpec(
        "statecrime",
        "statsmodels",
        "datasets/statecrime/statecrime.csv",
        "statsmodels",
        "US state crime rates and demographics (one row per state)",
        _csv(),
    ),
    TableSpec(
        "randhie",
        "statsmodels",
        "datasets/randhie/randhie.csv",
        "statsmodels",
        "RAND health insurance experiment: visits per person-year, coinsurance, health (20k rows)",
        _csv(),
    ),
)


def table_path(spec: TableSpec) -> Path:
    return Path(str(resources.files(spec.module).joinpath(spec.resource)))


def load_table(spec: TableSpec) -> pd.DataFrame:
    return spec.reader(table_path(spec))


def load_corpus() -> dict[str, pd.DataFrame]:
    return {spec.name: load_table(spec) for spec in TABLES}


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """The one writer for every table of the benchmark: plain CSV, no index, empty string for null."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
