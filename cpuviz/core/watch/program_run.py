"""A watched program as the window shows it: a run like the window's own, with a row of its own.

The window draws runs (a plan when one starts, lanes while it goes, a report when it ends), and
never asks where they come from. A program cpuviz watches is made into the same: its plan is
coloured as threads while one process keeps the cores busy and as processes once several do
(the two read apart at a glance, as the modes do); its lanes (`lanes.py`) are one per process,
or one per busy thread of a process that has several; its report is a RunReport that also
carries the watch's figures and one plain line of what happened, for the program's row in Runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from cpuviz.core.runs.plan import Mode, RunPlan, WorkSize
from cpuviz.core.runs.results import RunReport, RunResult
from cpuviz.core.watch.report import WatchReport
from cpuviz.core.watch.threads import is_python

# A process or thread is busy if it did this share of what the busiest one did: a Pool's
# main process or a main thread waiting in join() is not. Relative, not a share of a core,
# so that a machine loaded by other programs (which slows them all alike) counts the same.
BUSY_SHARE = 0.2
# Below this many cores in all, the program mostly waited (on I/O, a timer, a reply).
WAITING_BUSY_CORES = 0.3
# At or above this share of readings waiting on a futex, threads that keep about one core
# busy took turns: CPU-bound threads under one GIL.
TAKING_TURNS_WAITING_PCT = 30.0
# A lane is thread-level only where a process has several threads that did this much.
BUSY_THREAD_S = 0.05


def program_title(command: Sequence[str]) -> str:
    """The program as the room knows it: a Python script by its file and arguments
    ("cpu_threads.py 4"), any other command by its own name and arguments."""
    words = list(command)
    if len(words) > 1 and is_python(tuple(words), words[0]) and not words[1].startswith("-"):
        words = words[1:]
    return " ".join([Path(words[0]).name, *words[1:]]) if words else "?"


def program_plan(command: Sequence[str], mode: Mode, workers: int, run_id: int) -> RunPlan:
    """A plan for the window: `mode` colours it (threads or processes), `workers` counts what
    keeps it busy; the size's name is the program's title, its work one piece (the program:
    a recording refuses a plan of no work at all)."""
    return RunPlan(mode, max(1, workers), WorkSize(program_title(command), 1, 1), run_id)


@dataclass(frozen=True, slots=True)
class ProgramReport(RunReport):
    """A program's run, with what the watch saw and the plain line that says it."""

    watch: WatchReport | None = None
    line: str = ""


@dataclass(frozen=True, slots=True)
class BusyShape:
    """How the program's work split: busy processes and threads (by BUSY_SHARE), and its
    Python processes' share of readings waiting on a lock or the GIL (None: not read)."""

    processes: int
    threads: int
    waiting_pct: float | None

    @property
    def mode(self) -> Mode:
        return Mode.PROCESSES if self.processes > 1 else Mode.THREADS

    @property
    def workers(self) -> int:
        return self.processes if self.processes > 1 else self.threads


def busy_shape(report: WatchReport) -> BusyShape:
    rows = report.processes
    busiest_s = max((process.cpu_s for process in rows), default=0.0)
    least_s = max(BUSY_SHARE * busiest_s, BUSY_THREAD_S)
    processes = [process for process in rows if process.cpu_s >= least_s]
    busiest_thread_s = max((thread.cpu_s for row in rows for thread in row.threads), default=0.0)
    least_thread_s = max(BUSY_SHARE * busiest_thread_s, BUSY_THREAD_S)
    threads = sum(1 for row in rows for thread in row.threads if thread.cpu_s >= least_thread_s)
    waits = [(figures.waiting_pct, figures.readings) for figures in report.gil]
    readings = sum(count for _, count in waits)
    waiting = sum(pct * count for pct, count in waits) / readings if readings else None
    return BusyShape(len(processes), max(threads, len(processes)), waiting)


def plain_line(report: WatchReport, cores: int) -> str:
    """What happened, in a line the room can read: e.g. "4 busy threads in 1 process kept
    1.02 of 2 cores busy and waited on a lock or the GIL 49 % of the time: CPU-bound threads
    take turns, try processes"."""
    shape, busy = busy_shape(report), report.busy_cores
    threads = f"{shape.threads} busy thread{'s' * (shape.threads != 1)}"
    processes = f"{shape.processes} process{'es' * (shape.processes != 1)}"
    line = f"{threads} in {processes} kept {busy:.2f} of {cores} cores busy"
    if shape.waiting_pct is not None:
        line += f" and waited on a lock or the GIL {shape.waiting_pct:.0f} % of the time"
    return f"{line}: {_verdict(shape, busy, cores)}"


def _verdict(shape: BusyShape, busy: float, cores: int) -> str:
    if busy < WAITING_BUSY_CORES:
        return "it mostly waited (I/O, a timer), so threads or asyncio suit it"
    if shape.processes > 1:
        return f"processes, each with its own GIL, used {busy:.1f} cores"
    taking_turns = shape.waiting_pct is not None and shape.waiting_pct >= TAKING_TURNS_WAITING_PCT
    if shape.threads > 1 and busy < 1 + (cores - 1) / 2 and taking_turns:
        return "CPU-bound threads take turns under one GIL, try processes"
    if shape.threads > 1:
        return "its threads ran side by side (C code that lets go of the GIL)"
    return "one thread did the work, on one core at a time"


def program_report(
    report: WatchReport,
    plan: RunPlan,
    cores: int,
    baseline_elapsed_s: float | None,
) -> ProgramReport:
    """The row's report; the first program run is its own baseline (None given)."""
    result = RunResult(plan, report.elapsed_s, 0, 0, report.cpu_s, report.busy_cores)
    return ProgramReport(
        result,
        report.elapsed_s if baseline_elapsed_s is None else baseline_elapsed_s,
        cores,
        is_baseline=baseline_elapsed_s is None,
        watch=report,
        line=plain_line(report, cores),
    )


def against_baseline(report: ProgramReport, baseline: ProgramReport) -> ProgramReport:
    """`report` read against the program run the presenter marked as the baseline: the
    course's serial script, so that its threaded and Pool twins read ≈ 1.0× and ≈ N×."""
    return replace(
        report, baseline_elapsed_s=baseline.result.elapsed_s, is_baseline=report is baseline
    )
