"""`cpuviz run -- PROGRAM`'s window: the program runs as it is written, so the window offers
no mode, work or workers to choose, and its banner keeps the mode the program turned out to be."""

from __future__ import annotations

import io
import os

import pytest

from cpuviz.bridge.program_feed import ProgramFeed
from cpuviz.bridge.sampler import Sampler
from cpuviz.cli.window import build_window, make_application
from cpuviz.core.runs.plan import Mode
from cpuviz.core.sampling.sources import PsutilSource
from cpuviz.core.watch.program import StartedProgram
from cpuviz.options import GuiOptions
from tests.conftest import TINY
from tests.watch.watching import HANG_S, program_command

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc"), reason="the watch reads /proc")


def pool_program() -> StartedProgram:
    command = program_command("pool_workers.py", "1.0")
    return StartedProgram(command, stdout=io.BytesIO(), stderr=io.BytesIO())


def test_a_watched_programs_window_offers_no_choices_and_its_banner_keeps_its_mode(qtbot):
    make_application()

    def feed(sampler: Sampler) -> ProgramFeed:
        return ProgramFeed(pool_program, pool_program(), sampler.source)

    options = GuiOptions(Mode.THREADS, 2, TINY, 50, PsutilSource())
    window = build_window(options, feed)
    qtbot.addWidget(window)
    window.show()
    controls = window.controls
    assert not controls.mode_toggle.isVisible() and not controls.workers.isVisible()
    assert controls.start_stop.isVisible()
    qtbot.waitUntil(lambda: window.results.rowCount() == 1, timeout=HANG_S * 1000)
    qtbot.waitUntil(lambda: not window.controller.is_busy, timeout=HANG_S * 1000)
    assert window.banner.text().startswith("PROCESSES")  # a Pool: not the threads it began as
    assert not controls.mode_toggle.isVisible()
    window.close()
