"""A real window with a real controller and worker processes, closed after each test."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cpuviz.cli.window import build_window, make_application
from cpuviz.core.runs.plan import Mode
from cpuviz.core.sampling.sources import PsutilSource, SyntheticSource
from cpuviz.options import GuiOptions
from tests.conftest import TINY, child_pids, wait_until_gone

READY_TIMEOUT_MS = 30_000
RUN_TIMEOUT_MS = 60_000


@pytest.fixture
def open_window(qtbot):
    """open_window(mode=..., source=..., size=...) -> a shown MainWindow whose pool is ready."""
    make_application()
    before = child_pids()
    windows = []

    def open_(
        mode=Mode.THREADS,
        workers=2,
        size=TINY,
        source=None,
        interval_ms=50,
        *,
        theme="projector",
        code=None,
    ):
        options = GuiOptions(mode, workers, size, interval_ms, source or PsutilSource())
        window = build_window(replace(options, theme=theme, code=code))
        qtbot.addWidget(window)
        window.resize(1024, 768)
        window.show()
        windows.append(window)
        qtbot.waitUntil(lambda: window.controller.is_ready, timeout=READY_TIMEOUT_MS)
        return window

    yield open_
    for window in windows:
        window.close()
    assert wait_until_gone(child_pids() - before) == set()


@pytest.fixture
def synthetic():
    return SyntheticSource(4, idle_pct=2.0)
