"""Which command, and its arguments checked as text: parsing reads no file, starts nothing."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from cpuviz.cli.arguments.bench_command import bench_parser
from cpuviz.cli.arguments.parser import OneLineParser
from cpuviz.cli.arguments.record_command import record_parser
from cpuviz.cli.arguments.run_command import check_run_arguments, run_parser
from cpuviz.cli.arguments.script_command import script_parser
from cpuviz.cli.arguments.snapshot_command import snapshot_parser
from cpuviz.cli.arguments.window_command import window_parser
from cpuviz.core.runs.cluster_target import SCHEDULER_VARIABLE, target_from


class Command(StrEnum):
    """What `cpuviz` was asked to do: the window unless the first word names another."""

    WINDOW = "window"
    BENCH = "bench"
    SNAPSHOT = "snapshot"
    RECORD = "record"
    SCRIPT = "script"
    RUN = "run"


# The commands named by a first word; any other command line is the window's.
SUBCOMMAND_PARSERS: dict[Command, Callable[[], OneLineParser]] = {
    Command.BENCH: bench_parser,
    Command.SNAPSHOT: snapshot_parser,
    Command.RECORD: record_parser,
    Command.SCRIPT: script_parser,
    Command.RUN: run_parser,
}


@dataclass(frozen=True, slots=True)
class CommandLine:
    """A parsed command line. `parser` says what is wrong later in the same one line, with
    the command's name; `given` is what was typed (the window's options given there win over
    remembered ones)."""

    command: Command
    parser: OneLineParser
    args: argparse.Namespace
    given: tuple[str, ...]


def parse_command_line(given: Sequence[str]) -> CommandLine:
    """Which command, and its arguments; anything wrong exits 2 with one line."""
    words = list(given)
    if words and words[0].partition("=")[0] == "--attach":  # `cpuviz --attach PID`: the window
        words.insert(0, Command.RUN)
    if words and words[0] in SUBCOMMAND_PARSERS:
        command = Command(words[0])
        parser, rest = SUBCOMMAND_PARSERS[command](), words[1:]
    else:
        command, parser, rest = Command.WINDOW, window_parser(), words
    args = parser.parse_args(rest)
    if command is Command.RUN:  # a program of the user's: none of the work's options
        check_run_arguments(parser, args)
        return CommandLine(command, parser, args, tuple(words))
    if command not in (Command.BENCH, Command.SCRIPT):
        _one_amount_of_work(parser, args)
    if command is not Command.SCRIPT:  # the script runs the standard library only: no Dask
        _take_scheduler_from_environment(parser, args)
    return CommandLine(command, parser, args, tuple(words))


def _one_amount_of_work(parser: OneLineParser, args: argparse.Namespace) -> None:
    """--work counts chunks; the other amounts exclude it and each other."""
    amounts = [args.size is not None, args.run_for is not None, args.same_work is not None]
    if args.work is not None and any(amounts):
        parser.error("--work runs --chunks chunks: leave out --run-for, --same-work and --size")
    if amounts.count(True) > 1:
        parser.error("--run-for, --same-work and a --size of work exclude each other: choose one")


def _take_scheduler_from_environment(parser: OneLineParser, args: argparse.Namespace) -> None:
    """Without --scheduler, DASK_SCHEDULER_ADDRESS (checked as carefully) takes its place."""
    try:
        args.scheduler = target_from(args.scheduler, os.environ).scheduler
    except ValueError as error:
        parser.error(f"{SCHEDULER_VARIABLE}: {error}")
