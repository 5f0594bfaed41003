"""Options that several commands share, each group added by one function.

A command's parser (`window_command`, `snapshot_command`, `record_command`, `bench_command`)
lists the groups it has, in the order its --help shows them; where a command's option differs
(bench's --size, record's --mode), the command adds its own.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cpuviz.cli.arguments.converters import cpu_source, one_of, ranged, scheduler, switch_interval
from cpuviz.core.runs.cluster_target import EXTRA, SCHEDULER_VARIABLE
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.plan import (
    DEFAULT_RUN_S,
    MAX_RUN_S,
    MIN_RUN_S,
    MIN_WORKERS,
    WORK_SIZES,
    Mode,
    logical_cores,
    max_workers,
)
from cpuviz.core.runs.switch_interval import PYTHONS_OWN
from cpuviz.core.system.pythons import WORKER_PYTHON_VARIABLE
from cpuviz.core.work.user_code import DEFAULT_CHUNKS, MAX_CHUNKS
from cpuviz.core.work.workloads import Workload
from cpuviz.options import CORE_VIEWS, DEFAULT_INTERVAL_MS, MAX_INTERVAL_MS, MIN_INTERVAL_MS
from cpuviz.ui.theme import THEMES  # plain data: no Qt

# The work sizes as --help names them, smallest first: "small|medium|large".
WORK_SIZE_NAMES = "|".join(sorted(WORK_SIZES, key=lambda name: WORK_SIZES[name].chunks))


def add_how_to_run(parser: argparse.ArgumentParser) -> None:
    """Workers, a failure to show, the user's own work and where cluster mode runs."""
    parser.add_argument(
        "--workers",
        type=ranged(int, MIN_WORKERS, max_workers()),
        default=logical_cores(),
        help=f"threads or processes to run (default: one per core, {logical_cores()})",
    )
    parser.add_argument(
        "--fault",
        type=one_of(Fault, list(Fault)),
        default=Fault.NONE,
        help="make worker 0 of every run fail this way (raise or kill9), to show how failures "
        "look (default: none)",
    )
    parser.add_argument(
        "--work",
        metavar="FILE.py:FUNCTION",
        help="run your own function instead of a built-in workload: it takes the chunk index "
        "(0…chunks-1) and returns a picklable value. Exactly as safe as 'python FILE.py'",
    )
    parser.add_argument(
        "--scheduler",
        type=scheduler,
        metavar="tcp://HOST:PORT",
        help="the Dask scheduler cluster mode runs on, started with 'dask scheduler' (default: "
        f"${SCHEDULER_VARIABLE}, else a local cluster of the app's own, on 127.0.0.1 only); "
        f"needs {EXTRA}",
    )
    parser.add_argument(
        "--chunks",
        type=ranged(int, 1, MAX_CHUNKS),
        default=DEFAULT_CHUNKS,
        help=f"how many chunks --work runs, the same in every mode (default: {DEFAULT_CHUNKS})",
    )


def add_workers_python(parser: argparse.ArgumentParser) -> None:
    """The Python the workers run on, apart from the window's (probed after parsing)."""
    parser.add_argument(
        "--python",
        metavar="PYTHON",
        help="run the workers on this Python (a path, or a name on PATH such as python3.14t): "
        "3.12+ for interpreters mode, a free-threaded build for free-threaded; the window "
        f"stays on its own (default: ${WORKER_PYTHON_VARIABLE}, else the window's Python)",
    )


def add_run_length(parser: argparse.ArgumentParser) -> None:
    """How long a run lasts, or how much work it does, when no --size names an amount."""
    parser.add_argument(
        "--run-for",
        type=ranged(float, MIN_RUN_S, MAX_RUN_S),
        metavar="SECONDS",
        help=f"keep every mode's workers busy this long (default: {DEFAULT_RUN_S:g}); the "
        "speedup is then the rate of work against serial's, measured in a shorter serial "
        "run first",
    )
    parser.add_argument(
        "--same-work",
        type=ranged(float, MIN_RUN_S, MAX_RUN_S),
        metavar="SECONDS",
        help="instead, the same amount of work in every mode: as much as serial does in "
        "about this long on this machine (measured by a short probe at start-up)",
    )


def add_work_size(parser: argparse.ArgumentParser) -> None:
    """A fixed amount of work, in place of the --run-for seconds a run lasts by default."""
    parser.add_argument(
        "--size",
        choices=list(WORK_SIZES),
        default=None,
        help=f"a fixed amount of work, {WORK_SIZE_NAMES}: ≈ 2 s, 5 s, 10 s serial on a 2-core "
        f"laptop, the same in every mode (default: every mode runs {DEFAULT_RUN_S:g} s, see "
        "--run-for)",
    )


def add_window_look(parser: argparse.ArgumentParser) -> None:
    """The GIL's slow motion, the cores' view and the mode a window opens with."""
    parser.add_argument(
        "--switch-interval",
        type=switch_interval,
        default=PYTHONS_OWN,
        metavar="MS",
        help="how long a worker thread may hold the GIL, in ms: 5 (Python's own), or 50 "
        "or 200, slow motion for watching the GIL page (key G) (default: 5)",
    )
    parser.add_argument(
        "--view",
        choices=list(CORE_VIEWS),
        default=CORE_VIEWS[0],
        help="the cores as history graphs or as bars; B switches (default: graphs)",
    )
    parser.add_argument(
        "--mode",
        type=one_of(Mode, list(Mode)),
        default=Mode.THREADS,
        help=f"mode at start-up: {', '.join(Mode)} (default: threads)",
    )


def add_workload(parser: argparse.ArgumentParser) -> None:
    """The one built-in workload a window (or a recording of one) runs."""
    parser.add_argument(
        "--workload",
        type=one_of(Workload, list(Workload)),
        default=Workload.CPU,
        help="work at start-up: cpu (pure Python), io (waiting), native (C code that "
        "releases the GIL) or data (big results, costly to move between processes) "
        "(default: cpu)",
    )


def add_sampling(parser: argparse.ArgumentParser) -> None:
    """Where the CPU readings come from, and how often."""
    parser.add_argument(
        "--interval-ms",
        type=ranged(int, MIN_INTERVAL_MS, MAX_INTERVAL_MS),
        default=DEFAULT_INTERVAL_MS,
        help=f"how often the bars update, {MIN_INTERVAL_MS}…{MAX_INTERVAL_MS} ms (default: 100)",
    )
    parser.add_argument(
        "--source",
        type=cpu_source,
        default="psutil",
        help="CPU readings: psutil (live) or synthetic:N (a pretend N-core machine)",
    )


def add_window_start(parser: argparse.ArgumentParser) -> None:
    """What a window shows and how it opens: a recording instead of runs, its theme, full
    screen, a run at once."""
    parser.add_argument(
        "--replay",
        type=Path,  # read after parsing, with the other files the command line names
        metavar="FILE",
        help="play back a recording made with 'cpuviz record' instead of running anything",
    )
    parser.add_argument(
        "--theme",
        choices=list(THEMES),
        default="projector",
        help="projector (big text, for a beamer), dark or light (default: projector)",
    )
    parser.add_argument("--fullscreen", action="store_true", help="start full screen")
    parser.add_argument(
        "--autostart", action="store_true", help="start a run as soon as the window is up"
    )
