"""Grounding benchmark: speed on a 10,000-document corpus, and precision/recall per planted defect.

    python benchmarks/grounding/run.py [--documents 10000] [--out DIR] [--results FILE] [--brute 1500]

1. Generates the labelled corpus (corpus.py): about 50 MB of Markdown with planted duplicates,
   near duplicates, empty, boilerplate and stub documents, mojibake, stale files and damaged PDFs.
2. Audits it end to end with ``dataready.audit(project)`` (reading every file, DuckDB measurement,
   every check including near-duplicate detection) and times it. Target: under 30 s.
3. Precision and recall per planted kind, from the per-document report the grounding checks
   share (``grounding.corpus_report``) on the same corpus, and the audit's findings' counts.
   Duplicates are scored by pair: a planted copy is found when it and its original are reported
   as copies of each other, whichever of the two is the one to drop. Target: ≥ 0.9 each.
4. The alternative, measured in the same run: exhaustive pairwise Jaccard over the first
   ``--brute`` documents against the MinHash/LSH blocking on the same documents: time, and
   how many of the exhaustive pairs the blocking finds.

Prints the figures and writes them to benchmarks/results/grounding.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import KINDS, build  # noqa: E402

DEFAULT_RESULTS = HERE.parents[0] / "results" / "grounding.json"
TARGET_SECONDS = 30.0
TARGET_SCORE = 0.9


def _measure(project: Path) -> Any:
    """The measurement the checks see, through the same connector and measurement as the audit."""
    from dataready.config import load_project
    from dataready.connectors.registry import expand
    from dataready.measure import measure

    config = load_project(project)
    source, connector = expand(config.sources[0], config.root)[0]
    with connector.open() as opened:
        return measure(opened, source, config.sample)


def _scores(found: set[Any], truth: set[Any]) -> dict[str, float | int]:
    hit = len(found & truth)
    return {
        "planted": len(truth),
        "reported": len(found),
        "correct": hit,
        "precision": round(hit / len(found), 4) if found else (1.0 if not truth else 0.0),
        "recall": round(hit / len(truth), 4) if truth else 1.0,
    }


def accuracy(project: Path, truth: dict[str, Any]) -> tuple[dict[str, dict[str, float | int]], Any]:
    from dataready.checks.grounding import corpus_report

    m = _measure(project)
    report = corpus_report(m)
    names = report.names
    out: dict[str, dict[str, float | int]] = {}
    for kind in KINDS:
        if kind in ("duplicate", "near_duplicate"):
            copies = (
                report.duplicate_of
                if kind == "duplicate"
                else {i: k for i, (k, _s) in report.near_duplicate_of.items()}
            )
            found = {frozenset((names[i], names[k])) for i, k in copies.items()}
            planted = {frozenset(pair) for pair in truth["pairs"][kind]}
        elif kind == "stale":
            from dataready.checks.grounding import _age_limit

            limit = _age_limit(m)
            found = {
                names[i]
                for i, u in enumerate(report.updated)
                if u is not None and m.measured_at - u > limit
            }
            planted = set(truth["planted"][kind])
        else:
            found = {names[i] for i in report.flagged(kind)}
            planted = set(truth["planted"][kind])
        out[kind] = _scores(found, planted)
    return out, report


def _check_timings(project: Path) -> dict[str, float]:
    """Seconds per stage of a second audit of the same corpus: reading, measuring, each slow check."""
    from dataready.checks import DEFAULT_CHECKS
    from dataready.config import load_project
    from dataready.connectors.registry import expand
    from dataready.measure import measure

    config = load_project(project)
    source, connector = expand(config.sources[0], config.root)[0]
    out: dict[str, float] = {}
    started = time.perf_counter()
    with connector.open() as opened:
        out["reading documents"] = time.perf_counter() - started
        started = time.perf_counter()
        m = measure(opened, source, config.sample)
        out["measurement"] = time.perf_counter() - started
    try:  # the privacy detectors' scan of the text, computed once and shared by privacy and grounding checks
        from dataready.pii.classify import classify_measurement

        started = time.perf_counter()
        classify_measurement(m)
        out["personal-data scan (shared)"] = time.perf_counter() - started
    except ImportError:
        pass
    started = time.perf_counter()
    from dataready.checks.grounding import corpus_report

    corpus_report(m)
    out["grounding report (shared by the grounding checks)"] = time.perf_counter() - started
    other = 0.0
    for check in DEFAULT_CHECKS:
        started = time.perf_counter()
        if check.applies(m):
            check.run(m)
        spent = time.perf_counter() - started
        if spent >= 0.5:
            out[f"{check.dimension.value}/{check.name}"] = spent
        else:
            other += spent
    out["other checks"] = other
    return out


def blocking_versus_exhaustive(project: Path, count: int) -> dict[str, float | int]:
    """LSH blocking against comparing every pair exactly, on the first ``count`` documents."""
    import numpy as np

    from dataready.checks.grounding import NEAR_DUPLICATE_JACCARD, SHINGLE_WORDS
    from dataready.dedupe import neartext as neardup

    files = sorted((project.parent / "articles").glob("*.md"))
    # Take the planted copies and versions with their originals, so there are pairs to find.
    chosen = [p for p in files if p.name.startswith(("copy-", "version-"))][: count // 4]
    chosen += [p for p in files if not p.name.startswith(("copy-", "version-"))][
        : count - len(chosen)
    ]
    tokens = [neardup.tokens(p.read_text(encoding="utf-8")) for p in chosen]
    started = time.perf_counter()
    lsh = neardup.near_duplicates(tokens, threshold=NEAR_DUPLICATE_JACCARD, width=SHINGLE_WORDS)
    lsh_seconds = time.perf_counter() - started
    started = time.perf_counter()
    sh = neardup.shingle(tokens, SHINGLE_WORDS)
    sets = [np.unique(sh.of(i)) for i in range(len(tokens))]
    exhaustive = set()
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            if (
                len(sets[i])
                and len(sets[j])
                and neardup.jaccard(sets[i], sets[j]) >= NEAR_DUPLICATE_JACCARD
            ):
                exhaustive.add((i, j))
    brute_seconds = time.perf_counter() - started
    found = {(i, j) for i, j, _s in lsh.pairs}
    return {
        "documents": len(tokens),
        "pairs_compared_exhaustive": len(tokens) * (len(tokens) - 1) // 2,
        "pairs_compared_lsh": lsh.candidates,
        "similar_pairs_exhaustive": len(exhaustive),
        "similar_pairs_lsh": len(found),
        "lsh_recall_of_exhaustive": round(len(found & exhaustive) / max(len(exhaustive), 1), 4),
        "lsh_seconds": round(lsh_seconds, 3),
        "exhaustive_seconds": round(brute_seconds, 3),
        "speedup": round(brute_seconds / max(lsh_seconds, 1e-9), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to write the corpus (default: a temporary folder)",
    )
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS)
    parser.add_argument(
        "--brute", type=int, default=1500, help="documents for the exhaustive comparison"
    )
    args = parser.parse_args()

    import dataready

    with tempfile.TemporaryDirectory(prefix="grounding-bench-") as tmp:
        out = args.out or Path(tmp)
        started = time.perf_counter()
        truth = build(out, args.documents)
        generated = time.perf_counter() - started
        files = list((out / "articles").iterdir())
        size = sum(p.stat().st_size for p in files)
        project = out / "dataready.yml"
        print(
            f"corpus: {len(files):,} documents, {size / 1e6:.1f} MB, generated in {generated:.1f} s"
        )

        load = os.getloadavg()[0]
        started, cpu_started = time.perf_counter(), time.process_time()
        card = dataready.audit(project)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        source = card.sources[0]
        grounding = {
            f.check + ("/near" if "almost" in f.message else ""): f.affected
            for f in source.findings
            if f.dimension.value == "grounding" and f.affected is not None
        }
        print(
            f"audit (dataready.audit, end to end): {seconds:.1f} s for {source.row_count:,} documents "
            f"[target < {TARGET_SECONDS:.0f} s: {'met' if seconds < TARGET_SECONDS else 'MISSED'}]; "
            f"CPU {cpu:.1f} s; machine load average {load:.1f} on {os.cpu_count()} cores; "
            f"grounding score {source.dimension('grounding').score:.0f}"
        )
        timings = _check_timings(project)
        print("  where the time goes: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
        retrieval = next(c for c in card.checklist if c.key == "retrieval_grounding")
        print(f"checklist '{retrieval.title}': {retrieval.status.value}")

        scores, report = accuracy(project, truth)
        print(
            f"\n{'kind':<16}{'planted':>8}{'reported':>9}{'correct':>8}{'precision':>10}{'recall':>8}"
        )
        for kind, s in scores.items():
            ok = s["precision"] >= TARGET_SCORE and s["recall"] >= TARGET_SCORE
            print(
                f"{kind:<16}{s['planted']:>8}{s['reported']:>9}{s['correct']:>8}{s['precision']:>10.3f}{s['recall']:>8.3f}"
                f"  {'ok' if ok else 'BELOW TARGET'}"
            )
        print(
            f"near-duplicate candidates compared after blocking: {report.near_duplicate_candidates:,} "
            f"(of {report.size * (report.size - 1) // 2:,} pairs)"
        )

        versus = blocking_versus_exhaustive(project, args.brute)
        print(
            f"\nblocking vs exhaustive on {versus['documents']:,} documents: LSH {versus['lsh_seconds']} s, "
            f"exhaustive {versus['exhaustive_seconds']} s ({versus['speedup']}x); LSH found "
            f"{versus['similar_pairs_lsh']} of {versus['similar_pairs_exhaustive']} similar pairs "
            f"(recall {versus['lsh_recall_of_exhaustive']})"
        )

    results = {
        "documents": args.documents,
        "megabytes": round(size / 1e6, 1),
        "audit_seconds": round(seconds, 2),
        "audit_cpu_seconds": round(cpu, 2),
        "load_average": round(load, 1),
        "stages_seconds": {k: round(v, 2) for k, v in timings.items()},
        "target_seconds": TARGET_SECONDS,
        "per_kind": scores,
        "finding_counts": grounding,
        "blocking_vs_exhaustive": versus,
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.results}")


if __name__ == "__main__":
    main()
