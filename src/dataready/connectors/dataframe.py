"""An in-memory pandas DataFrame (notebooks, tests, pipeline steps), measured through DuckDB."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from dataready.connectors.base import Connector, OpenedSource
from dataready.connectors.dialects import dialect_for
from dataready.connectors.duckdb import duckdb_columns
from dataready.model import ColumnKind, Source

if TYPE_CHECKING:
    import pandas as pd

    from dataready.config import SourceConfig


def kind_of_dtype(series: pd.Series) -> ColumnKind:
    import pandas as pd

    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return ColumnKind.BOOLEAN
    if pd.api.types.is_numeric_dtype(dtype):
        return ColumnKind.NUMBER
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return ColumnKind.DATETIME
    if pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(dtype):
        return ColumnKind.STRING
    return ColumnKind.OTHER


class DataFrameConnector(Connector):
    kind: ClassVar[str] = "dataframe"

    def __init__(self, source: Source, frame: pd.DataFrame) -> None:
        super().__init__(source, secret_location=source.location)
        self.frame = frame

    @classmethod
    def accepts(cls, location: str) -> bool:
        return False  # DataFrames are handed over in Python, never named by a location

    @classmethod
    def expand(cls, config: SourceConfig, root: Path) -> list[tuple[Source, str]]:
        raise NotImplementedError("DataFrames are passed to dataready.audit() directly")

    @contextmanager
    def open(self) -> Iterator[OpenedSource]:
        import sqlalchemy as sa

        from dataready.connectors.files import new_duckdb_engine

        engine = new_duckdb_engine()
        try:
            with engine.connect() as conn:
                raw = conn.connection.driver_connection
                # A view over the registered frame: DuckDB reads it in place and never alters it (only
                # columns of a type DuckDB cannot read are converted, on a shallow copy).
                raw.register("frame_data", _readable(self.frame))  # type: ignore[union-attr]
                conn.exec_driver_sql("CREATE VIEW src AS SELECT * FROM frame_data")
                yield OpenedSource(
                    conn, sa.table("src"), duckdb_columns(conn, "src"), dialect_for("duckdb")
                )
        finally:
            engine.dispose()


_FOREIGN_DTYPES = ("period", "interval", "Sparse")
"""pandas dtypes DuckDB cannot read: audited as their text ("2024-01", "(0, 1]")."""


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame, with the few columns DuckDB cannot read as text; the caller's frame is not altered."""
    foreign = [c for c in frame.columns if str(frame[c].dtype).startswith(_FOREIGN_DTYPES)]
    if not foreign:
        return frame
    readable = frame.copy(deep=False)
    for c in foreign:
        readable[c] = frame[c].astype(str).where(frame[c].notna())
    return readable
