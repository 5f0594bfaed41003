"""Command line: `cpuviz [options]` opens the window; `bench` and `snapshot` run without one.

Qt is imported only inside the GUI paths, never at module level: worker processes started with
`spawn` re-import the launching module, and they must stay small and fast to start.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from cpuviz import __version__
from cpuviz.core.messages import Fault
from cpuviz.core.plan import MIN_WORKERS, WORK_SIZES, Mode, WorkSize, logical_cores, max_workers
from cpuviz.core.recording import Recording, RecordingError, load_recording
from cpuviz.core.sources import CpuSource, parse_source
from cpuviz.core.workloads import Workload
from cpuviz.ui.theme import THEMES  # plain data: no Qt

EXIT_USAGE = 2
# Options the window remembers between launches, unless given on the command line.
REMEMBERED_OPTIONS = ("mode", "workload", "workers", "theme")
MIN_INTERVAL_MS, MAX_INTERVAL_MS = 33, 2000
Choice = TypeVar("Choice", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class GuiOptions:
    """What the window starts with; shared by the window itself and `cpuviz snapshot`."""

    mode: Mode
    workers: int
    size: WorkSize
    interval_ms: int
    source: CpuSource
    fullscreen: bool
    autostart: bool
    fault: Fault = Fault.NONE
    workload: Workload = Workload.CPU
    theme: str = "projector"
    # Options given on the command line: they win over remembered settings.
    explicit: frozenset[str] = frozenset()
    # Where the window remembers its settings; None (snapshots, tests) remembers nothing.
    settings_file: str | None = None
    # Play this recording instead of running anything (the source is then the recording's).
    replay: Recording | None = None


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line instead of usage plus error."""

    def __init__(self, **kwargs: object) -> None:
        # No abbreviated flags: '--mod' for '--mode' would hide that the user chose a mode.
        super().__init__(allow_abbrev=False, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


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


def _add_run_options(parser: argparse.ArgumentParser, *, snapshot: bool = False) -> None:
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
    work_sizes = "|".join(sorted(WORK_SIZES, key=lambda name: WORK_SIZES[name].chunks))
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
        default="small",
        help=f"amount of work, {work_sizes}: ≈ 2 s, 5 s, 10 s serial (default: small)",
    )


def _add_gui_options(
    parser: argparse.ArgumentParser, *, snapshot: bool = False, window: bool = True
) -> None:
    """The options of a window, or of a headless recording of one (`window=False`)."""
    if window:
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
        help="work at start-up: cpu (pure Python), io (waiting) or native (C code that "
        "releases the GIL) (default: cpu)",
    )
    _add_run_options(parser, snapshot=snapshot)
    parser.add_argument(
        "--interval-ms",
        type=_ranged(int, MIN_INTERVAL_MS, MAX_INTERVAL_MS),
        default=100,
        help=f"how often the bars update, {MIN_INTERVAL_MS}…{MAX_INTERVAL_MS} ms (default: 100)",
    )
    parser.add_argument(
        "--source",
        type=_source,
        default="psutil",
        help="CPU readings: psutil (live) or synthetic:N (a pretend N-core machine)",
    )
    if not window:
        parser.set_defaults(theme="projector", fullscreen=False, autostart=True, replay=None)
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


def _gui_options(args: argparse.Namespace, given: Sequence[str] = ()) -> GuiOptions:
    explicit = {
        name
        for name in REMEMBERED_OPTIONS
        if any(arg == f"--{name}" or arg.startswith(f"--{name}=") for arg in given)
    }
    return GuiOptions(
        mode=args.mode,
        workers=args.workers,
        size=WORK_SIZES[args.size],
        interval_ms=args.interval_ms,
        source=args.source,
        fullscreen=args.fullscreen,
        autostart=args.autostart,
        fault=args.fault,
        workload=args.workload,
        theme=args.theme,
        explicit=frozenset(explicit),
        replay=args.replay,
    )


def _gui_parser() -> argparse.ArgumentParser:
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


def _bench_parser() -> argparse.ArgumentParser:
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
        help="comma-separated workloads from cpu,io,native, or all (default: cpu)",
    )
    _add_run_options(parser)
    parser.add_argument(
        "--repeat",
        type=_ranged(int, 1, 50),
        default=3,
        help="rounds per mode; each mode reports its median round (default: 3)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def _snapshot_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cpuviz snapshot",
        description="Render the real window offscreen during a run and save it as a PNG.",
    )
    parser.add_argument("out", help="PNG file to write")
    parser.add_argument(
        "--seconds",
        type=_ranged(float, 0.0, 600.0),
        help="how long to run before the picture is taken (default: 2; with --replay, "
        "the whole recording)",
    )
    _add_gui_options(parser, snapshot=True)
    return parser


def _record_parser() -> argparse.ArgumentParser:
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


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args and args[0] in ("bench", "snapshot", "record") else "gui"
    if command == "bench":
        return _bench(_bench_parser().parse_args(args[1:]))
    if command == "snapshot":
        return _snapshot(_runnable(_snapshot_parser(), args[1:]))
    if command == "record":
        return _record(_runnable(_record_parser(), args[1:]))
    parsed = _runnable(_gui_parser(), args)
    if parsed.install_desktop or parsed.uninstall_desktop:
        return _desktop(install=parsed.install_desktop)
    options = _gui_options(parsed, args)
    from cpuviz.gui import run_gui

    return run_gui(options)


def _runnable(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """Parse, refusing a mode this Python cannot run with the workload asked for: the window
    would quietly show another mode instead, and a snapshot would wait for one that never runs.
    A replay runs nothing, so anything goes."""
    from cpuviz.core.availability import unavailable
    from cpuviz.core.runtime import detect_runtime

    args = parser.parse_args(argv)
    if args.replay is None:
        runtime = detect_runtime()
        for mode in args.mode if isinstance(args.mode, list) else [args.mode]:
            why_not = unavailable(mode, args.workload, runtime)
            if why_not is not None:
                parser.error(f"cannot run --mode {mode} here: {why_not.reason}")
    return args


def _bench(args: argparse.Namespace) -> int:
    from cpuviz.core.bench import run_bench
    from cpuviz.core.runner import RunFailedError

    try:
        report = run_bench(
            args.modes,
            args.workers,
            WORK_SIZES[args.size],
            args.fault,
            repeat=args.repeat,
            workloads=tuple(args.workload),
        )
    except RunFailedError as failure:
        print(f"cpuviz bench: run failed: {failure}", file=sys.stderr)
        return 1
    print(report.to_json() if args.json else report.to_table())
    return 0


def _desktop(*, install: bool) -> int:
    from cpuviz.desktop import install_desktop, uninstall_desktop

    try:
        files = install_desktop() if install else uninstall_desktop()
    except OSError as error:
        print(f"cpuviz: could not change the desktop menu: {error}", file=sys.stderr)
        return 1
    if install:
        print(f"cpuviz: added to the app menu ({files[0]})")
    else:
        print(
            f"cpuviz: removed {len(files)} files from the app menu"
            if files
            else "cpuviz: was not in the app menu"
        )
    return 0


def _snapshot(args: argparse.Namespace) -> int:
    from cpuviz.snapshot import take_snapshot

    work_sizes = [size for size in args.size if isinstance(size, str)]
    window_sizes = [size for size in args.size if isinstance(size, tuple)]
    args.size = work_sizes[-1] if work_sizes else "small"
    window_size = window_sizes[-1] if window_sizes else (1024, 768)
    return take_snapshot(_gui_options(args), args.out, window_size, args.seconds)


def _record(args: argparse.Namespace) -> int:
    from cpuviz.record import record

    modes = args.mode
    args.mode = modes[0]
    return record(_gui_options(args), args.out, args.seconds, modes)
