"""The HTML report: one self-contained file (styles, chart and script inline; nothing fetched).

Top to bottom: the verdict (overall level, score) and the checklist, a chart of dimension scores
per source, a card per source, the remediation plan, and every finding in a table that filters
and sorts in the browser. The same pieces, without script, make the notebook views.

Values come from the scorecard as the audit left them: masked unless it ran with ``show_values``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from dataready.model import (
    ChecklistItem,
    Finding,
    Level,
    Plan,
    PlanStep,
    Scorecard,
    Severity,
    SourceScorecard,
    Status,
)
from dataready.model.scorecard import UNASSIGNED
from dataready.reporting.markdown import assessed_dimensions, expectation_text, score_text

LEVEL_CLASS = {Level.READY: "ready", Level.CONDITIONAL: "conditional", Level.NOT_READY: "not-ready"}
STATUS_ICON = {Status.PASS: "✓", Status.FAIL: "✗", Status.NOT_ASSESSED: "–"}
STATUS_CLASS = {Status.PASS: "pass", Status.FAIL: "fail", Status.NOT_ASSESSED: "na"}
EXAMPLES_SHOWN = 3
COLUMNS_SHOWN = 3


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _count(n: int | None) -> str:
    return "—" if n is None else f"{n:,}"


LEVEL_FILL = {
    Level.READY: "hsl(130, 62%, 44%)",
    Level.CONDITIONAL: "hsl(52, 62%, 48%)",
    Level.NOT_READY: "hsl(0, 62%, 48%)",
}
"""A source's overall cell is coloured by its level (the legend's colours), not by its mean score."""


NOT_READY_BELOW, READY_FROM = 60.0, 80.0
"""The default thresholds, as the chart's legend states them."""


def _score_color(score: float | None) -> str:
    """The legend's colour for the band the score falls in; grey for n/a."""
    if score is None:
        return "#d9dee7"
    return LEVEL_FILL[level_band(score)]


def level_band(score: float) -> Level:
    """The legend's band a score falls in: below 60 not ready, below 80 conditions, else ready."""
    if score < NOT_READY_BELOW:
        return Level.NOT_READY
    return Level.CONDITIONAL if score < READY_FROM else Level.READY


def _size(n: int | None) -> str | None:
    if n is None:
        return None
    value = float(n)
    for unit in ("B", "KB", "MB"):
        if value < 1024:
            return f"{value:,.0f} {unit}" if unit == "B" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{value:,.1f} GB"


def _breakable(name: str) -> str:
    """``name`` escaped, with break opportunities after dots and underscores: a narrow column
    wraps ``marketing.customer_export`` between its parts instead of widening the table."""
    return re.sub(r"([._])", r"\1<wbr>", _e(name))


def _columns_cell(columns: Sequence[str]) -> str:
    return (
        f"<code>{_breakable(_columns_text(columns))}</code>"
        if columns
        else '<span class="dr-muted">—</span>'
    )


def _columns_text(columns: Sequence[str]) -> str:
    if len(columns) <= COLUMNS_SHOWN:
        return ", ".join(columns)
    return f"{', '.join(columns[:2])}, … ({len(columns)} columns)"


# --- shared pieces -------------------------------------------------------------------------------


def _level_badge(level: Level, *, big: bool = False, element_id: str | None = None) -> str:
    ident = f' id="{element_id}"' if element_id else ""
    size = " dr-level-big" if big else ""
    return f'<span{ident} class="dr-level dr-{LEVEL_CLASS[level]}{size}" data-level="{_e(level.value)}">{_e(level.value)}</span>'


def _severity_badge(severity: Severity) -> str:
    return f'<span class="dr-sev dr-sev-{severity.value}">{severity.value}</span>'


def _checklist(items: Iterable[ChecklistItem]) -> str:
    tiles = []
    for item in items:
        evidence = "".join(f"<li>{_e(line)}</li>" for line in item.evidence[:6])
        if len(item.evidence) > 6:
            evidence += f"<li class='dr-muted'>… {len(item.evidence) - 6} more</li>"
        tiles.append(
            f'<div class="dr-check dr-{STATUS_CLASS[item.status]}" data-key="{_e(item.key)}" data-status="{_e(item.status.value)}">'
            f'<div class="dr-check-head"><span class="dr-icon" aria-hidden="true">{STATUS_ICON[item.status]}</span>'
            f"<span class='dr-check-title'>{_e(item.title)}</span><span class='dr-check-status'>{_e(item.status.value)}</span></div>"
            f"<ul>{evidence}</ul></div>"
        )
    return f'<div class="dr-checklist">{"".join(tiles)}</div>'


def score_chart(card: Scorecard) -> str:
    """Inline SVG heatmap: one row per source, one column per assessed dimension, plus the overall score."""
    dims = assessed_dimensions(card)
    names = [s.source.name for s in card.sources]
    label_w = int(min(300, max(120, 20 + 7.8 * max((len(n) for n in names), default=8))))
    cell_w, cell_h, head_h, gap = 92, 34, 30, 4
    cols = [*(d.value for d in dims), "overall"]
    width = label_w + len(cols) * (cell_w + gap) + 8
    height = head_h + max(len(names), 1) * (cell_h + gap) + 8
    parts = [
        f'<svg class="dr-chart" role="img" viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="Dimension scores per source">'
    ]
    for j, name in enumerate(cols):
        x = label_w + j * (cell_w + gap) + cell_w / 2
        weight = "700" if name == "overall" else "500"
        parts.append(
            f'<text x="{x:.0f}" y="{head_h - 10}" text-anchor="middle" class="dr-chart-head" font-weight="{weight}">{_e(name)}</text>'
        )
    for i, s in enumerate(card.sources):
        y = head_h + i * (cell_h + gap)
        parts.append(
            f'<text x="{label_w - 10}" y="{y + cell_h / 2 + 4:.0f}" text-anchor="end" class="dr-chart-label">{_e(s.source.name)}</text>'
        )
        scores: list[tuple[str, float | None, str, str]] = [
            (
                d.value,
                s.dimension(d).score,
                s.dimension(d).explanation,
                _score_color(s.dimension(d).score),
            )
            for d in dims
        ]
        scores.append(("overall", s.score, f"{s.level.value}", LEVEL_FILL[s.level]))
        for j, (dim, score, why, fill) in enumerate(scores):
            x = label_w + j * (cell_w + gap)
            text_color = "#5b6576" if score is None else "#ffffff"
            stroke = ' stroke="#1f2a44" stroke-width="2"' if dim == "overall" else ""
            parts.append(
                f'<g class="dr-cell"><title>{_e(s.source.name)} · {_e(dim)}: {score_text(score)} — {_e(why)}</title>'
                f'<rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" rx="6" fill="{fill}"{stroke}/>'
                f'<text x="{x + cell_w / 2:.0f}" y="{y + cell_h / 2 + 5:.0f}" text-anchor="middle" fill="{text_color}" '
                f'class="dr-chart-value">{score_text(score)}</text></g>'
            )
    parts.append("</svg>")
    legend = (
        '<div class="dr-legend"><span><i style="background:hsl(0,62%,48%)"></i>below 60: not ready</span>'
        '<span><i style="background:hsl(52,62%,48%)"></i>60–80: conditions</span>'
        '<span><i style="background:hsl(130,62%,44%)"></i>80 and above: ready</span>'
        '<span><i style="background:#d9dee7"></i>n/a: not assessed</span></div>'
    )
    return "".join(parts) + legend


def _example_table(rows: Sequence[Mapping[str, Any]]) -> str:
    if not rows:
        return ""
    names = list(rows[0])
    head = "".join(f"<th>{_e(n)}</th>" for n in names)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(r.get(n))}</td>" for n in names) + "</tr>" for r in rows
    )
    return f'<div class="dr-scroll"><table class="dr-table dr-examples"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _source_card(
    s: SourceScorecard, profile: str | None = None, *, open_examples: bool = False
) -> str:
    src = s.source
    facts: list[tuple[str, str | None]] = [
        ("rows", _count(s.row_count)),
        ("columns", _count(s.column_count)),
        ("sample", None if s.sample_size is None else f"{s.sample_size:,} rows"),
        ("purpose", src.purpose),
        ("owner", src.owner or "none declared"),
        ("contact", src.contact),
        ("refresh", src.refresh),
        ("sensitivity", src.sensitivity),
        ("size", _size(s.size_bytes)),
        ("modified", None if s.modified_at is None else f"{s.modified_at:%Y-%m-%d %H:%M}"),
        ("where", src.location + (f" · {src.table}" if src.table else "")),
    ]
    facts_html = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts if v)
    bars = "".join(
        f'<div class="dr-bar"><span class="dr-bar-name">{_e(d.dimension.value)}</span>'
        f'<span class="dr-bar-track" title="{_e(d.explanation)}"><span class="dr-bar-fill" style="width:{d.score or 0:.0f}%;'
        f'background:{_score_color(d.score)}"></span></span><span class="dr-bar-value">{score_text(d.score)}</span></div>'
        for d in s.dimensions
        if d.score is not None
    )
    counts = {sev: sum(1 for f in s.findings if f.severity is sev) for sev in Severity}
    tally = (
        " ".join(
            f'<span class="dr-sev dr-sev-{sev.value}">{n} {sev.value}</span>'
            for sev, n in reversed(list(counts.items()))
            if n
        )
        or '<span class="dr-muted">no findings</span>'
    )
    error = f'<p class="dr-error">Could not be read: {_e(s.error)}</p>' if not s.reachable else ""
    description = f'<p class="dr-desc">{_e(src.description)}</p>' if src.description else ""
    link = f'<a class="dr-btn" href="{_e(profile)}">Deep profile →</a>' if profile else ""
    examples = ""
    if s.example_rows:
        examples = (
            f"<details{' open' if open_examples else ''}><summary>Example rows ({len(s.example_rows)} from the sample)</summary>"
            f"{_example_table(s.example_rows)}</details>"
        )
    return (
        f'<article class="dr-card" id="source-{_slug(src.name)}" data-source="{_e(src.name)}">'
        f'<header><h3>{_e(src.name)}</h3>{_level_badge(s.level)}<span class="dr-card-score">{score_text(s.score)}</span></header>'
        f"{description}{error}<div class='dr-tally'>{tally}</div><div class='dr-bars'>{bars}</div>"
        f"<dl class='dr-facts'>{facts_html}</dl>{examples}{link}</article>"
    )


def _plan_table(steps: Sequence[PlanStep]) -> str:
    """The plan's opening steps, then the rest under a heading row per owner and source."""
    if not steps:
        return '<p class="dr-empty">Nothing to fix: no step in the plan.</p>'
    plan = Plan(steps)
    rows = [_plan_row(p, head=True) for p in plan.head]
    for owner, source, group in plan.groups():
        who = "no owner declared" if owner == UNASSIGNED else owner
        rows.append(
            f'<tr class="dr-group"><th colspan="5">{_e(who)} · {_e(source)}</th></tr>'
            + "".join(_plan_row(p, head=False) for p in group)
        )
    return (
        '<div class="dr-scroll"><table class="dr-table dr-plan" id="plan-table"><thead><tr><th>#</th><th>where</th>'
        "<th>problem</th><th>do this</th><th>effort</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>"
    )


def _plan_row(p: PlanStep, *, head: bool) -> str:
    """One step; the opening steps name their source and owner, grouped ones have a heading."""
    where = _e(p.source) if head else ""
    if p.columns:
        where += f"{'<br>' if where else ''}<code>{_e(_columns_text(p.columns))}</code>"
    if head and p.owner != UNASSIGNED:
        where += f"<div class='dr-muted'>{_e(p.owner)}</div>"
    expectation = expectation_text(p.expectation)
    keep = (
        f"<details><summary>keep it fixed</summary><code class='dr-code'>{_e(expectation)}</code></details>"
        if expectation
        else ""
    )
    return (
        f'<tr class="dr-step" data-severity="{p.severity.value}" data-owner="{_e(p.owner)}">'
        f'<td class="dr-num">{p.rank}</td><td>{where}</td>'
        f"<td>{_severity_badge(p.severity)} {_e(p.title)}<div class='dr-muted'>{_e(p.measured)}</div></td>"
        f"<td>{_e(p.action)}{keep}</td><td class='dr-center'>{_e(p.effort)}</td></tr>"
    )


def _finding_row(f: Finding) -> str:
    share = f.share
    affected = (
        ""
        if f.affected is None
        else f"{f.affected:,}" + ("" if share is None else f" ({share:.1%})")
    )
    examples = ", ".join(str(x) for x in f.examples[:EXAMPLES_SHOWN])
    sort_affected = -1 if f.affected is None else f.affected
    return (
        f'<tr data-source="{_e(f.source)}" data-dimension="{f.dimension.value}" data-rank="{f.severity.rank}">'
        f'<td data-sort="{f.severity.rank}">{_severity_badge(f.severity)}</td><td>{_breakable(f.source)}</td>'
        f"<td>{_e(f.dimension.value)}</td><td>{_columns_cell(f.columns)}</td>"
        f"<td class='dr-text'>{_e(f.message)}</td><td class='dr-num' data-sort='{sort_affected}'>{affected}</td>"
        f"<td class='dr-muted'>{_e(f.basis_text)}</td><td class='dr-examples-cell'>{_e(examples)}</td></tr>"
    )


def _findings_table(card: Scorecard) -> str:
    findings = sorted(card.findings, key=lambda f: (-f.severity.rank, f.source, f.dimension.value))
    sources = "".join(
        f'<option value="{_e(s.source.name)}">{_e(s.source.name)}</option>' for s in card.sources
    )
    dims = sorted({f.dimension.value for f in findings})
    dim_options = "".join(f'<option value="{d}">{d}</option>' for d in dims)
    severity_options = "".join(
        f'<option value="{sev.rank}"{" selected" if sev is Severity.INFO else ""}>{sev.value}{" and above" if sev is not Severity.BLOCKER else ""}</option>'
        for sev in Severity
    )
    controls = (
        '<div class="dr-controls"><input type="search" id="f-search" placeholder="Search findings…" aria-label="Search findings">'
        f'<select id="f-source" aria-label="Source"><option value="">all sources</option>{sources}</select>'
        f'<select id="f-dimension" aria-label="Dimension"><option value="">all dimensions</option>{dim_options}</select>'
        f'<select id="f-severity" aria-label="Severity">{severity_options}</select>'
        f'<span id="f-count" class="dr-muted">{len(findings)} findings</span></div>'
    )
    head = "".join(
        f'<th data-type="{kind}" tabindex="0" aria-sort="none">{label}</th>'
        for label, kind in (
            ("severity", "num"),
            ("source", "text"),
            ("dimension", "text"),
            ("columns", "text"),
            ("finding", "text"),
            ("affected", "num"),
            ("basis", "text"),
            ("examples", "text"),
        )
    )
    body = "".join(_finding_row(f) for f in findings)
    empty = '<p class="dr-empty">No findings.</p>' if not findings else ""
    return (
        f'{controls}<div class="dr-scroll"><table class="dr-table dr-findings" id="findings-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{empty}"
    )


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "source"


def _kpis(card: Scorecard) -> str:
    rows = sum(s.row_count or 0 for s in card.sources)
    counts = {sev: sum(1 for f in card.findings if f.severity is sev) for sev in Severity}
    serious = (
        " · ".join(
            f"{counts[s]} {s.value}"
            for s in (Severity.BLOCKER, Severity.ERROR, Severity.WARNING)
            if counts[s]
        )
        or "none"
    )
    items = [
        (
            "sources",
            f"{len(card.sources)}"
            + (f" ({len(card.unreadable)} unreadable)" if card.unreadable else ""),
        ),
        ("rows measured", f"{rows:,}"),
        ("findings", serious),
        ("plan", f"{len(card.plan)} steps"),
        ("generated", f"{card.generated_at:%Y-%m-%d %H:%M} UTC"),
    ]
    return (
        '<dl class="dr-kpis">'
        + "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in items)
        + "</dl>"
    )


def _hero(card: Scorecard, *, element_id: str | None = "level") -> str:
    purpose = f'<p class="dr-purpose">{_e(card.purpose)}</p>' if card.purpose else ""
    return (
        f'<header class="dr-hero dr-hero-{LEVEL_CLASS[card.level]}"><div class="dr-hero-main">'
        f'<div class="dr-eyebrow">Data readiness report</div><h1>{_e(card.use_case)}</h1>{purpose}</div>'
        f'<div class="dr-verdict">{_level_badge(card.level, big=True, element_id=element_id)}'
        f'<div class="dr-score"><b>{score_text(card.score)}</b><span>/ 100</span></div></div>{_kpis(card)}</header>'
    )


# --- documents -----------------------------------------------------------------------------------


def render(
    card: Scorecard, *, profiles: Mapping[str, str] | None = None, title: str | None = None
) -> str:
    """The whole report as one HTML document; ``profiles`` maps source names to deep-profile links."""
    from dataready._version import __version__

    profiles = profiles or {}
    cards = "".join(_source_card(s, profiles.get(s.source.name)) for s in card.sources)
    page_title = title or f"{card.use_case}: {card.level.value} · dataready"
    nav = "".join(
        f'<a href="#{a}">{t}</a>'
        for a, t in (
            ("checklist", "Checklist"),
            ("scores", "Scores"),
            ("sources", "Sources"),
            ("plan", "Plan"),
            ("findings", "Findings"),
        )
    )
    profile_note = (
        f" Deep profiles of {len(profiles)} source(s) are linked from their cards."
        if profiles
        else ""
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="dataready {_e(__version__)}"><title>{_e(page_title)}</title>'
        f'<style>{PAGE_CSS}{CSS}</style></head><body><div class="dr dr-page">'
        f"{_hero(card)}<nav class='dr-nav'>{nav}</nav>"
        f'<section id="checklist"><h2>Production-readiness checklist: data</h2>{_checklist(card.checklist)}</section>'
        f'<section id="scores"><h2>Dimension scores per source</h2>{score_chart(card)}</section>'
        f'<section id="sources"><h2>Sources</h2><div class="dr-cards">{cards}</div></section>'
        f'<section id="plan"><h2>Remediation plan <span class="dr-muted">· {len(card.plan)} steps, most impact first</span></h2>'
        f"{_plan_table(card.plan)}</section>"
        f'<section id="findings"><h2>All findings</h2>{_findings_table(card)}</section>'
        f'<footer class="dr-footer">dataready {_e(__version__)} · generated {card.generated_at:%Y-%m-%d %H:%M} UTC in '
        f"{card.seconds:.1f} s · example values from personal columns are masked unless the audit ran with --show-values."
        f"{_e(profile_note)}</footer>"
        f"</div><script>{SCRIPT}</script></body></html>\n"
    )


def render_fragment(card: Scorecard, *, max_steps: int = 5) -> str:
    """The notebook view of a scorecard: verdict, checklist, score chart and the top of the plan."""
    more = (
        f"<p class='dr-muted'>… {len(card.plan) - max_steps} more: <code>card.plan.to_frame()</code></p>"
        if len(card.plan) > max_steps
        else ""
    )
    return (
        f'<div class="dr dr-nb"><style>{CSS}</style>{_hero(card, element_id=None)}'
        f"<h2>Checklist</h2>{_checklist(card.checklist)}<h2>Dimension scores per source</h2>{score_chart(card)}"
        f"<h2>Remediation plan <span class='dr-muted'>· top {min(max_steps, len(card.plan))} of {len(card.plan)}</span></h2>"
        f"{_plan_table(card.plan[:max_steps])}{more}"
        "<p class='dr-muted'>Explore: <code>card.findings.to_frame()</code> · <code>card.plan.to_frame()</code> · "
        '<code>card["source name"]</code> · <code>card.plot()</code></p></div>'
    )


def render_source_fragment(s: SourceScorecard) -> str:
    """The notebook view of one source: its card, its findings and its masked example rows."""
    findings = sorted(s.findings, key=lambda f: (-f.severity.rank, f.dimension.value))
    rows = "".join(
        f"<tr><td>{_severity_badge(f.severity)}</td><td>{_e(f.dimension.value)}</td><td>{_columns_cell(f.columns)}</td>"
        f"<td>{_e(f.message)}</td><td class='dr-muted'>{_e(f.basis_text)}</td></tr>"
        for f in findings
    )
    table = (
        '<div class="dr-scroll"><table class="dr-table"><thead><tr><th>severity</th><th>dimension</th><th>columns</th>'
        f"<th>finding</th><th>basis</th></tr></thead><tbody>{rows}</tbody></table></div>"
        if findings
        else '<p class="dr-empty">No findings.</p>'
    )
    return f'<div class="dr dr-nb"><style>{CSS}</style>{_source_card(s, open_examples=True)}<h3>Findings</h3>{table}</div>'


PAGE_CSS = """
html{scroll-behavior:smooth}body{margin:0;background:#eef1f7}
"""

# Every rule is scoped under .dr so the notebook views leave the notebook's own styles alone.
CSS = """
.dr{--ink:#1f2a44;--muted:#5b6576;--line:#dfe4ee;--card:#fff;--ready:#1e8e4e;--cond:#c77700;--notready:#c62828;
font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink)}
.dr *{box-sizing:border-box}
.dr.dr-page{max-width:1200px;margin:0 auto;padding:24px 24px 48px}
.dr h1{font-size:28px;margin:2px 0 4px;letter-spacing:-.01em}
.dr h2{font-size:18px;margin:28px 0 12px}
.dr h3{font-size:16px;margin:0}
.dr code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f3f8;padding:1px 5px;border-radius:4px}
.dr .dr-muted{color:var(--muted);font-weight:400}
.dr section{background:var(--card);border-radius:14px;padding:4px 22px 20px;margin-top:18px;box-shadow:0 1px 3px rgba(31,42,68,.08)}
.dr .dr-hero{display:grid;grid-template-columns:1fr auto;gap:8px 24px;padding:26px 28px;border-radius:16px;color:#fff;
background:linear-gradient(135deg,#1f2a44,#34456e);box-shadow:0 6px 20px rgba(31,42,68,.18)}
.dr .dr-hero-ready{background:linear-gradient(135deg,#14532d,#1e8e4e)}
.dr .dr-hero-conditional{background:linear-gradient(135deg,#1f2a44,#7a4b00)}
.dr .dr-hero-not-ready{background:linear-gradient(135deg,#1f2a44,#8e1c1c)}
.dr .dr-eyebrow{text-transform:uppercase;letter-spacing:.12em;font-size:11px;opacity:.8}
.dr .dr-purpose{margin:0;opacity:.9;max-width:60ch}
.dr .dr-verdict{display:flex;flex-direction:column;align-items:flex-end;gap:8px}
.dr .dr-score b{font-size:44px;line-height:1}.dr .dr-score span{opacity:.8;margin-left:4px}
.dr .dr-kpis{grid-column:1/-1;display:flex;flex-wrap:wrap;gap:10px 28px;margin:10px 0 0;padding-top:14px;border-top:1px solid rgba(255,255,255,.2)}
.dr .dr-kpis dt{font-size:11px;text-transform:uppercase;letter-spacing:.08em;opacity:.75}.dr .dr-kpis dd{margin:0;font-weight:600}
.dr .dr-level{display:inline-block;padding:2px 10px;border-radius:999px;font-weight:600;font-size:12px;text-transform:uppercase;
letter-spacing:.05em;color:#fff;white-space:nowrap}
.dr .dr-level-big{font-size:16px;padding:6px 16px;box-shadow:0 0 0 3px rgba(255,255,255,.35)}
.dr .dr-ready{background:var(--ready)}.dr .dr-conditional{background:var(--cond)}.dr .dr-not-ready{background:var(--notready)}
.dr .dr-nav{position:sticky;top:0;z-index:2;display:flex;gap:4px;margin:14px 0 0;padding:8px;background:rgba(238,241,247,.92);
backdrop-filter:blur(6px);border-radius:10px}
.dr .dr-nav a{color:var(--ink);text-decoration:none;padding:4px 12px;border-radius:8px;font-weight:500}
.dr .dr-nav a:hover{background:#dde3ef}
.dr .dr-checklist{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));gap:12px}
.dr .dr-check{min-width:0;overflow-wrap:break-word;border:1px solid var(--line);border-left:5px solid #9aa3b2;border-radius:10px;padding:10px 14px}
.dr .dr-check.dr-pass{border-left-color:var(--ready)}.dr .dr-check.dr-fail{border-left-color:var(--notready)}
.dr .dr-check-head{display:flex;align-items:center;gap:8px;font-weight:600}
.dr .dr-check-status{margin-left:auto;font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.dr .dr-icon{display:inline-grid;place-items:center;width:22px;height:22px;border-radius:50%;color:#fff;background:#9aa3b2;font-size:13px}
.dr .dr-pass .dr-icon{background:var(--ready)}.dr .dr-fail .dr-icon{background:var(--notready)}
.dr .dr-check ul{margin:8px 0 0;padding-left:18px;color:var(--muted);font-size:13px}
.dr .dr-chart{display:block;margin:4px 0 8px;font-family:inherit}
.dr .dr-chart-head{font-size:12px;fill:#5b6576}.dr .dr-chart-label{font-size:13px;fill:#1f2a44}
.dr .dr-chart-value{font-size:14px;font-weight:700}
.dr .dr-legend{display:flex;flex-wrap:wrap;gap:16px;font-size:12px;color:var(--muted)}
.dr .dr-legend i{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:6px;vertical-align:-1px}
.dr .dr-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:14px}
.dr .dr-card{min-width:0;border:1px solid var(--line);border-radius:12px;padding:14px 16px;background:#fff}
.dr .dr-card header{display:flex;align-items:center;gap:10px;flex-wrap:wrap}
.dr .dr-card-score{margin-left:auto;font-size:24px;font-weight:700}
.dr .dr-desc{margin:6px 0 0;color:var(--muted)}
.dr .dr-error{margin:8px 0 0;padding:8px 10px;background:#fdecec;color:#8e1c1c;border-radius:8px}
.dr .dr-tally{display:flex;flex-wrap:wrap;gap:6px;margin:10px 0}
.dr .dr-bars{display:grid;gap:4px;margin:6px 0 10px}
.dr .dr-bar{display:grid;grid-template-columns:104px 1fr 34px;align-items:center;gap:8px;font-size:12px}
.dr .dr-bar-track{height:8px;background:#eef1f6;border-radius:6px;overflow:hidden}
.dr .dr-bar-fill{display:block;height:100%;border-radius:6px}
.dr .dr-bar-value{text-align:right;font-weight:600}
.dr .dr-facts{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:0;font-size:12px}
.dr .dr-facts dt{color:var(--muted)}.dr .dr-facts dd{margin:0;overflow-wrap:anywhere}
.dr details{margin-top:10px}.dr summary{cursor:pointer;color:#34456e;font-weight:500}
.dr .dr-btn{display:inline-block;margin-top:12px;padding:6px 14px;border-radius:8px;background:#1f2a44;color:#fff;text-decoration:none;font-weight:600}
.dr .dr-btn:hover{background:#34456e}
.dr .dr-scroll{overflow-x:auto}
.dr .dr-table{width:100%;border-collapse:collapse;font-size:13px}
.dr .dr-table th{text-align:left;font-weight:600;color:var(--muted);border-bottom:2px solid var(--line);padding:8px;white-space:nowrap;background:#fff}
.dr .dr-table td{border-bottom:1px solid var(--line);padding:8px;vertical-align:top;overflow-wrap:break-word}
.dr .dr-table tr.dr-group th{color:var(--ink);background:var(--soft, #f6f8fb);border-bottom:1px solid var(--line);white-space:normal;padding-top:14px}
.dr .dr-table tbody tr:hover{background:#f7f9fc}
.dr .dr-examples td,.dr .dr-examples th{font-size:12px;padding:4px 8px;white-space:nowrap}
.dr .dr-findings th{cursor:pointer;user-select:none;position:sticky;top:48px}
.dr .dr-findings th[aria-sort=ascending]::after{content:" ▲"}.dr .dr-findings th[aria-sort=descending]::after{content:" ▼"}
.dr .dr-examples-cell{max-width:260px;min-width:120px;overflow-wrap:anywhere;color:var(--muted)}
.dr .dr-findings{width:100%}.dr .dr-findings th{white-space:normal}.dr .dr-text{overflow-wrap:anywhere;min-width:200px}
.dr .dr-num{text-align:right;white-space:nowrap}.dr .dr-center{text-align:center}
.dr .dr-code{display:block;margin-top:4px;white-space:pre-wrap;overflow-wrap:anywhere}
.dr .dr-sev{display:inline-block;padding:1px 8px;border-radius:999px;font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;white-space:nowrap}
.dr .dr-sev-info{background:#e8ecf3;color:#5b6576}.dr .dr-sev-warning{background:#fff1d6;color:#8a5300}
.dr .dr-sev-error{background:#fde0e0;color:#a11d1d}.dr .dr-sev-blocker{background:#a11d1d;color:#fff}
.dr .dr-controls{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin-bottom:10px}
.dr .dr-controls input,.dr .dr-controls select{font:inherit;padding:6px 10px;border:1px solid var(--line);border-radius:8px;background:#fff;color:var(--ink)}
.dr .dr-controls input{flex:1 1 220px}
.dr .dr-empty{color:var(--muted);font-style:italic}
.dr .dr-footer{margin-top:22px;color:var(--muted);font-size:12px;text-align:center}
.dr.dr-nb{max-width:1100px}.dr.dr-nb .dr-hero{padding:18px 20px}.dr.dr-nb h2{font-size:16px;margin:18px 0 8px}
.dr.dr-nb .dr-card{margin-top:4px}
@media (max-width:700px){.dr .dr-hero{grid-template-columns:1fr}.dr .dr-verdict{align-items:flex-start}.dr section{padding:4px 12px 14px}}
@media print{.dr .dr-nav,.dr .dr-controls{display:none}.dr section{box-shadow:none;break-inside:avoid-page}.dr .dr-findings tr[hidden]{display:table-row}}
"""

# Filtering and sorting of the findings table; nothing else runs, and nothing is fetched.
SCRIPT = """
(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var search = document.getElementById("f-search");
  var source = document.getElementById("f-source");
  var dimension = document.getElementById("f-dimension");
  var severity = document.getElementById("f-severity");
  var count = document.getElementById("f-count");
  function apply() {
    var query = search.value.trim().toLowerCase();
    var minimum = Number(severity.value);
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!query || row.textContent.toLowerCase().indexOf(query) !== -1) &&
        (!source.value || row.getAttribute("data-source") === source.value) &&
        (!dimension.value || row.getAttribute("data-dimension") === dimension.value) &&
        Number(row.getAttribute("data-rank")) >= minimum;
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " findings";
  }
  [search, source, dimension, severity].forEach(function (control) {
    control.addEventListener("input", apply);
    control.addEventListener("change", apply);
  });
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function sortBy(index) {
    var header = headers[index];
    var numeric = header.getAttribute("data-type") === "num";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    headers.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    function key(row) {
      var cell = row.cells[index];
      var value = cell.getAttribute("data-sort");
      if (value === null) { value = cell.textContent.trim(); }
      return numeric ? Number(value) : value.toLowerCase();
    }
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  headers.forEach(function (header, index) {
    header.addEventListener("click", function () { sortBy(index); });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(index); }
    });
  });
  apply();
})();
"""
