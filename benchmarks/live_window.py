"""The real window, in this process, on the real X screen: what the Qt benchmarks drive.

Waiting is done by running Qt's event loop (never time.sleep), so the window keeps painting,
sampling and handling worker messages exactly as it does for a user.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance

from cpuviz.bridge.run_feed import RunFeed
from cpuviz.cli.window import build_window, make_application
from cpuviz.core.runs.outcome import RunOutcome
from cpuviz.core.runs.plan import WORK_SIZES, Mode, WorkSize, logical_cores
from cpuviz.core.sampling.sources import CpuSource, PsutilSource
from cpuviz.options import GuiOptions
from cpuviz.ui.main_window import MainWindow

WINDOW_SIZE = (1280, 860)
READY_TIMEOUT_S = 60.0


def open_window(
    mode: Mode = Mode.THREADS,
    *,
    size: str | WorkSize = "small",
    source: CpuSource | None = None,
    interval_ms: int = 100,
) -> MainWindow:
    """The window, shown, its workers ready. Benchmarks of painting need an X screen; the
    soak, which counts processes and files, runs offscreen (QT_QPA_PLATFORM=offscreen)."""
    if not os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        raise SystemExit("the window benchmarks need an X screen: run them under xvfb-run")
    make_application()
    work = WORK_SIZES[size] if isinstance(size, str) else size
    options = GuiOptions(mode, logical_cores(), work, interval_ms, source or PsutilSource())
    window = build_window(options)
    window.resize(*WINDOW_SIZE)
    window.show()
    wait_until(lambda: window.controller.is_ready, READY_TIMEOUT_S)
    return window


def run_events(seconds: float) -> None:
    """Let the app run (paint, sample, take messages) for `seconds`."""
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], timeout_s: float) -> None:
    deadline_s = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline_s:
            raise TimeoutError("the window did not get there in time")
        run_events(0.005)


def wait_for(
    signal: SignalInstance, timeout_s: float, accept: Callable[..., bool] = lambda *_: True
) -> None:
    """Run the event loop until `signal` fires with arguments that `accept` takes."""
    loop = QEventLoop()
    fired: list[bool] = []

    def on_signal(*args: object) -> None:
        if accept(*args):
            fired.append(True)
            loop.quit()

    signal.connect(on_signal)
    QTimer.singleShot(round(timeout_s * 1000), loop.quit)
    loop.exec()
    signal.disconnect(on_signal)
    if not fired:
        raise TimeoutError("the window did not get there in time")


def wait_for_run_end(feed: RunFeed, outcome: type[RunOutcome], timeout_s: float) -> None:
    """Run the event loop until a run of `feed` ends in `outcome` (RunFinished, RunStopped…)."""
    wait_for(feed.run_ended, timeout_s, lambda ended: isinstance(ended, outcome))
