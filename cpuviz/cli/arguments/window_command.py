"""`cpuviz [options]`: the window's options, and the desktop menu entry's two flags."""

from __future__ import annotations

from cpuviz import __version__
from cpuviz.cli.arguments.parser import OneLineParser
from cpuviz.cli.arguments.shared_options import (
    add_how_to_run,
    add_run_length,
    add_sampling,
    add_window_look,
    add_window_start,
    add_work_size,
    add_workers_python,
    add_workload,
)


def window_parser() -> OneLineParser:
    parser = OneLineParser(
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
    add_window_look(parser)
    add_workload(parser)
    add_how_to_run(parser)
    add_workers_python(parser)
    add_run_length(parser)
    add_work_size(parser)
    add_sampling(parser)
    add_window_start(parser)
    return parser
