"""`cpuviz run [--json] -- COMMAND [ARGS…]` or `cpuviz run [--json] --attach PID` (in the window
also `cpuviz --attach PID`): watch a program."""

from __future__ import annotations

import argparse

from cpuviz.cli.arguments.converters import ranged
from cpuviz.cli.arguments.parser import OneLineParser

# Linux's largest PID is 2**22; other systems stay below 2**31.
MAX_PID = 2**31 - 1


def run_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="cpuviz run",
        description="Start a program (or attach to one running) and watch it from outside: "
        "its processes and threads, the cores it keeps busy, and for Python how often its "
        "threads wait on a lock or the GIL. The program runs unchanged, its output to the "
        "terminal as usual. Put the command after --, e.g. cpuviz run --json -- python "
        "compute_threaded.py (without --json: in the window)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="no window: when the program ends, print its figures as one line of JSON",
    )
    parser.add_argument(
        "--record",
        metavar="FILE",
        help="no window: record what it would have shown into FILE, for cpuviz --replay FILE",
    )
    parser.add_argument(
        "--attach",
        type=ranged(int, 1, MAX_PID),
        metavar="PID",
        help="watch this running program instead of starting one (it is never ended)",
    )
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the program and its arguments")
    return parser


def check_run_arguments(parser: OneLineParser, args: argparse.Namespace) -> None:
    """One program: a command, or --attach, not both; exit 2 in one line otherwise."""
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if args.attach is not None and args.command:
        parser.error("--attach watches a running program: leave out the command")
    if args.attach is None and not args.command:
        parser.error("no program: give a command after --, or --attach PID")
    if args.json and args.record:
        parser.error("--json prints the figures, --record keeps the whole run: choose one")
