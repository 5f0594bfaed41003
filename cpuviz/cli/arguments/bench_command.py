"""`cpuviz bench`: which modes and workloads to measure, in fixed amounts, and how often."""

from __future__ import annotations

from cpuviz.cli.arguments.converters import comma_list, comma_separated, ranged
from cpuviz.cli.arguments.parser import OneLineParser
from cpuviz.cli.arguments.shared_options import (
    WORK_SIZE_NAMES,
    add_how_to_run,
    add_workers_python,
)
from cpuviz.core.runs.plan import WORK_SIZES, Mode
from cpuviz.core.work.workloads import Workload


def bench_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="cpuviz bench", description="Run the modes headless and print what they measure."
    )
    parser.add_argument(
        "--modes",
        type=comma_list(Mode),
        default=[Mode.SERIAL, Mode.THREADS, Mode.PROCESSES],
        help=f"comma-separated modes from {','.join(Mode)}, or all; ones this Python cannot "
        "run are listed as skipped, with the reason (default: serial,threads,processes)",
    )
    parser.add_argument(
        "--workload",
        type=comma_list(Workload),
        default=[Workload.CPU],
        help="comma-separated workloads from cpu,io,native,data, or all (default: cpu)",
    )
    add_how_to_run(parser)
    add_workers_python(parser)
    # Bench measures fixed amounts only: a run of so many seconds measures nothing new.
    parser.add_argument(
        "--size",
        choices=list(WORK_SIZES),
        default="small",
        help=f"a fixed amount of work, {WORK_SIZE_NAMES}: ≈ 2 s, 5 s, 10 s serial on a 2-core "
        "laptop, the same in every mode (default: small)",
    )
    parser.add_argument(
        "--repeat",
        type=ranged(int, 1, 50),
        default=3,
        help="rounds per mode; each mode reports its median round (default: 3)",
    )
    parser.add_argument(
        "--pythons",
        type=comma_separated,
        metavar="PYTHON,PYTHON,…",
        help="instead, the same threads on each of these Pythons, one after another, each "
        "against its own serial baseline: the GIL's history side by side",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser
