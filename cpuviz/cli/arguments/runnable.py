"""A mode the workers' Python cannot run is refused before anything starts, in one line, exit 2.

The window would quietly show another mode instead, and a snapshot would wait for one that
never runs. A replay runs nothing, so anything goes.
"""

from __future__ import annotations

from cpuviz.cli.arguments.command_line import Command, CommandLine
from cpuviz.cli.arguments.named_files import NamedFiles
from cpuviz.core.runs.availability import unavailable
from cpuviz.core.runs.cluster_target import dask_missing
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.runtime import detect_runtime


def refuse_what_cannot_run(command_line: CommandLine, files: NamedFiles) -> None:
    """Exit 2 naming the first mode asked for that cannot run the work asked for here."""
    parser, args = command_line.parser, command_line.args
    if command_line.command is Command.BENCH:
        _refuse_a_cluster_without_dask(command_line)
        return
    if command_line.command is Command.SCRIPT:  # it runs on whichever Python runs the file
        if Mode.CLUSTER in args.mode and args.mode != list(Mode):
            parser.error("cannot write --mode cluster: the script needs only the standard library")
        return
    if files.replay is not None:
        return
    runtime = detect_runtime(getattr(args, "python", None))  # what the workers' Python offers
    for mode in args.mode if isinstance(args.mode, list) else [args.mode]:  # record's: a list
        why_not = unavailable(mode, args.workload, runtime, files.code)
        if why_not is not None:
            parser.error(f"cannot run --mode {mode} here: {why_not.reason}")


def _refuse_a_cluster_without_dask(command_line: CommandLine) -> None:
    """`bench --modes cluster` without the extra is a mistake to say so; `--modes all` only
    lists cluster mode among the skipped, with the same reason."""
    modes = command_line.args.modes
    if Mode.CLUSTER in modes and modes != list(Mode) and (missing := dask_missing()):
        command_line.parser.error(f"cannot run --modes cluster here: {missing}")
