"""What no cpuviz run can produce, as a table: a replay refuses such a line rather than draw it.

A recording is a file someone hands you. Its values are checked for type by the codec; these
bounds check what the types allow but a replay could not show, or would choke on: a million
workers, a 40-lane GIL page, a run of no time. One row per kind and bound, each with what is
said when a line breaks it; `implausible` reads the rows of an item's kind, then of what the
item holds (a report's result, its plan, the plan's size), so a bound on a plan holds wherever
a plan is recorded.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cpuviz.core.gil.trace import MAX_THREADS_SHOWN, GilFigures, GilSlots
from cpuviz.core.recording.format import Header
from cpuviz.core.runs.cluster_messages import ClusterView, HostCores
from cpuviz.core.runs.messages import RunEvent
from cpuviz.core.runs.plan import RunPlan, WorkSize
from cpuviz.core.runs.results import RunReport
from cpuviz.core.sampling.sources import MAX_SYNTHETIC_CORES, CpuSample
from cpuviz.core.system.pythons import PythonBuild

# Far beyond what cpuviz writes (a line of 256 cores is ~3 KB; an hour on 64 cores ~6 MB), and
# low enough that a hostile file is refused before it can fill the memory.
MAX_LINE_CHARS = 1 << 20
MAX_RECORDING_BYTES = 64 << 20
# More workers than any machine here runs (the window offers at most max(64, cores)).
MAX_RECORDED_WORKERS = 4096
# GIL lane columns in one line: cpuviz writes about 100 (0.1 s at 1 ms).
MAX_GIL_COLUMNS = 10_000
# A Python's version or implementation as a row names it ("3.14.0rc1", "PyPy"): a few words.
MAX_PYTHON_NAME_CHARS = 40


@dataclass(frozen=True, slots=True)
class Limit:
    """A bound every recorded `kind` (a type, or a union of them) keeps: `holds`, or else the
    line is refused with `complaint`."""

    kind: type | types.UnionType
    holds: Callable[[Any], bool]
    complaint: Callable[[Any], str]


LIMITS = (
    Limit(
        Header,
        lambda header: 1 <= header.cores <= MAX_SYNTHETIC_CORES and header.interval_ms > 0,
        lambda header: f"{header.cores} cores, {header.interval_ms} ms",
    ),
    Limit(
        RunPlan,
        lambda plan: 1 <= plan.workers <= MAX_RECORDED_WORKERS,
        lambda plan: f"{plan.workers} workers",
    ),
    Limit(
        WorkSize,
        lambda size: size.chunks >= 1 and size.iterations_per_chunk >= 1,
        lambda size: f"{size.chunks} chunks of {size.iterations_per_chunk} steps",
    ),
    Limit(
        WorkSize,
        lambda size: all(s is None or s > 0 for s in (size.seconds, size.serial_s)),
        lambda _: "a run of no time",
    ),
    Limit(
        PythonBuild,
        lambda build: max(len(build.version), len(build.implementation)) <= MAX_PYTHON_NAME_CHARS,
        lambda build: (
            f"a Python named by {len(build.version) + len(build.implementation)} characters"
        ),
    ),
    Limit(
        RunEvent,
        lambda event: 0 <= event.worker < MAX_RECORDED_WORKERS,
        lambda event: f"worker {event.worker}",
    ),
    Limit(
        RunReport,
        lambda report: 1 <= report.cores <= MAX_SYNTHETIC_CORES,
        lambda report: f"{report.cores} cores",
    ),
    Limit(
        CpuSample,
        lambda sample: (
            sample.run_pct is None
            or (
                len(sample.run_pct) == len(sample.per_core_pct)
                and all(0 <= share <= 100 for share in sample.run_pct)
            )
        ),
        lambda sample: "a run's share of cores that the sample does not have",
    ),
    Limit(
        HostCores,
        lambda machine: 1 <= len(machine.per_core_pct) <= MAX_SYNTHETIC_CORES,
        lambda machine: f"a machine of {len(machine.per_core_pct)} cores",
    ),
    Limit(
        ClusterView,
        lambda cluster: len(cluster.workers) <= MAX_RECORDED_WORKERS,
        lambda cluster: f"{len(cluster.workers)} cluster workers",
    ),
    Limit(
        GilSlots,
        lambda slots: 0 <= slots.lanes <= MAX_THREADS_SHOWN,
        lambda slots: f"{slots.lanes} GIL lanes",
    ),
    Limit(
        GilSlots,
        lambda slots: (
            len(slots.running) <= MAX_GIL_COLUMNS
            and all(0 <= column < 1 << slots.lanes for column in slots.running)
        ),
        lambda slots: f"GIL lane columns that {slots.lanes} lanes cannot have",
    ),
    Limit(
        GilFigures,
        lambda figures: (
            figures.handoffs_per_s >= 0
            and all(
                0 <= share <= 100
                for share in (figures.waiting_pct, figures.overlap_pct, figures.held_pct)
            )
        ),
        lambda _: "GIL figures out of range",
    ),
)


def implausible(item: Any) -> str | None:
    """What is wrong with `item` or anything it holds, by the first limit broken, or None."""
    for limit in _LIMITS_OF.get(type(item), ()):
        if not limit.holds(item):
            return limit.complaint(item)
    for name in _field_names(type(item)):
        held = getattr(item, name)
        if dataclasses.is_dataclass(held) and (problem := implausible(held)):
            return problem
    return None


def _by_kind(limits: tuple[Limit, ...]) -> dict[type, list[Limit]]:
    """Each type's rows, in the table's order (a union's rows are each of its types')."""
    rows: dict[type, list[Limit]] = {}
    for limit in limits:
        for kind in typing.get_args(limit.kind) or (limit.kind,):
            rows.setdefault(kind, []).append(limit)
    return rows


_LIMITS_OF = _by_kind(LIMITS)


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(kind))
