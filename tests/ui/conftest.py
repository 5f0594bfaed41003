"""Real windows with a real controller and worker processes.

`open_window` builds a fresh one per test, for tests whose story starts with a new window (the
first run measures its baseline, a worker dies, the window closes). `shared_window` is one
window per module, put back as it opened after each test, for tests that only need a window
that is up: building a window and its pool costs about a second each time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog

from cpuviz.cli.window import build_window, make_application
from cpuviz.core.runs.cluster_target import ClusterTarget
from cpuviz.core.runs.plan import Mode, WorkSize
from cpuviz.core.runs.switch_interval import PYTHONS_OWN
from cpuviz.core.sampling.sources import PsutilSource, SyntheticSource
from cpuviz.core.work.workloads import Workload, serial_checksum
from cpuviz.options import CORE_VIEWS, GuiOptions
from cpuviz.ui.bottom_pages import RUNS_TAB
from tests.conftest import TINY, child_pids, wait_until_gone
from tests.run_ends import run_ends

READY_TIMEOUT_MS = 30_000
RUN_TIMEOUT_MS = 60_000
# The shared window opens as open_window's default does, on 4 synthetic cores (exact loads).
SHARED_MODE, SHARED_WORKERS, SHARED_THEME = Mode.THREADS, 2, "projector"
# What every mode computes for TINY (the checksum of the serial kernel's answer).
TINY_CHECKSUM = serial_checksum(TINY.chunks, TINY.iterations_per_chunk)
# A serial baseline measured on this many chunks of a long work stands for the whole of it.
SLIVER_CHUNKS = 4


@pytest.fixture
def open_window(qtbot):
    """open_window(mode=..., source=..., size=..., cluster=...) -> a shown MainWindow whose
    pool is ready; closed after, leaving no process of its own."""
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
        cluster=None,
    ):
        options = GuiOptions(mode, workers, size, interval_ms, source or PsutilSource())
        options = replace(options, theme=theme, code=code, cluster=cluster or ClusterTarget())
        window = build_window(options)
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


@pytest.fixture(scope="module")
def _module_window(qapp):
    """The window `shared_window` hands out, built once per module and closed after it."""
    make_application()
    before = child_pids()
    options = GuiOptions(SHARED_MODE, SHARED_WORKERS, TINY, 50, SyntheticSource(4, idle_pct=2.0))
    window = build_window(replace(options, theme=SHARED_THEME))
    window.resize(1024, 768)
    window.show()
    yield window
    window.close()
    window.deleteLater()
    assert wait_until_gone(child_pids() - before) == set()


@pytest.fixture
def shared_window(_module_window, qtbot):
    """The module's window, active (its keys work though another window opened since), its
    pool ready; afterwards put back as it opened (see put_back)."""
    window = _module_window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: window.controller.is_ready, timeout=READY_TIMEOUT_MS)
    yield window
    put_back(window, qtbot)


def put_back(window, qtbot) -> None:
    """No run going; threads × 2 on the CPU workload, not your code; the runs page, the
    projector theme, the cores as graphs; no overlay, no smoothness readout, Python's own
    switch interval, no runs listed. Serial baselines stay measured, as they would in a talk."""
    if window.controller.is_busy:
        window.controller.stop()
        qtbot.waitUntil(lambda: not window.controller.is_busy, timeout=RUN_TIMEOUT_MS)
    window.shortcuts_overlay.hide()
    if window.smoothness.isVisible():
        window.smoothness.toggle()
    window.tabs.setCurrentIndex(RUNS_TAB)
    while window.theme.name != SHARED_THEME:
        window.next_theme()
    if window.core_view.view != CORE_VIEWS[0]:
        window.toggle_core_view()
    window.choose_workload(Workload.CPU)
    window.choose_mode(SHARED_MODE)
    window.controls.workers.setValue(SHARED_WORKERS)
    window.gil_page.choose_interval(PYTHONS_OWN)
    window.clear_runs()


def measure_baseline(
    window, qtbot, size: WorkSize, chunks: int = SLIVER_CHUNKS, workload=Workload.CPU
) -> None:
    """Measure `size`'s serial baseline on `chunks` of its chunks, so that Start runs `size`
    in the chosen mode at once instead of ~10 s of serial first. For tests that watch a long
    run and stop it: they never read its speedup, which this baseline would make wrong."""
    sliver = replace(size, chunks=chunks)
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, mode=Mode.SERIAL):
        window.controller.own.start(Mode.SERIAL, 1, sliver, workload=workload)
    qtbot.waitUntil(window.controls.start_stop.isEnabled, timeout=RUN_TIMEOUT_MS)


@dataclass
class Picker:
    """What the picker for your code was asked: the folder it opened in, the functions it
    offered."""

    opened_in: list[str] = field(default_factory=list)
    offered: list[str] = field(default_factory=list)


@contextmanager
def picking(path, function: int | None = 0) -> Iterator[Picker]:
    """While the block runs, the file picker answers `path` (None: cancelled) and the function
    list its `function`-th entry: the presenter's clicks, without a dialog to wait on."""
    picker = Picker()

    def choose_file(_parent, _title, start, _filter):
        picker.opened_in.append(start)
        return ("", "") if path is None else (str(path), "Python files (*.py)")

    def choose_function(_parent, _title, _label, items, *_args):
        picker.offered.extend(items)
        return items[function], True

    original = (QFileDialog.getOpenFileName, QInputDialog.getItem)
    QFileDialog.getOpenFileName, QInputDialog.getItem = choose_file, choose_function
    try:
        yield picker
    finally:
        QFileDialog.getOpenFileName, QInputDialog.getItem = original
