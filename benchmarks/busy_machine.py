"""busy_speedup_processes, busy_threads_vs_processes_colour, ui_p99_over_idle_worker_priority:
the truth on a lecture laptop, with another program (`python -c "while 1: pass"`) busy beside.

For each worker priority the app could use (CPUVIZ_WORKER_PRIORITY: SCHED_IDLE, a small nice,
normal, SCHED_BATCH), with the busy program running: the window's 60 Hz frame p99 while idle
and during a processes run (workers = cores), and `cpuviz bench`'s processes speedup. The keys
report the default priority (cpuviz/core/system/priority.py); the others are in the notes, the
comparison the README's performance section cites. Then the pictures: the share of a
`snapshot --at 0.7` that is the threads run's amber, against the processes run's green.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.live_window import open_window, run_events, wait_for
from benchmarks.measurement import Measurement, emit, log
from benchmarks.picture import colour_share
from cpuviz.core.runs.outcome import RunFinished, RunOutcome
from cpuviz.core.runs.plan import Mode, timed_work
from cpuviz.core.system.priority import DEFAULT_PRIORITY, PRIORITY_ENV
from cpuviz.ui.frame_probe import FRAME_INTERVAL_MS

# SCHED_IDLE, nice 5, normal, SCHED_BATCH; the default last, the window's pool warmest then.
PRIORITIES = ("idle", "5", "normal", "batch")
IDLE_S = 4.0
RUN_S = 5.0
RUN_TIMEOUT_S = 120.0
BENCH = ("bench", "--modes", "serial,threads,processes", "--workers", "2", "--json")
BENCH_TIMEOUT_S = 240
SNAPSHOT_AT = 0.7


@contextmanager
def busy_program() -> Iterator[None]:
    """Another program keeping one core busy, at normal priority, as a browser would."""
    program = subprocess.Popen([sys.executable, "-c", "while 1: pass"])
    try:
        yield
    finally:
        program.kill()
        program.wait()


@contextmanager
def worker_priority(priority: str) -> Iterator[None]:
    """Worker hosts started meanwhile run at `priority` (they inherit the environment)."""
    before = os.environ.get(PRIORITY_ENV)
    os.environ[PRIORITY_ENV] = priority
    try:
        yield
    finally:
        if before is None:
            del os.environ[PRIORITY_ENV]
        else:
            os.environ[PRIORITY_ENV] = before


def _is_processes_end(outcome: RunOutcome) -> bool:
    return isinstance(outcome, RunFinished) and outcome.report.result.plan.mode is Mode.PROCESSES


def _p99s_ms() -> tuple[float, float]:
    """The window's p99 while idle, and during a processes run (after its serial baseline)."""
    window = open_window(Mode.PROCESSES, size=timed_work(RUN_S))
    try:
        window.frame_probe.start()
        run_events(IDLE_S)
        window.frame_probe.stop()
        idle_ms = window.frame_probe.p99_ms() or float("nan")
        window.start_run()
        wait_for(
            window.controller.run_started, RUN_TIMEOUT_S, lambda plan: plan.mode is Mode.PROCESSES
        )
        window.frame_probe.start()
        wait_for(window.controller.run_ended, RUN_TIMEOUT_S, _is_processes_end)
        window.frame_probe.stop()
        return idle_ms, window.frame_probe.p99_ms() or float("nan")
    finally:
        window.close()


def _processes_speedup() -> float:
    """bench's processes speedup; NaN when the bench never ended: workers at SCHED_IDLE may get
    no CPU at all on a machine busier than the one program (that is the figure, then)."""
    try:
        finished = subprocess.run(
            [sys.executable, "-m", "cpuviz", *BENCH],
            capture_output=True,
            text=True,
            check=True,
            timeout=BENCH_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        log(f"  busy machine: bench starved, not done in {BENCH_TIMEOUT_S} s")
        return float("nan")
    runs = json.loads(finished.stdout)["runs"]
    return next(run["speedup"] for run in runs if run["mode"] == Mode.PROCESSES)


def measure() -> list[Measurement]:
    found: dict[str, tuple[float, float, float]] = {}  # priority -> idle p99, run p99, speedup
    with busy_program():
        for priority in PRIORITIES:
            with worker_priority(priority):
                idle_ms, run_ms = _p99s_ms()
                speedup = _processes_speedup()
            found[priority] = (idle_ms, run_ms, speedup)
            log(
                f"  busy machine, workers at {priority}: UI p99 {idle_ms:.1f} ms idle, "
                f"{run_ms:.1f} ms in a processes run; processes {speedup:.2f}×"
            )
        with tempfile.TemporaryDirectory(prefix="cpuviz-busy-") as folder:
            processes = colour_share(Mode.PROCESSES, Path(folder), SNAPSHOT_AT)
            threads = colour_share(Mode.THREADS, Path(folder), SNAPSHOT_AT)
    log(f"  busy machine: processes green {processes:.0%}, threads amber {threads:.0%}")
    compared = "; ".join(
        f"{priority}: p99 {run_ms / idle_ms:.2f}× idle, processes {speedup:.2f}×"
        for priority, (idle_ms, run_ms, speedup) in found.items()
    )
    idle_ms, run_ms, speedup = found[DEFAULT_PRIORITY]
    beside = 'with `python -c "while 1: pass"` beside'
    return [
        Measurement(
            "busy_speedup_processes",
            speedup,
            anchor=found["idle"][2],
            anchor_label="the same with workers at SCHED_IDLE, as before",
            note=f"`cpuviz {' '.join(BENCH)}` {beside}, workers at {DEFAULT_PRIORITY}",
        ),
        Measurement(
            "busy_threads_vs_processes_colour",
            threads / processes if processes else float("nan"),
            anchor=processes,
            anchor_label="processes colour share",
            note=f"threads colour share {threads:.3f}; snapshot --at {SNAPSHOT_AT}, {beside}",
        ),
        Measurement(
            "ui_p99_over_idle_worker_priority",
            run_ms / idle_ms,
            anchor=idle_ms / FRAME_INTERVAL_MS,
            anchor_label="the idle window's p99 ÷ 16.7 ms, same conditions",
            note=f"p99 {run_ms:.1f} ms in a {RUN_S:g} s processes run against {idle_ms:.1f} ms "
            f"idle, {beside}, workers at {DEFAULT_PRIORITY}. Compared: {compared}",
        ),
    ]


if __name__ == "__main__":
    emit(measure())
