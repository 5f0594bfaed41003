"""The switch in front of the app's own runs and a program picked in the window: it passes on
only the shown feed's signals, answers for the shown feed, and ends both when closed."""

from __future__ import annotations

import os
import shutil
import sys

import pytest
from PySide6.QtCore import Signal

from cpuviz.bridge.controller import Controller
from cpuviz.bridge.feed_switch import RUN_FEED_SIGNALS, FeedSwitch
from cpuviz.bridge.program_feed import ProgramFeed
from cpuviz.bridge.run_feed import RunFeed
from cpuviz.core.sampling.sources import SyntheticSource
from cpuviz.core.watch.program import ProgramError
from tests.conftest import wait_until_gone
from tests.watch.watching import PROGRAMS

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc"), reason="the watch reads /proc")


def never():
    raise ProgramError("none picked")


def every_call_of_a_run_feed() -> set[str]:
    return {
        name
        for name, value in vars(RunFeed).items()
        if not name.startswith("_") and not isinstance(value, Signal)
    }


def test_every_call_and_signal_of_a_run_feed_is_the_switchs_own():
    """None falls through to RunFeed's defaults, which would answer for neither feed."""
    assert every_call_of_a_run_feed() <= set(vars(FeedSwitch))
    assert "run_ended" in RUN_FEED_SIGNALS and "progress" in RUN_FEED_SIGNALS


def test_only_the_shown_feed_is_heard_and_closing_ends_the_program(qtbot, tmp_path):
    programs = shutil.copytree(PROGRAMS, tmp_path / "programs")  # not the watch tests' path
    own = Controller(cores=2)  # its pool is never started: this test runs no run of its own
    switch = FeedSwitch(own, ProgramFeed(never, None), SyntheticSource(2))
    heard: list[bool] = []
    switch.ready_changed.connect(heard.append)
    own.ready_changed.emit(True)
    assert heard == [True]  # the app's runs are shown first

    assert switch.watch_program(["/no/such/python", "x.py"]) == "/no/such/python: command not found"
    assert switch.shown is own and not switch.is_busy

    assert switch.watch_program([sys.executable, str(programs / "serial_loop.py"), "60"]) is None
    assert switch.shown is switch.program and switch.is_busy
    program = set(switch.worker_pids())
    assert program
    assert switch.watch_program([sys.executable, "-c", "pass"]) == "a run is going: stop it first"
    heard.clear()
    own.ready_changed.emit(False)  # the hidden feed's news is not the window's
    assert heard == []
    switch.use_own_runs()  # refused while the program runs: its run must end first
    assert switch.shown is switch.program

    switch.shutdown()  # what closing the window does
    assert wait_until_gone(program) == set()
