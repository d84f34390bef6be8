"""Scorecards in notebooks: findings and plan as DataFrames, the dimension-score plot, small tables.

Everything here imports pandas or matplotlib, so it is imported only when a notebook asks for it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from dataready.model import Finding, PlanStep, Severity

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from dataready.model import Scorecard

FINDING_COLUMNS = (
    "source",
    "dimension",
    "check",
    "severity",
    "column",
    "message",
    "affected",
    "total",
    "share",
    "basis",
    "sample_size",
    "examples",
    "action",
    "effort",
    "expectation",
)
PLAN_COLUMNS = (
    "rank",
    "source",
    "column",
    "dimension",
    "severity",
    "title",
    "action",
    "owner",
    "effort",
    "impact",
    "measured",
    "expectation",
)
BRIEF_COLUMNS = (
    "source",
    "severity",
    "dimension",
    "column",
    "message",
    "affected",
    "share",
    "basis",
    "title",
    "action",
    "owner",
    "effort",
)
"""What a notebook shows when the findings or the plan are displayed; ``to_frame()`` has everything."""


def severity_dtype() -> Any:
    """Severities as an ordered category, so ``frame[frame.severity >= "warning"]`` works."""
    import pandas as pd

    return pd.CategoricalDtype([s.value for s in Severity], ordered=True)


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """One row per finding; ``column`` joins a finding's columns with ", " (empty for source-level findings)."""
    import pandas as pd

    rows = []
    for f in findings:
        remediation = f.remediation
        rows.append(
            {
                "source": f.source,
                "dimension": f.dimension.value,
                "check": f.check,
                "severity": f.severity.value,
                "column": ", ".join(f.columns),
                "message": f.message,
                "affected": f.affected,
                "total": f.total,
                "share": f.share,
                "basis": f.basis.value,
                "sample_size": f.sample_size,
                "examples": list(f.examples),
                "action": remediation.action if remediation else None,
                "effort": remediation.effort if remediation else None,
                "expectation": dict(remediation.expectation)
                if remediation and remediation.expectation
                else None,
            }
        )
    frame = pd.DataFrame(rows, columns=list(FINDING_COLUMNS))
    frame["severity"] = frame["severity"].astype(severity_dtype())
    frame["affected"] = frame["affected"].astype("Int64")
    frame["total"] = frame["total"].astype("Int64")
    frame["sample_size"] = frame["sample_size"].astype("Int64")
    frame["share"] = frame["share"].astype("Float64")
    return frame


def plan_frame(steps: Iterable[PlanStep]) -> pd.DataFrame:
    """One row per remediation step, indexed by rank (1 is the most impactful)."""
    import pandas as pd

    rows = [
        {
            "rank": p.rank,
            "source": p.source,
            "column": ", ".join(p.columns),
            "dimension": p.dimension.value,
            "severity": p.severity.value,
            "title": p.title,
            "action": p.action,
            "owner": p.owner,
            "effort": p.effort,
            "impact": round(p.impact, 4),
            "measured": p.measured,
            "expectation": dict(p.expectation) if p.expectation else None,
        }
        for p in steps
    ]
    frame = pd.DataFrame(rows, columns=list(PLAN_COLUMNS))
    frame["severity"] = frame["severity"].astype(severity_dtype())
    return frame.set_index("rank")


def frame_html(frame: pd.DataFrame, *, brief: bool = False, max_rows: int = 50) -> str:
    """A DataFrame as a notebook table; ``brief`` keeps the columns a reader scans first."""
    shown = frame[[c for c in frame.columns if c in BRIEF_COLUMNS]] if brief else frame
    if "share" in shown.columns:
        shown = shown.assign(
            share=shown["share"].map(lambda v: "" if v is None or v != v else f"{v:.1%}")
        )
    more = len(shown) - max_rows
    table = shown.head(max_rows).to_html(na_rep="", classes="dataframe", escape=True, border=0)
    note = (
        f"<p><i>{more} more row(s); <code>.to_frame()</code> has them all.</i></p>"
        if more > 0
        else f"<p><i>{len(frame)} row(s); <code>.to_frame()</code> gives the DataFrame with every field.</i></p>"
    )
    return table + note


def rows_html(rows: Iterable[dict[str, Any]]) -> str:
    """Small table of example rows (already masked by the audit)."""
    rows = list(rows)
    if not rows:
        return ""
    names = list(rows[0])
    head = "".join(f"<th>{html.escape(str(n))}</th>" for n in names)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape('' if r.get(n) is None else str(r.get(n)))}</td>" for n in names
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def score_matrix(card: Scorecard) -> tuple[list[str], list[str], list[list[float | None]]]:
    """(source names, assessed dimension names, scores[source][dimension]) for charts."""
    from dataready.reporting.markdown import assessed_dimensions

    dims = assessed_dimensions(card)
    names = [s.source.name for s in card.sources]
    scores = [[s.dimension(d).score for d in dims] for s in card.sources]
    return names, [d.value for d in dims], scores


def plot_scores(card: Scorecard, ax: Axes | None = None) -> Axes:
    """Heatmap of dimension scores per source: red below 60, amber below 80, green above; n/a blank."""
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        from dataready._version import install_hint

        raise ModuleNotFoundError(
            f"card.plot() draws with matplotlib, which is not installed: {install_hint('notebook')}",
            name="matplotlib",
        ) from None
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap

    names, dims, scores = score_matrix(card)
    values = np.array(
        [[np.nan if v is None else v for v in row] for row in scores], dtype=float
    ).reshape(len(names), len(dims))
    if ax is None:
        _fig, ax = plt.subplots(
            figsize=(1.1 * max(len(dims), 3) + 2.5, 0.55 * max(len(names), 1) + 1.6),
            layout="constrained",
        )
    cmap = LinearSegmentedColormap.from_list(
        "readiness", ["#c62828", "#ef6c00", "#f9a825", "#7cb342", "#2e7d32"]
    )
    cmap.set_bad("#eeeeee")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=100, aspect="auto")
    ax.set_xticks(range(len(dims)), labels=dims, rotation=30, ha="right")
    ax.set_yticks(range(len(names)), labels=names)
    for i in range(len(names)):
        for j in range(len(dims)):
            v = values[i, j]
            ax.text(
                j,
                i,
                "n/a" if np.isnan(v) else f"{v:.0f}",
                ha="center",
                va="center",
                fontsize=9,
                color="#777777" if np.isnan(v) else "white" if v < 45 or v > 85 else "black",
            )
    ax.set_title(
        f"{card.use_case}: {card.level.value} (score {'n/a' if card.score is None else f'{card.score:.0f}'})"
    )
    figure = ax.get_figure()
    if figure is not None:
        figure.colorbar(image, ax=ax, label="score", fraction=0.04)
    return ax
