"""Every figure `make bench` reports: its key in results.json, what it means, and its goal.

The keys are a contract: other work (and RESULTS.md readers) look them up by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    AT_MOST = "≤"
    AT_LEAST = "≥"
    ABOUT = "≈"


@dataclass(frozen=True, slots=True)
class Goal:
    key: str
    what: str
    direction: Direction
    target: float
    unit: str = ""
    tolerance: float = 0.0  # for ABOUT: how far from the target still counts

    def met(self, measured: float) -> bool:
        if self.direction is Direction.AT_MOST:
            return measured <= self.target
        if self.direction is Direction.AT_LEAST:
            return measured >= self.target
        return abs(measured - self.target) <= self.tolerance

    def describe(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        within = f" ± {self.tolerance:g}" if self.direction is Direction.ABOUT else ""
        return f"{self.direction} {self.target:g}{within}{unit}"


def _p99(mode: str) -> Goal:
    return Goal(
        f"ui_p99_over_interval_{mode}",
        f"p99 UI frame interval at 60 Hz during a {mode} run ÷ 16.7 ms",
        Direction.AT_MOST,
        1.1,
    )


def _p99_over_idle(mode: str) -> Goal:
    return Goal(
        f"ui_p99_over_idle_{mode}",
        f"p99 UI frame interval during a {mode} run ÷ the idle window's p99, same run",
        Direction.AT_MOST,
        1.05,
    )


def _speedup(workload: str, mode: str, target: float, where: str = "") -> Goal:
    return Goal(
        f"speedup_{workload}_{mode}",
        f"{workload} work in {mode} mode vs serial, 4 workers, small, median of 3 {where}".strip(),
        Direction.AT_LEAST,
        target,
        "×",
    )


GOALS: dict[str, Goal] = {
    goal.key: goal
    for goal in (
        Goal(
            "overhead_pct_10hz",
            "CPU of the idle app (window, Manager, worker hosts), % of one core, 10 Hz, on Xvfb",
            Direction.AT_MOST,
            1.0,
            "%",
        ),
        Goal(
            "overhead_vs_htop_10hz",
            "the above ÷ htop -d 1 (10 Hz) in the same run",
            Direction.AT_MOST,
            0.5,
        ),
        Goal(
            "overhead_pct_1hz",
            "CPU of the idle app at 1 Hz, % of one core",
            Direction.AT_MOST,
            0.2,
            "%",
        ),
        _p99("serial"),
        _p99("threads"),
        _p99("processes"),
        _p99_over_idle("serial"),
        _p99_over_idle("threads"),
        _p99_over_idle("processes"),
        Goal(
            "core_view_share_1024",
            "share of the 1024×768 window the cores take mid-run, projector theme",
            Direction.AT_LEAST,
            0.45,
        ),
        Goal(
            "processes_colour_share_1024",
            "share of `snapshot --at 0.9` of a default processes run in the processes colour",
            Direction.AT_LEAST,
            0.25,
        ),
        Goal(
            "threads_vs_processes_colour",
            "the same for threads in the threads colour ÷ the processes share",
            Direction.AT_MOST,
            0.75,
        ),
        Goal(
            "ui_p99_over_idle_data_processes",
            "p99 UI frame interval while process mode moves big results (Data) ÷ idle p99",
            Direction.AT_MOST,
            1.2,
        ),
        Goal(
            "gil_view_cost_pct",
            "CPU of the GIL page's sampler while shown, % of one core (0 while hidden)",
            Direction.AT_MOST,
            3,
            "%",
        ),
        Goal(
            "gil_view_rate_ratio",
            "work per second of a threads run watched by the GIL page ÷ unwatched",
            Direction.ABOUT,
            1.0,
            tolerance=0.02,
        ),
        Goal(
            "watch_busy_error",
            "|busy cores of a watched program − the kernel's (user + sys) ÷ elapsed for its "
            "tree|, the worse of a Pool(2) program and a 2-thread one",
            Direction.AT_MOST,
            0.05,
        ),
        Goal(
            "watch_cost_pct",
            "CPU of watching a program of 16 threads in 4 processes at 10 Hz, GIL page hidden, "
            "% of one core",
            Direction.AT_MOST,
            3,
            "%",
        ),
        Goal(
            "watch_cost_pct_gil_page",
            "the same with the GIL page shown",
            Direction.AT_MOST,
            5,
            "%",
        ),
        Goal(
            "gil_threads_waiting_pct",
            "two CPU-bound threads: share of their time spent waiting for the GIL",
            Direction.AT_LEAST,
            35,
            "%",
        ),
        Goal(
            "gil_threads_handoffs_per_s",
            "two CPU-bound threads: how often the GIL changed hands, a second",
            Direction.AT_LEAST,
            50,
        ),
        Goal(
            "gil_threads_overlap_pct",
            "two CPU-bound threads: share of running time both ran at once",
            Direction.AT_MOST,
            10,
            "%",
        ),
        Goal(
            "gil_native_waiting_pct",
            "two threads in C code that lets go of the GIL: share of time waiting for it",
            Direction.AT_MOST,
            20,
            "%",
        ),
        Goal(
            "gil_vs_gilknocker_pts",
            "two CPU-bound threads: GIL held % (the GIL page) − gilknocker's contention metric",
            Direction.ABOUT,
            0,
            "points",
            tolerance=10,
        ),
        Goal(
            "calibration_error_pct",
            'how far a serial run of "≈ 15 s of serial work" lands from 15 s (worst workload)',
            Direction.AT_MOST,
            15,
            "%",
        ),
        Goal(
            "process_vs_raw_pool",
            "throughput of process mode ÷ a raw ProcessPoolExecutor (same kernel, chunks, spawn)",
            Direction.AT_LEAST,
            0.97,
        ),
        Goal(
            "process_speedup",
            "process mode vs serial, same run",
            Direction.AT_LEAST,
            1.85,
            "×",
        ),
        Goal(
            "thread_speedup",
            "thread mode vs serial, same run",
            Direction.ABOUT,
            1.0,
            "×",
            tolerance=0.15,
        ),
        Goal(
            "start_to_busy_ms",
            "Start pressed → every core ≥ 90% busy (psutil, 25 ms windows)",
            Direction.AT_MOST,
            100,
            "ms",
        ),
        Goal(
            "stop_to_idle_ms",
            "Stop pressed → every core back under 25% busy",
            Direction.AT_MOST,
            500,
            "ms",
        ),
        Goal(
            "first_frame_s",
            "process start → first painted frame of the full window",
            Direction.AT_MOST,
            1.0,
            "s",
        ),
        _speedup("io", "threads", 3.0),
        _speedup("io", "asyncio", 3.0),
        _speedup("native", "threads", 1.5),
        _speedup("cpu", "interpreters", 1.6, "on Python 3.13"),
        Goal(
            "speedup_interpreters_other_python",
            "cpu work in interpreters mode vs serial with the window on its own Python and the "
            "workers on another 3.12+ (3.13 here), 2 workers, small, median of 3",
            Direction.AT_LEAST,
            1.6,
            "×",
        ),
        Goal(
            "speedup_cpu_cluster",
            "cpu work on the app's own Dask cluster vs serial, 2 workers, small, median of 3",
            Direction.AT_LEAST,
            1.6,
            "×",
        ),
        Goal(
            "script_vs_bench_processes",
            "processes speedup of the take-home script (cpu, 2 workers, small) ÷ cpuviz bench's",
            Direction.ABOUT,
            1.0,
            tolerance=0.15,
        ),
        Goal(
            "busy_speedup_processes",
            "cpu work in processes mode vs serial, 2 workers, small, with another program busy "
            "on one core (the fair share of 2 cores among 3 busy programs gives 1.33×)",
            Direction.AT_LEAST,
            1.25,
            "×",
        ),
        Goal(
            "busy_threads_vs_processes_colour",
            "threads amber ÷ processes green in snapshot --at 0.7, another program busy on one "
            "core (its load drawn grey, as nobody's mode)",
            Direction.AT_MOST,
            0.6,
        ),
        Goal(
            "ui_p99_over_idle_worker_priority",
            "p99 UI frame interval during a processes run ÷ the idle window's, workers at the "
            "app's priority, another program busy on one core",
            Direction.AT_MOST,
            1.1,
        ),
        Goal("gui_rss_mb", "memory of the window process (USS)", Direction.AT_MOST, 150, "MB"),
        Goal("worker_rss_mb", "memory of one worker process (USS)", Direction.AT_MOST, 30, "MB"),
        Goal(
            "ui_msg_ms_per_frame",
            "GUI-thread CPU time on worker messages in the worst 60 Hz frame, at peak message rate",
            Direction.AT_MOST,
            1.0,
            "ms",
        ),
        Goal(
            "frame_ms_256_cores",
            "one sample taken, drawn and painted with --source synthetic:256 (p95)",
            Direction.AT_MOST,
            8,
            "ms",
        ),
    )
}
