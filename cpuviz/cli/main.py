"""`cpuviz`: which command, then its run. `cpuviz [options]` opens the window; `bench`,
`snapshot` and `record` run without one.

Qt is imported only inside the paths that need it, never at module level: worker processes
started with `spawn` re-import the launching module, and they must stay small and fast to start.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cpuviz.cli.arguments import (
    bench_parser,
    gui_options,
    gui_parser,
    record_parser,
    snapshot_parser,
    take_scheduler_from_environment,
    work_size,
)
from cpuviz.core.runs.cluster_target import ClusterTarget
from cpuviz.core.runs.plan import Mode
from cpuviz.core.system.files import FileWriteError
from cpuviz.options import EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command, parsed = parse_command_line(args)
    if command == "bench":
        return _bench(parsed)
    if command == "snapshot":
        return _snapshot(parsed)
    if command == "record":
        return _record(parsed)
    if parsed.install_desktop or parsed.uninstall_desktop:
        return _desktop(install=parsed.install_desktop)
    options = gui_options(parsed, args)
    from cpuviz.cli.window import run_gui

    return run_gui(options)


def parse_command_line(args: Sequence[str]) -> tuple[str, argparse.Namespace]:
    """Which command, and its checked arguments; anything wrong exits 2 with one line."""
    command = args[0] if args and args[0] in ("bench", "snapshot", "record") else "gui"
    if command == "bench":
        parser = bench_parser()
        parsed = parser.parse_args(args[1:])
        _refuse_a_cluster_without_dask(parser, parsed.modes)
    else:
        parser = {"snapshot": snapshot_parser, "record": record_parser}.get(command, gui_parser)()
        parsed = _runnable(parser, args[1:] if command != "gui" else args)
    take_scheduler_from_environment(parser, parsed)
    return command, parsed


def _refuse_a_cluster_without_dask(parser: argparse.ArgumentParser, modes: list[Mode]) -> None:
    """`bench --modes cluster` without the extra is a mistake to say so; `--modes all` only
    lists cluster mode among the skipped, with the same reason."""
    from cpuviz.core.runs.cluster_target import dask_missing

    if Mode.CLUSTER in modes and modes != list(Mode) and (missing := dask_missing()):
        parser.error(f"cannot run --modes cluster here: {missing}")


def _runnable(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """Parse, refusing a mode this Python cannot run with the workload asked for: the window
    would quietly show another mode instead, and a snapshot would wait for one that never runs.
    A replay runs nothing, so anything goes."""
    from cpuviz.core.runs.availability import unavailable
    from cpuviz.core.runs.runtime import detect_runtime

    args = parser.parse_args(argv)
    sizes = args.size if isinstance(args.size, list) else [args.size]  # snapshot's are a list
    named_size = any(isinstance(size, str) for size in sizes)
    _one_amount_of_work(parser, args, named_size)
    if args.replay is not None and (note := args.replay.cut_off_note()):
        print(f"cpuviz: {note}", file=sys.stderr)
    if args.replay is None:
        runtime = detect_runtime()
        for mode in args.mode if isinstance(args.mode, list) else [args.mode]:
            why_not = unavailable(mode, args.workload, runtime, args.work)
            if why_not is not None:
                parser.error(f"cannot run --mode {mode} here: {why_not.reason}")
    return args


def _one_amount_of_work(
    parser: argparse.ArgumentParser, args: argparse.Namespace, named_size: bool
) -> None:
    """--work counts chunks; the other amounts exclude it and each other."""
    amounts = [named_size, args.run_for is not None, args.same_work is not None]
    if args.work is not None and any(amounts):
        parser.error("--work runs --chunks chunks: leave out --run-for, --same-work and --size")
    if amounts.count(True) > 1:
        parser.error("--run-for, --same-work and a --size of work exclude each other: choose one")


def _bench(args: argparse.Namespace) -> int:
    from cpuviz.core.headless.bench import run_bench
    from cpuviz.core.headless.runner import RunFailedError

    try:
        report = run_bench(
            args.modes,
            args.workers,
            work_size(args),
            args.fault,
            repeat=args.repeat,
            workloads=tuple(args.workload),
            code=args.work,
            cluster=ClusterTarget(args.scheduler),
        )
    except RunFailedError as failure:
        print(f"cpuviz bench: run failed: {failure}", file=sys.stderr)
        return 1
    print(report.to_json() if args.json else report.to_table())
    return 0


def _desktop(*, install: bool) -> int:
    from cpuviz.cli.desktop import install_desktop, uninstall_desktop

    try:
        files = install_desktop() if install else uninstall_desktop()
    except (OSError, FileWriteError) as error:
        print(f"cpuviz: could not change the desktop menu: {error}", file=sys.stderr)
        return EXIT_USAGE
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
    from cpuviz.cli.snapshot import take_snapshot

    work_sizes = [size for size in args.size if isinstance(size, str)]
    window_sizes = [size for size in args.size if isinstance(size, tuple)]
    args.size = work_sizes[-1] if work_sizes else None
    window_size = window_sizes[-1] if window_sizes else (1024, 768)
    return take_snapshot(
        gui_options(args), args.out, window_size, args.seconds, args.at, page=args.page
    )


def _record(args: argparse.Namespace) -> int:
    from cpuviz.cli.record import record

    modes = args.mode
    args.mode = modes[0]
    return record(gui_options(args), args.out, args.seconds, modes)
