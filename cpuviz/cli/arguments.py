"""The argument parsers of `cpuviz`, `cpuviz bench`, `cpuviz snapshot` and `cpuviz record`.

Every complaint is one line and exit status 2. Nothing here imports Qt: `--help`, `bench` and
the worker processes (which re-import the launching module under `spawn`) never load it.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from cpuviz import __version__
from cpuviz.core.recording.format import Recording, RecordingError, load_recording
from cpuviz.core.runs.cluster_target import (
    EXTRA,
    SCHEDULER_VARIABLE,
    ClusterTarget,
    parse_scheduler,
    target_from,
)
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.plan import (
    DEFAULT_RUN_S,
    MAX_RUN_S,
    MIN_RUN_S,
    MIN_WORKERS,
    WORK_SIZES,
    Mode,
    WorkSize,
    chunks_of_code,
    logical_cores,
    max_workers,
    same_work,
    timed_work,
)
from cpuviz.core.sampling.sources import CpuSource, parse_source
from cpuviz.core.work.code_check import CheckedCode, check
from cpuviz.core.work.user_code import DEFAULT_CHUNKS, MAX_CHUNKS, UserCodeError, parse_work
from cpuviz.core.work.workloads import Workload
from cpuviz.options import (
    CORE_VIEWS,
    DEFAULT_INTERVAL_MS,
    EXIT_USAGE,
    MAX_INTERVAL_MS,
    MIN_INTERVAL_MS,
    PAGES,
    REMEMBERED_OPTIONS,
    SWITCH_INTERVALS_MS,
    GuiOptions,
)
from cpuviz.ui.theme import THEMES  # plain data: no Qt

Choice = TypeVar("Choice", bound=StrEnum)


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line instead of usage plus error."""

    def __init__(self, **kwargs: object) -> None:
        # No abbreviated flags: '--mod' for '--mode' would hide that the user chose a mode.
        super().__init__(allow_abbrev=False, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> None:  # type: ignore[override]
        # What the user typed is echoed back; a newline or control character in it is shown
        # escaped, so the complaint stays one line.
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {shown} (see {self.prog} --help)\n")


def _ranged(number: type[int] | type[float], low: float, high: float):
    """An argparse type for a number within [low, high], with a one-line complaint."""

    def parse(text: str) -> float:
        try:
            value = number(text)
        except ValueError:
            kind = "whole number" if number is int else "number"
            raise argparse.ArgumentTypeError(f"{text!r} is not a {kind}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value:g} is outside {low:g}…{high:g}")
        return value

    return parse


def _one_of(enum: type[Choice], allowed: Sequence[Choice]) -> Callable[[str], Choice]:
    """An argparse type for an enum value, whose complaint lists what is allowed."""

    def parse(text: str) -> Choice:
        try:
            choice = enum(text)
        except ValueError:
            choice = None
        if choice not in allowed:
            names = ", ".join(item.value for item in allowed)
            raise argparse.ArgumentTypeError(f"{text!r} is not one of {names}")
        return choice

    return parse


def _source(text: str) -> CpuSource:
    try:
        return parse_source(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _user_code(text: str) -> CheckedCode:
    """FILE.py:FUNCTION, imported in a process of its own to check that it can run."""
    try:
        return check(parse_work(text))
    except UserCodeError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _scheduler(text: str) -> str:
    try:
        return parse_scheduler(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def take_scheduler_from_environment(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> None:
    """Without --scheduler, DASK_SCHEDULER_ADDRESS (checked as carefully) takes its place."""
    try:
        args.scheduler = target_from(args.scheduler, os.environ).scheduler
    except ValueError as error:
        parser.error(f"{SCHEDULER_VARIABLE}: {error}")


def _recording(text: str) -> Recording:
    try:
        return load_recording(Path(text))
    except RecordingError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _comma_list(enum: type[Choice]) -> Callable[[str], list[Choice]]:
    """An argparse type for 'a,b,c' of enum values; 'all' means every one."""

    def parse(text: str) -> list[Choice]:
        if text.strip() == "all":
            return list(enum)
        try:
            return [enum(name.strip()) for name in text.split(",") if name.strip()]
        except ValueError:
            choices = ",".join(item.value for item in enum)
            raise argparse.ArgumentTypeError(f"{text!r}: choose from {choices} or all") from None

    return parse


def _window_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()) or not (
        320 <= int(width) <= 7680 and 240 <= int(height) <= 4320
    ):
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1024x768")
    return int(width), int(height)


def _add_run_options(
    parser: argparse.ArgumentParser, *, snapshot: bool = False, timed: bool = True
) -> None:
    """Workers, a failure to show, and how much work: `timed` runs last --run-for seconds
    unless --size names a fixed amount (bench measures fixed amounts only)."""
    parser.add_argument(
        "--workers",
        type=_ranged(int, MIN_WORKERS, max_workers()),
        default=logical_cores(),
        help=f"threads or processes to run (default: one per core, {logical_cores()})",
    )
    parser.add_argument(
        "--fault",
        type=_one_of(Fault, list(Fault)),
        default=Fault.NONE,
        help="make worker 0 of every run fail this way (raise or kill9), to show how failures "
        "look (default: none)",
    )
    parser.add_argument(
        "--work",
        type=_user_code,
        metavar="FILE.py:FUNCTION",
        help="run your own function instead of a built-in workload: it takes the chunk index "
        "(0…chunks-1) and returns a picklable value. Exactly as safe as 'python FILE.py'",
    )
    parser.add_argument(
        "--scheduler",
        type=_scheduler,
        metavar="tcp://HOST:PORT",
        help="the Dask scheduler cluster mode runs on, started with 'dask scheduler' (default: "
        f"${SCHEDULER_VARIABLE}, else a local cluster of the app's own, on 127.0.0.1 only); "
        f"needs {EXTRA}",
    )
    parser.add_argument(
        "--chunks",
        type=_ranged(int, 1, MAX_CHUNKS),
        default=DEFAULT_CHUNKS,
        help=f"how many chunks --work runs, the same in every mode (default: {DEFAULT_CHUNKS})",
    )
    work_sizes = "|".join(sorted(WORK_SIZES, key=lambda name: WORK_SIZES[name].chunks))
    if timed:
        parser.add_argument(
            "--run-for",
            type=_ranged(float, MIN_RUN_S, MAX_RUN_S),
            metavar="SECONDS",
            help=f"keep every mode's workers busy this long (default: {DEFAULT_RUN_S:g}); the "
            "speedup is then the rate of work against serial's, measured in a shorter serial "
            "run first",
        )
        parser.add_argument(
            "--same-work",
            type=_ranged(float, MIN_RUN_S, MAX_RUN_S),
            metavar="SECONDS",
            help="instead, the same amount of work in every mode: as much as serial does in "
            "about this long on this machine (measured by a short probe at start-up)",
        )
    if snapshot:
        # One --size flag, two meanings told apart by form: WxH is the picture, a name the work.
        parser.add_argument(
            "--size",
            type=_size_or_window_size,
            action="append",
            default=[],
            help=f"picture size WxH (default: 1024x768) and/or work size {work_sizes}; "
            "may be given twice",
        )
        return
    parser.add_argument(
        "--size",
        choices=list(WORK_SIZES),
        default=None if timed else "small",
        help=f"a fixed amount of work, {work_sizes}: ≈ 2 s, 5 s, 10 s serial on a 2-core "
        "laptop, the same in every mode"
        + (f" (default: every mode runs {DEFAULT_RUN_S:g} s, see --run-for)" if timed else "")
        + ("" if timed else " (default: small)"),
    )


def _add_gui_options(
    parser: argparse.ArgumentParser, *, snapshot: bool = False, window: bool = True
) -> None:
    """The options of a window, or of a headless recording of one (`window=False`)."""
    if window:
        parser.add_argument(
            "--switch-interval",
            type=int,
            choices=SWITCH_INTERVALS_MS,
            default=SWITCH_INTERVALS_MS[0],
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
            type=_one_of(Mode, list(Mode)),
            default=Mode.THREADS,
            help=f"mode at start-up: {', '.join(Mode)} (default: threads)",
        )
    else:  # one recording can show the contrast itself: threads, then processes
        parser.add_argument(
            "--mode",
            type=_comma_list(Mode),
            default=[Mode.THREADS],
            help=f"mode or modes to record one after another, e.g. threads,processes; "
            f"from {', '.join(Mode)} (default: threads)",
        )
    parser.add_argument(
        "--workload",
        type=_one_of(Workload, list(Workload)),
        default=Workload.CPU,
        help="work at start-up: cpu (pure Python), io (waiting), native (C code that "
        "releases the GIL) or data (big results, costly to move between processes) "
        "(default: cpu)",
    )
    _add_run_options(parser, snapshot=snapshot)
    parser.add_argument(
        "--interval-ms",
        type=_ranged(int, MIN_INTERVAL_MS, MAX_INTERVAL_MS),
        default=DEFAULT_INTERVAL_MS,
        help=f"how often the bars update, {MIN_INTERVAL_MS}…{MAX_INTERVAL_MS} ms (default: 100)",
    )
    parser.add_argument(
        "--source",
        type=_source,
        default="psutil",
        help="CPU readings: psutil (live) or synthetic:N (a pretend N-core machine)",
    )
    if not window:
        parser.set_defaults(
            theme="projector",
            fullscreen=False,
            autostart=True,
            replay=None,
            view=CORE_VIEWS[0],
            switch_interval=SWITCH_INTERVALS_MS[0],
        )
        return
    parser.add_argument(
        "--replay",
        type=_recording,
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


def gui_options(args: argparse.Namespace, given: Sequence[str] = ()) -> GuiOptions:
    explicit = {
        name
        for name in REMEMBERED_OPTIONS
        if any(arg == f"--{name}" or arg.startswith(f"--{name}=") for arg in given)
    }
    return GuiOptions(
        mode=args.mode,
        workers=args.workers,
        size=work_size(args),
        interval_ms=args.interval_ms,
        source=args.source,
        fullscreen=args.fullscreen,
        autostart=args.autostart,
        fault=args.fault,
        workload=args.workload,
        theme=args.theme,
        view=args.view,
        switch_interval_ms=args.switch_interval,
        explicit=frozenset(explicit),
        replay=args.replay,
        code=args.work,
        cluster=ClusterTarget(args.scheduler),
    )


def work_size(args: argparse.Namespace) -> WorkSize:
    """--chunks of the user's function; else a fixed amount if --size named one, a measured
    one for --same-work, or work that lasts --run-for seconds."""
    if args.work is not None:
        return chunks_of_code(args.chunks)
    if args.size is not None:
        return WORK_SIZES[args.size]
    if args.same_work is not None:
        return same_work(args.same_work)
    return timed_work(args.run_for or DEFAULT_RUN_S)


def gui_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cpuviz",
        description="Watch CPU-bound Python threads share one core while processes use them "
        "all. Other commands: 'cpuviz bench --help', 'cpuviz snapshot --help', "
        "'cpuviz record --help'.",
    )
    parser.add_argument("--version", action="version", version=f"cpuviz {__version__}")
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop",
        action="store_true",
        help="add cpuviz (this installation) to your desktop's app menu, then exit",
    )
    desktop.add_argument(
        "--uninstall-desktop", action="store_true", help="remove it from the menu again, then exit"
    )
    _add_gui_options(parser)
    return parser


def bench_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cpuviz bench", description="Run the modes headless and print what they measure."
    )
    parser.add_argument(
        "--modes",
        type=_comma_list(Mode),
        default=[Mode.SERIAL, Mode.THREADS, Mode.PROCESSES],
        help=f"comma-separated modes from {','.join(Mode)}, or all; ones this Python cannot "
        "run are listed as skipped, with the reason (default: serial,threads,processes)",
    )
    parser.add_argument(
        "--workload",
        type=_comma_list(Workload),
        default=[Workload.CPU],
        help="comma-separated workloads from cpu,io,native,data, or all (default: cpu)",
    )
    _add_run_options(parser, timed=False)
    parser.add_argument(
        "--repeat",
        type=_ranged(int, 1, 50),
        default=3,
        help="rounds per mode; each mode reports its median round (default: 3)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def snapshot_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cpuviz snapshot",
        description="Render the real window offscreen during a run and save it as a PNG.",
    )
    parser.add_argument("out", help="PNG file to write")
    when = parser.add_mutually_exclusive_group()
    when.add_argument(
        "--at",
        type=_ranged(float, 0.01, 1.0),
        metavar="F",
        help="take the picture at this fraction of the mode's own run, after any serial "
        "baseline: 0.5 is halfway, 0.9 near the end (with --replay: of the recording)",
    )
    parser.add_argument(
        "--page",
        choices=list(PAGES),
        help="the page of the bottom panel to show: " + ", ".join(PAGES) + " (default: as the "
        "window would, the worker lanes during a run)",
    )
    when.add_argument(
        "--seconds",
        type=_ranged(float, 0.0, 600.0),
        help="how long to run before the picture is taken (default: 2; with --replay, "
        "the whole recording)",
    )
    _add_gui_options(parser, snapshot=True)
    return parser


def record_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cpuviz record",
        description="Run one mode or several headless, one after another (after a serial "
        "baseline), and save the samples, worker events and results as JSON lines, for "
        "'cpuviz --replay FILE' on any machine.",
    )
    parser.add_argument("out", help="file to write, e.g. demo.jsonl")
    parser.add_argument(
        "--seconds",
        type=_ranged(float, 0.5, 3600.0),
        help="stop the run and the recording after this long (default: when the run ends)",
    )
    _add_gui_options(parser, window=False)
    return parser


def _size_or_window_size(text: str) -> str | tuple[int, int]:
    if text in WORK_SIZES:
        return text
    return _window_size(text)
