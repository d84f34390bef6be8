"""Deep profiles with ydata-profiling, computed on the audit's sample. The only module importing it.

Minimal mode by default; ``full`` adds correlations, duplicates and type inference, with the
pairwise interaction plots switched off (they take minutes on a few thousand rows).

ydata-profiling is an optional extra (``pip install 'dataready-audit[profile]'``). Its usage reporting
is switched off before it is imported, so profiling makes no network call.

Values in personal columns are replaced by masked pseudonyms before profiling (distinct values
stay distinct, so counts and uniqueness still hold) and e-mails and long numbers in other text
are masked, unless values are asked for.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import json
import os
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dataready._version import install_hint
from dataready.atomic import write_text
from dataready.errors import ConfigError
from dataready.model import (
    SampleSpec,
    Source,
)

if TYPE_CHECKING:
    import pandas as pd


INSTALL_HINT = (
    f"deep profiles need ydata-profiling, which is not installed: {install_hint('profile')}"
)


TOP_VALUES = 10
"""Most frequent values kept per column in the profile's JSON (the HTML has the full counts)."""


Progress = Callable[[str, str], None]


class ProfileUnavailable(ConfigError):
    """ydata-profiling is not installed (the ``profile`` extra)."""


@dataclass(frozen=True)
class ProfileAlert:
    """One alert of a profile: ``kind`` is the ydata-profiling alert type in lower case."""

    kind: str
    column: str | None
    text: str
    value: float | None = None
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    """A deep profile of one source's sample; displays as the ydata-profiling report in Jupyter."""

    source: str
    rows: int
    """Rows in the source."""
    rows_profiled: int
    seed: int
    full: bool
    seconds: float
    alerts: tuple[ProfileAlert, ...]
    masked: bool
    html_path: Path | None = None
    json_path: Path | None = None
    report: Any = field(default=None, repr=False, compare=False)
    """The ``ydata_profiling.ProfileReport``."""

    @property
    def sampled(self) -> bool:
        return self.rows_profiled < self.rows

    @property
    def mode(self) -> str:
        return "full (interactions off)" if self.full else "minimal"

    @property
    def scope(self) -> str:
        """``a sample of 100,000 of 1,000,000 rows (seed 42)`` or ``all 1,824 rows``."""
        if self.sampled:
            return f"a sample of {self.rows_profiled:,} of {self.rows:,} rows (seed {self.seed})"
        return f"all {self.rows:,} rows"

    def summary(self) -> str:
        where = f" → {self.html_path}" if self.html_path else ""
        return f"{self.source}: profiled {self.scope}, {self.mode} mode, in {self.seconds:.1f} s{where}"

    def to_html(self) -> str:
        """The ydata-profiling report as one HTML document."""
        return str(self.report.to_html())

    def _repr_html_(self) -> str:
        import html

        note = "personal values pseudonymised; " if self.masked else ""
        return (
            f"<div><p><b>{html.escape(self.source)}</b>: profiled {html.escape(self.scope)}, {self.mode} mode, "
            f"in {self.seconds:.1f} s ({note}{len(self.alerts)} alert(s)).</p>"
            f'<iframe srcdoc="{html.escape(self.to_html(), quote=True)}" width="100%" height="800" '
            f'style="border:1px solid #dfe4ee;border-radius:8px" title="profile of {html.escape(self.source)}"></iframe></div>'
        )


def available() -> bool:
    """Whether the ``profile`` extra is installed."""
    import importlib.util

    if "ydata_profiling" in sys.modules:
        return sys.modules["ydata_profiling"] is not None
    return importlib.util.find_spec("ydata_profiling") is not None


def private_view(frame: pd.DataFrame, source: Source, *, key: str | None = None) -> pd.DataFrame:
    """The frame as a profile may show it: personal columns pseudonymised, other text masked.

    A value of a personal column (named or declared so) becomes its first character and a keyed
    hash (``j***#3fa2c1d09e``): equal values stay equal and distinct values distinct (40 bits: a
    collision among 100,000 values is a 1-in-200 event), so counts, duplicates and uniqueness
    still hold, while the key (random per profile, never stored) keeps the hash from being looked
    up. In every other text column, personal data found inside values (e-mail addresses, phone
    and card numbers ...) is masked in place, as in every report.
    """
    import secrets

    import numpy as np
    import pandas as pd

    hash_key = key if key is not None else secrets.token_hex(8)  # pandas wants 16 characters
    out = frame.copy()
    for name in frame.columns:
        series = frame[name]
        if _personal(str(name), source):
            present = series.notna()
            text = series[present].astype(str)
            digest = pd.util.hash_pandas_object(
                text, index=False, hash_key=hash_key
            ).to_numpy() >> np.uint64(24)
            tokens = (
                text.str[:1] + "***#" + pd.Series(np.char.mod("%010x", digest), index=text.index)
            )
            out[name] = pd.Series(None, index=series.index, dtype=object)
            out.loc[present, name] = tokens
        elif series.dtype == object or isinstance(series.dtype, pd.StringDtype):
            out[name] = _masked_text(series)
    return out


def _personal(column: str, source: Source) -> bool:
    from dataready.pii.masking import is_personal_column

    declared = source.column_sensitivity.get(column)
    if declared is not None:
        return declared in ("personal", "special")
    return is_personal_column(column, source.sensitivity)


def _masked_text(series: pd.Series) -> pd.Series:
    """Personal data inside text masked in place, one scan over the column's distinct strings."""
    import pandas as pd

    from dataready.pii.masking import mask_texts

    is_text = series.map(lambda v: isinstance(v, str)).astype(bool)
    if not is_text.any():
        return series
    values = pd.unique(series[is_text])
    masked = dict(zip(values, mask_texts(list(values)), strict=True))
    changed = {k: v for k, v in masked.items() if k != v}
    if not changed:
        return series
    out = series.astype(object).copy()
    hit = is_text & series.isin(list(changed))
    out[hit] = series[hit].map(changed)
    return out


def _import_profiler() -> Any:
    """Import ydata-profiling with its usage reporting off and its deprecation notice silenced."""
    # Any non-empty value turns the usage report (an HTTP request, and an nvidia-smi call) off.
    if not os.environ.get("YDATA_PROFILING_NO_ANALYTICS"):
        os.environ["YDATA_PROFILING_NO_ANALYTICS"] = "1"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import ydata_profiling
    except ImportError as exc:
        raise ProfileUnavailable(INSTALL_HINT) from exc
    return ydata_profiling


def show_progress() -> bool:
    """A progress bar for a person at a terminal; never under CI, in a pipe or in a notebook."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def profile_sample(
    src: Source,
    frame: pd.DataFrame,
    rows: int,
    spec: SampleSpec,
    *,
    started: float,
    full: bool,
    output: str | os.PathLike[str] | None,
    show_values: bool,
    progress: bool | None,
) -> Profile:
    """Profile ``frame``, the sample of ``rows`` rows read from ``src`` (``started``: when reading began)."""
    ydata = _import_profiler()
    if not show_values:
        frame = private_view(frame, src)
    bar = show_progress() if progress is None else progress
    scope = (
        f"all {rows:,} rows"
        if len(frame) >= rows
        else f"a sample of {len(frame):,} of {rows:,} rows (seed {spec.seed})"
    )
    settings: dict[str, Any] = {"title": f"{src.name}: {scope}", "progress_bar": bar}
    if full:
        # The pairwise scatter plots are drawn inside get_description() and take minutes.
        settings["interactions"] = {"continuous": False, "targets": []}
    else:
        # Character-class and word tables of free text take most of a minimal profile's time and
        # three quarters of its HTML; --full has them.
        settings["minimal"] = True
        settings["vars"] = {"text": {"characters": False, "words": False}}
    report = ydata.ProfileReport(frame, **settings)
    # progress_bar=False leaves one bar on: keep stderr clean unless a bar is wanted.
    quiet = contextlib.nullcontext() if bar else contextlib.redirect_stderr(io.StringIO())
    with quiet, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        description = report.get_description()
        page = report.to_html() if output is not None else None
    alerts = tuple(_alert(a) for a in description.alerts)
    html_path = json_path = None
    if output is not None:
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        html_path = folder / f"{file_stem(src.name)}.html"
        json_path = folder / f"{file_stem(src.name)}.json"
        write_text(html_path, page or "")
    result = Profile(
        source=src.name,
        rows=rows,
        rows_profiled=len(frame),
        seed=spec.seed,
        full=full,
        seconds=0.0,
        alerts=alerts,
        masked=not show_values,
        html_path=html_path,
        json_path=json_path,
        report=report,
    )
    result = dataclasses.replace(result, seconds=time.perf_counter() - started)
    if json_path is not None:
        write_text(
            json_path,
            json.dumps(profile_document(result, description), indent=1, ensure_ascii=False) + "\n",
        )
    return result


def file_stem(name: str) -> str:
    """A file name for a source name (``crm.customers`` stays, ``data/x y.csv`` → ``data_x_y.csv``)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "source"


def _alert(alert: Any) -> ProfileAlert:
    kind = alert.alert_type.name.lower()
    values = alert.values if isinstance(alert.values, dict) else {}
    value: float | None = None
    related: tuple[str, ...] = ()
    if kind == "skewed":
        value = _number(values.get("skewness"))
    elif kind == "imbalance":
        value = _number(values.get("imbalance"))
    elif kind == "high_correlation":
        related = tuple(str(f) for f in values.get("fields") or ())
    try:
        text = str(alert)
    except Exception:  # an alert that cannot describe itself still has its type and column
        text = f"[{alert.column_name}] {kind.replace('_', ' ')}"
    return ProfileAlert(
        kind, None if alert.column_name is None else str(alert.column_name), text, value, related
    )


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None


def profile_document(result: Profile, description: Any) -> dict[str, Any]:
    """The profile as compact JSON: table figures, per-column scalars and top values, alerts.

    ydata-profiling's own ``to_json()`` carries every value count (tens of MB on 100k rows);
    the HTML report has those.
    """
    from importlib import metadata

    variables = {}
    for name, stats in description.variables.items():
        kept: dict[str, Any] = {}
        for key, value in stats.items():
            plain = _plain(value)
            if plain is not _SKIP:
                kept[key] = plain
        counts = stats.get("value_counts_without_nan")
        if counts is not None and hasattr(counts, "head"):
            kept["top_values"] = [
                [_plain_key(k), int(v)] for k, v in counts.head(TOP_VALUES).items()
            ]
        variables[str(name)] = kept
    return {
        "source": result.source,
        "rows": result.rows,
        "rows_profiled": result.rows_profiled,
        "sampled": result.sampled,
        "seed": result.seed,
        "mode": "full" if result.full else "minimal",
        "seconds": round(result.seconds, 3),
        "values_masked": result.masked,
        "profiler": f"ydata-profiling {metadata.version('ydata-profiling')}",
        "generated_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "table": {
            k: v
            for k, v in ((k, _plain(v)) for k, v in description.table.items())
            if v is not _SKIP
        },
        "alerts": [dataclasses.asdict(a) | {"related": list(a.related)} for a in result.alerts],
        "variables": variables,
    }


_SKIP = object()


def _plain(value: Any) -> Any:
    """JSON scalars (and small dicts of them) as they are; Series, arrays and big structures skipped."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict) and len(value) <= 20:
        items = {str(k): _plain(v) for k, v in value.items()}
        return {k: v for k, v in items.items() if v is not _SKIP}
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "ndim", 0) == 0:
        try:
            return _plain(item())
        except (TypeError, ValueError):
            return _SKIP
    if type(value).__name__ == "Timestamp":
        return str(value)
    return _SKIP


def _plain_key(value: Any) -> Any:
    plain = _plain(value)
    return str(value) if plain is _SKIP else plain


def profile_links(profiles: Iterable[Profile], relative_to: Path) -> Mapping[str, str]:
    """Source name → link to its HTML profile, relative to the folder of the report that links it."""
    links = {}
    for p in profiles:
        if p.html_path is None:
            continue
        try:
            links[p.source] = Path(
                os.path.relpath(p.html_path.resolve(), relative_to.resolve())
            ).as_posix()
        except ValueError:  # another drive on Windows
            links[p.source] = p.html_path.resolve().as_uri()
    return links
