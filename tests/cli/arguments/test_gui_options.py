"""From a parsed command line to what the window opens with."""

import pytest

from cpuviz.cli.arguments.command_line import parse_command_line
from cpuviz.cli.arguments.gui_options import gui_options
from cpuviz.cli.arguments.named_files import NamedFiles
from cpuviz.core.runs.plan import DEFAULT_RUN_S, WORK_SIZES, Mode
from cpuviz.core.runs.switch_interval import PYTHONS_OWN, SwitchInterval


def options_of(argv):
    return gui_options(parse_command_line(argv), NamedFiles())


@pytest.mark.parametrize(
    ("argv", "seconds", "chunks"),
    [
        ([], DEFAULT_RUN_S, None),  # every mode busy for 15 s: the window's default
        (["--run-for", "40"], 40.0, None),
        (["--size", "medium"], None, WORK_SIZES["medium"].chunks),  # a fixed amount
        (["--same-work", "10"], None, 0),  # counted in chunks by the probe, at dispatch
    ],
)
def test_how_much_work_the_window_runs(argv, seconds, chunks):
    size = options_of(argv).size
    assert size.seconds == seconds
    assert chunks is None or size.chunks == chunks
    assert size.serial_s == (10.0 if "--same-work" in argv else None)


@pytest.mark.parametrize(
    ("argv", "interval"),
    [
        ([], PYTHONS_OWN),
        (["--switch-interval", "200"], SwitchInterval(200)),
        (["snapshot", "out.png", "--switch-interval", "50"], SwitchInterval(50)),
        (["record", "out.jsonl"], PYTHONS_OWN),  # no GIL page to slow down
    ],
)
def test_the_switch_interval_is_one_typed_value(argv, interval):
    assert options_of(argv).switch_interval == interval


def test_a_snapshots_size_is_the_picture_or_the_work_by_its_form():
    command_line = parse_command_line(
        ["snapshot", "out.png", "--size", "800x600", "--size", "large", "--size", "640x480"]
    )
    assert command_line.args.picture_size == (640, 480)  # the last of each wins
    assert gui_options(command_line, NamedFiles()).size == WORK_SIZES["large"]
    assert parse_command_line(["snapshot", "out.png"]).args.picture_size == (1024, 768)


def test_options_typed_on_the_command_line_win_over_remembered_ones():
    assert options_of(["--mode=processes", "--theme", "dark"]).explicit == {"mode", "theme"}


def test_a_recording_opens_with_the_first_of_its_modes():
    command_line = parse_command_line(["record", "out.jsonl", "--mode", "processes,threads"])
    options = gui_options(command_line, NamedFiles(), mode=command_line.args.mode[0])
    assert options.mode is Mode.PROCESSES and options.autostart
