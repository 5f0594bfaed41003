"""From a parsed command line to the plain options a window (or a snapshot or recording of
one) opens with; how much work a run does, which bench reads too."""

from __future__ import annotations

import argparse

from cpuviz.cli.arguments.command_line import CommandLine
from cpuviz.cli.arguments.named_files import NamedFiles
from cpuviz.core.runs.cluster_target import ClusterTarget
from cpuviz.core.runs.plan import (
    DEFAULT_RUN_S,
    WORK_SIZES,
    Mode,
    WorkSize,
    chunks_of_code,
    same_work,
    timed_work,
)
from cpuviz.options import REMEMBERED_OPTIONS, GuiOptions


def gui_options(
    command_line: CommandLine, files: NamedFiles, *, mode: Mode | None = None
) -> GuiOptions:
    """The window's options; `mode` is the first of record's modes, which a window opens with."""
    args = command_line.args
    python = args.python
    return GuiOptions(
        mode=args.mode if mode is None else mode,
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
        switch_interval=args.switch_interval,
        # A Python named by the environment wins over the remembered one too.
        explicit=_given_explicitly(command_line.given) | ({"python"} if python else set()),
        replay=files.replay,
        code=files.code,
        cluster=ClusterTarget(args.scheduler),
        python=python,
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


def _given_explicitly(given: tuple[str, ...]) -> frozenset[str]:
    """The remembered options typed on the command line: they win over the saved settings."""
    return frozenset(
        name
        for name in REMEMBERED_OPTIONS
        if any(arg == f"--{name}" or arg.startswith(f"--{name}=") for arg in given)
    )
