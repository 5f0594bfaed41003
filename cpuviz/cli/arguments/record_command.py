"""`cpuviz record OUT.jsonl`: a window's options without the window, and several modes."""

from __future__ import annotations

from cpuviz.cli.arguments.converters import comma_list, ranged
from cpuviz.cli.arguments.parser import OneLineParser
from cpuviz.cli.arguments.shared_options import (
    add_how_to_run,
    add_run_length,
    add_sampling,
    add_work_size,
    add_workers_python,
    add_workload,
)
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.switch_interval import PYTHONS_OWN
from cpuviz.options import CORE_VIEWS


def record_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="cpuviz record",
        description="Run one mode or several headless, one after another (after a serial "
        "baseline), and save the samples, worker events and results as JSON lines, for "
        "'cpuviz --replay FILE' on any machine.",
    )
    parser.add_argument("out", help="file to write, e.g. demo.jsonl")
    parser.add_argument(
        "--seconds",
        type=ranged(float, 0.5, 3600.0),
        help="stop the run and the recording after this long (default: when the run ends)",
    )
    # One recording can show the contrast itself: threads, then processes.
    parser.add_argument(
        "--mode",
        type=comma_list(Mode),
        default=[Mode.THREADS],
        help=f"mode or modes to record one after another, e.g. threads,processes; "
        f"from {', '.join(Mode)} (default: threads)",
    )
    add_workload(parser)
    add_how_to_run(parser)
    add_workers_python(parser)
    add_run_length(parser)
    add_work_size(parser)
    add_sampling(parser)
    # What a window would have been given: the recording is what it would have shown.
    parser.set_defaults(
        theme="projector",
        fullscreen=False,
        autostart=True,
        replay=None,
        view=CORE_VIEWS[0],
        switch_interval=PYTHONS_OWN,
    )
    return parser
