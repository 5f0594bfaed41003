"""`cpuviz`: which command, then its run. `cpuviz [options]` opens the window; `bench`,
`snapshot`, `record` and `script` run without one.

Qt is imported only inside the paths that need it, never at module level: worker processes
started with `spawn` re-import the launching module, and they must stay small and fast to start.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cpuviz.cli.arguments.command_line import Command, CommandLine, parse_command_line
from cpuviz.cli.arguments.gui_options import gui_options, work_size
from cpuviz.cli.arguments.named_files import NamedFiles, load_named_files
from cpuviz.cli.arguments.runnable import refuse_what_cannot_run
from cpuviz.cli.arguments.workers_python import take_workers_pythons
from cpuviz.core.runs.cluster_target import ClusterTarget
from cpuviz.core.system.files import FileWriteError
from cpuviz.options import EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0911 - a return per command
    command_line, files = checked_command_line(sys.argv[1:] if argv is None else argv)
    args = command_line.args
    if command_line.command is Command.RUN:
        return _run(args)
    if command_line.command is Command.BENCH:
        return _bench(args, files)
    if command_line.command is Command.SNAPSHOT:
        return _snapshot(command_line, files)
    if command_line.command is Command.RECORD:
        return _record(command_line, files)
    if command_line.command is Command.SCRIPT:
        return _script(args, files)
    if args.install_desktop or args.uninstall_desktop:
        return _desktop(install=args.install_desktop)
    from cpuviz.cli.window import run_gui

    return run_gui(gui_options(command_line, files))


def checked_command_line(given: Sequence[str]) -> tuple[CommandLine, NamedFiles]:
    """The command line parsed as text, then the files it names read and the workers' Python
    probed, then a mode that Python cannot run refused: anything wrong exits 2 with one line,
    before any command starts."""
    command_line = parse_command_line(given)
    if command_line.command is Command.RUN:  # names no file of cpuviz's, runs no mode
        return command_line, NamedFiles()
    files = load_named_files(command_line)
    take_workers_pythons(command_line)
    refuse_what_cannot_run(command_line, files)
    return command_line, files


def _bench(args: argparse.Namespace, files: NamedFiles) -> int:
    from cpuviz.core.headless.bench import (
        BenchReport,
        PythonsReport,
        run_bench,
        run_bench_pythons,
    )
    from cpuviz.core.headless.runner import RunFailedError

    report: BenchReport | PythonsReport
    try:
        if args.pythons:
            report = run_bench_pythons(
                args.pythons, args.workers, work_size(args), repeat=args.repeat
            )
        else:
            report = run_bench(
                args.modes,
                args.workers,
                work_size(args),
                args.fault,
                repeat=args.repeat,
                workloads=tuple(args.workload),
                code=files.code,
                cluster=ClusterTarget(args.scheduler),
                python=args.python,
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


def _snapshot(command_line: CommandLine, files: NamedFiles) -> int:
    from cpuviz.cli.snapshot import take_snapshot

    args = command_line.args
    return take_snapshot(
        gui_options(command_line, files),
        args.out,
        args.picture_size,
        args.seconds,
        args.at,
        page=args.page,
    )


def _record(command_line: CommandLine, files: NamedFiles) -> int:
    from cpuviz.cli.record import record

    args = command_line.args
    modes = args.mode
    return record(gui_options(command_line, files, mode=modes[0]), args.out, args.seconds, modes)


def _run(args: argparse.Namespace) -> int:
    from cpuviz.cli.run_program import run_program_headless, run_program_window
    from cpuviz.core.runs.plan import DEFAULT_RUN_S, Mode, timed_work
    from cpuviz.options import GuiOptions

    if args.json:
        return run_program_headless(args.command, args.attach)
    if args.record:
        from cpuviz.cli.record_program import record_program

        return record_program(args.command, args.attach, args.record)
    options = GuiOptions(Mode.THREADS, 2, timed_work(DEFAULT_RUN_S))  # the window's defaults
    return run_program_window(args.command, args.attach, options)


def _script(args: argparse.Namespace, files: NamedFiles) -> int:
    from cpuviz.cli.script import run_script_command
    from cpuviz.core.stdlib_code.work import ShownWork

    code = files.code.code if files.code else None
    work = ShownWork(args.workload, code, args.chunks)
    return run_script_command(work, args.workers, Path(args.out), args.mode)
