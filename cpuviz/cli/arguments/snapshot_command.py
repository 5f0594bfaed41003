"""`cpuviz snapshot OUT.png`: the window's options, when to take the picture, and its size."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from cpuviz.cli.arguments.converters import ranged, work_or_window_size
from cpuviz.cli.arguments.parser import OneLineParser
from cpuviz.cli.arguments.shared_options import (
    WORK_SIZE_NAMES,
    add_how_to_run,
    add_run_length,
    add_sampling,
    add_window_look,
    add_window_start,
    add_workers_python,
    add_workload,
)
from cpuviz.options import PAGES

DEFAULT_PICTURE_SIZE = (1024, 768)


class _WorkOrPictureSize(argparse.Action):
    """One --size flag, two meanings told apart by form: WxH is the picture (`picture_size`),
    a name the work (`size`, as the window's --size). The last of each wins."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        value: str | Sequence[object] | None,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, "picture_size" if isinstance(value, tuple) else "size", value)


def snapshot_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="cpuviz snapshot",
        description="Render the real window offscreen during a run and save it as a PNG.",
    )
    parser.add_argument("out", help="PNG file to write")
    when = parser.add_mutually_exclusive_group()
    when.add_argument(
        "--at",
        type=ranged(float, 0.01, 1.0),
        metavar="F",
        help="take the picture at this fraction of the mode's own run, after any serial "
        "baseline: 0.5 is halfway, 0.9 near the end (with --replay: of the recording)",
    )
    parser.add_argument(
        "--page",
        choices=list(PAGES),
        help="the page of the bottom panel to show: " + ", ".join(PAGES) + " (default: as the "
        "window would, the worker lanes during a run)",
    )
    when.add_argument(
        "--seconds",
        type=ranged(float, 0.0, 600.0),
        help="how long to run before the picture is taken (default: 2; with --replay, "
        "the whole recording)",
    )
    add_window_look(parser)
    add_workload(parser)
    add_how_to_run(parser)
    add_workers_python(parser)
    add_run_length(parser)
    parser.add_argument(
        "--size",
        type=work_or_window_size,
        action=_WorkOrPictureSize,
        default=None,
        help=f"picture size WxH (default: 1024x768) and/or work size {WORK_SIZE_NAMES}; "
        "may be given twice",
    )
    parser.set_defaults(picture_size=DEFAULT_PICTURE_SIZE)
    add_sampling(parser)
    add_window_start(parser)
    return parser
