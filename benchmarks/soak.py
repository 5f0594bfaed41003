"""`make soak` (about 2 minutes here, not part of CI): 2,000 start/stop cycles and 200 full runs
across the modes, in one real window with real workers, offscreen. Prints the app's child
processes, open files, threads and memory at the start and at the end, writes them to
benchmarks/soak.json and adds them to benchmarks/RESULTS.md.

A leak shows as a count that grows: a process not reaped, a pipe not closed, a thread not
ended. Memory is reported, not judged: Python's allocator keeps freed memory for reuse.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import psutil

from benchmarks.live_window import open_window, run_events, wait_for
from benchmarks.measurement import log
from benchmarks.report import write_table
from cpuviz.core.runs.plan import Mode, WorkSize
from cpuviz.core.work.workloads import Workload
from cpuviz.ui.main_window import MainWindow

HERE = Path(__file__).parent
CYCLES = 2000
FULL_RUNS = 200
RUN_TIMEOUT_S = 120.0
# A full run of about a quarter of a second serial: the soak is about many runs, not long ones.
QUICK = WorkSize("quick", chunks=16, iterations_per_chunk=100_000)
MODES = (Mode.SERIAL, Mode.THREADS, Mode.PROCESSES)


@dataclass(frozen=True, slots=True)
class Footprint:
    children: int
    open_files: int
    threads: int
    rss_mb: float


def footprint() -> Footprint:
    """The window process and everything it started (Manager, tracker, worker hosts)."""
    window = psutil.Process()
    children = window.children(recursive=True)
    processes = [window, *children]
    return Footprint(
        children=len(children),
        open_files=sum(process.num_fds() for process in processes),
        threads=sum(process.num_threads() for process in processes),
        rss_mb=round(sum(process.memory_info().rss for process in processes) / 2**20, 1),
    )


def start_and_stop(window: MainWindow, mode: Mode) -> None:
    """Start, wait until the `mode` run (not a baseline before it) is going, then Stop."""
    started: list[Mode] = []
    listen = window.controller.run_started.connect(lambda plan: started.append(plan.mode))
    window.choose_mode(mode)
    window.start_run()  # with the workers ready, the first run starts in here
    while mode not in started:
        wait_for(window.controller.run_started, RUN_TIMEOUT_S)
    window.controller.run_started.disconnect(listen)
    window.controller.stop()
    while window.controller.is_busy:
        wait_for(window.controller.busy_changed, RUN_TIMEOUT_S)


def full_run(window: MainWindow, mode: Mode) -> None:
    window.choose_mode(mode)
    window.start_run()
    while window.controller.is_busy:
        wait_for(window.controller.busy_changed, RUN_TIMEOUT_S)


def soak() -> dict:
    window = open_window(Mode.PROCESSES, size=QUICK)
    window.choose_workload(Workload.CPU)
    modes = itertools.cycle(MODES)
    try:
        full_run(window, Mode.PROCESSES)  # every lazily made object exists before counting
        run_events(1.0)
        started_s, start = time.monotonic(), footprint()
        log(f"soak: start {start}")
        for cycle in range(1, CYCLES + 1):
            start_and_stop(window, next(modes))
            if cycle % 250 == 0:
                log(f"soak: {cycle} start/stop cycles, {footprint()}")
        for run in range(1, FULL_RUNS + 1):
            full_run(window, next(modes))
            if run % 50 == 0:
                log(f"soak: {run} full runs, {footprint()}")
        run_events(2.0)  # replaced hosts, if any, are up again
        end = footprint()
        log(f"soak: end {end}")
    finally:
        window.close()
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cycles": CYCLES,
        "full_runs": FULL_RUNS,
        "minutes": round((time.monotonic() - started_s) / 60, 1),
        "start": asdict(start),
        "end": asdict(end),
    }


def main() -> None:
    figures = soak()
    (HERE / "soak.json").write_text(json.dumps(figures, indent=2) + "\n")
    results_file = HERE / "results.json"
    if results_file.exists():
        write_table(json.loads(results_file.read_text()), HERE / "RESULTS.md", figures)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
