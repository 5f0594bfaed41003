"""RESULTS.md: the table of goals, measured figures and their anchors, made from results.json."""

from __future__ import annotations

import math
from pathlib import Path

from benchmarks.gil_anchor import EXPLANATION
from benchmarks.goals import GOALS

HEADER = """# Benchmark results

Made by `make bench` (`benchmarks/run_all.py`); do not edit by hand. Every figure was measured
beside its anchor in the same run, on a shared and noisy machine: read the ratios, and expect
the absolute numbers to move by ±10–20 % between runs.

"""


def _number(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    magnitude = abs(value)
    return f"{value:.3g}" if magnitude < 100 else f"{value:.0f}"


def write_table(results: dict, path: Path, soak: dict | None = None) -> None:
    """The goals table from `results` (results.json), and the last soak's figures if any."""
    machine = results["machine"]
    lines = [
        HEADER,
        f"- **Date:** {results['date']}",
        f"- **Machine:** {machine['cpu']}, {machine['logical_cores']} logical cores, "
        f"{machine['memory_gb']} GB; {machine['os']}",
        f"- **Software:** Python {machine['python']}, PySide6 {machine['pyside6']}",
        "",
        "| key | what | goal | measured | anchor | ratio | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, goal in GOALS.items():
        metric = results["metrics"].get(key)
        if metric is None:
            lines.append(f"| `{key}` | {goal.what} | {goal.describe()} | not measured | | | |")
            continue
        anchor = _number(metric["anchor"])
        if metric["anchor_label"]:
            anchor = f"{anchor} ({metric['anchor_label']})"
        lines.append(
            f"| `{key}` | {goal.what} | {goal.describe()} | **{_number(metric['measured'])}** "
            f"| {anchor} | {_number(metric['ratio'])} | {'yes' if metric['met'] else '**no**'} |"
        )
    notes = [
        f"- `{key}`: {metric['note']}"
        for key, metric in results["metrics"].items()
        if metric["note"]
    ]
    if notes:
        lines += ["", "## How each was measured", "", *notes]
    if "gil_vs_gilknocker_pts" in results["metrics"]:
        lines += ["", EXPLANATION]
    if results["failures"]:
        lines += ["", "## Benchmarks that failed", "", *(f"- {f}" for f in results["failures"])]
    if soak is not None:
        lines += _soak_lines(soak)
    path.write_text("\n".join(lines) + "\n")


def _soak_lines(soak: dict) -> list[str]:
    """`make soak`: what the app held before and after many cycles; a leak is a growing count."""
    start, end = soak["start"], soak["end"]
    return [
        "",
        "## Soak (`make soak`)",
        "",
        f"{soak['cycles']:,} start/stop cycles and {soak['full_runs']} full runs across the "
        f"modes in one window, {soak['minutes']} minutes, {soak['date']}. The window process "
        "and everything it started:",
        "",
        "| | child processes | open files | threads | memory (RSS, MB) |",
        "|---|---|---|---|---|",
        *(
            f"| {label} | {row['children']} | {row['open_files']} | {row['threads']} "
            f"| {row['rss_mb']} |"
            for label, row in (("start", start), ("end", end))
        ),
    ]
