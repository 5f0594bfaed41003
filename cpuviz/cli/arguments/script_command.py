"""`cpuviz script -o FILE`: the take-home script, for a workload or the user's own function."""

from __future__ import annotations

from cpuviz.cli.arguments.converters import comma_list, ranged
from cpuviz.cli.arguments.parser import OneLineParser
from cpuviz.cli.arguments.shared_options import add_workload
from cpuviz.core.runs.plan import MIN_WORKERS, Mode, max_workers
from cpuviz.core.stdlib_code.script import SCRIPT_MODES
from cpuviz.core.stdlib_code.work import DEFAULT_CHUNKS
from cpuviz.core.work.user_code import MAX_CHUNKS


def script_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="cpuviz script",
        description="Write a standalone .py that needs only the standard library: serial and "
        "each mode on the same work, 'Done in X sec' and the speedup for each, and what "
        "cpuviz would say. Run it with 'python FILE' on Linux, macOS or Windows.",
    )
    parser.add_argument("-o", "--out", required=True, metavar="FILE", help="the .py to write")
    parser.add_argument(
        "--mode",
        type=comma_list(Mode),
        # Every mode, looked up when the script runs: it may run on another Python than this.
        default=list(SCRIPT_MODES),
        help="the modes to compare with serial, e.g. threads,processes (default: each that "
        "the Python running the script offers)",
    )
    add_workload(parser)
    parser.add_argument(
        "--work",
        metavar="FILE.py:FUNCTION",
        help="your own function instead of a built-in workload; the script imports it from "
        "its file",
    )
    parser.add_argument(
        "--workers",
        type=ranged(int, MIN_WORKERS, max_workers()),
        default=2,
        help="threads or processes the script starts (default: 2; the script's --workers)",
    )
    parser.add_argument(
        "--chunks",
        type=ranged(int, 1, MAX_CHUNKS),
        default=DEFAULT_CHUNKS,
        help=f"how many chunks of work (default: {DEFAULT_CHUNKS}; the script's --chunks)",
    )
    return parser
