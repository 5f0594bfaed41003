"""watch_cost_pct, watch_cost_pct_gil_page: what watching a program costs the window's process.

The program is the issue's: 16 CPU-bound threads in 4 processes (benchmarks/watch_program.py),
which keep both cores of a small machine busy. This process watches it as `cpuviz run` does,
without drawing: the program feed at 10 Hz, the live CPU source sampled at 10 Hz with the
program's share of each core, and (in turns) the GIL page's sampler. Its own CPU time over each
turn (every thread's, from the scheduler's nanosecond counters) is the cost. Turns with the GIL
page hidden and shown alternate, so a machine that grows busier weighs on both alike.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from benchmarks.live_window import run_events, wait_until
from benchmarks.measurement import Measurement, emit, log
from benchmarks.watch_program import command
from cpuviz.bridge.program_feed import ProgramFeed
from cpuviz.bridge.sampler import Sampler
from cpuviz.core.gil.trace import GilSlots
from cpuviz.core.sampling.sources import PsutilSource
from cpuviz.core.watch.program import StartedProgram

PROCESSES, THREADS = 4, 4
TURN_S = 3.0
ROUNDS = 3
SETTLE_S = 1.0
# Enough work to outlast every turn on two busy cores, however the machine is shared.
PROGRAM_CPU_S = 2 * (SETTLE_S + 2 * ROUNDS * TURN_S) * 3


def own_cpu_s() -> float:
    """This process's CPU time, every thread's, to the nanosecond."""
    return (
        sum(
            int(Path(task.path, "schedstat").read_text().split()[0])
            for task in os.scandir("/proc/self/task")
        )
        / 1e9
    )


def _program() -> StartedProgram:
    program = command("tree", str(PROCESSES), str(THREADS), str(PROGRAM_CPU_S))
    return StartedProgram(program, stdout=open(os.devnull, "wb"))


def measure() -> list[Measurement]:
    QCoreApplication.instance() or QCoreApplication([])
    source = PsutilSource()
    feed = ProgramFeed(_program, _program(), source)
    source.share_from(feed.core_share)  # as `cpuviz run` does: one reading serves both
    sampler = Sampler(source, 100)
    sampler.follow_runs(feed)
    slots: list[GilSlots] = []
    feed.gil_slots.connect(slots.append)
    costs_pct: dict[bool, list[float]] = {False: [], True: []}
    try:
        sampler.start()
        feed.prepare(1)
        wait_until(lambda: len(feed.worker_pids()) == PROCESSES, 30)
        run_events(SETTLE_S)
        threads = sum(1 for _ in _threads(feed.worker_pids()))
        log(f"  watching {len(feed.worker_pids())} processes, {threads} threads")
        for _ in range(ROUNDS):
            for shown in (False, True):
                feed.watch_gil("page", shown)
                started_s, cpu_s = time.monotonic(), own_cpu_s()
                run_events(TURN_S)
                cost_pct = 100 * (own_cpu_s() - cpu_s) / (time.monotonic() - started_s)
                costs_pct[shown].append(cost_pct)
                if shown:  # a starved sampler would cost nothing and show nothing
                    assert slots and slots[-1].figures.threads, "the GIL page read no thread"
                    every_ms = slots[-1].resolution_ms
                    log(f"  GIL page shown: {cost_pct:.2f} %, read every {every_ms:g} ms")
                else:
                    log(f"  GIL page hidden: {cost_pct:.2f} %")
        feed.watch_gil("page", False)
        assert feed.is_busy, "the program ended before the turns did: give it more work"
    finally:
        sampler.stop()
        feed.shutdown()
    shape = f"{PROCESSES * THREADS} CPU-bound threads in {PROCESSES} processes, 10 Hz"
    return [
        Measurement(
            "watch_cost_pct",
            statistics.median(costs_pct[False]),
            note=f"{shape}, GIL page hidden; median of {ROUNDS} turns of {TURN_S:g} s",
        ),
        Measurement(
            "watch_cost_pct_gil_page",
            statistics.median(costs_pct[True]),
            note=f"{shape}, GIL page shown; median of {ROUNDS} turns of {TURN_S:g} s, "
            "alternating with the hidden ones",
        ),
    ]


def _threads(pids: list[int]) -> list[str]:
    return [entry.name for pid in pids for entry in os.scandir(f"/proc/{pid}/task")]


if __name__ == "__main__":
    emit(measure())
