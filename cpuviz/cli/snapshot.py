"""`cpuviz snapshot`: the real window, offscreen, during a real run, saved as a PNG."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from cpuviz.core.runs.outcome import RunFailed, RunFinished, RunOutcome
from cpuviz.core.system.files import FileWriteError
from cpuviz.options import EXIT_USAGE, PAGES, GuiOptions

if TYPE_CHECKING:
    from PySide6.QtCore import QEventLoop

    from cpuviz.bridge.run_feed import RunFeed
    from cpuviz.core.runs.plan import Mode, RunPlan

# Enough for the pool to start and a serial baseline to run before the asked-for mode begins.
SETTLE_TIMEOUT_S = 120.0
DEFAULT_SECONDS = 2.0
# A replay's picture is taken just after its end, when the last result is in.
REPLAY_END_S = 0.3


def take_snapshot(
    options: GuiOptions,
    out: str,
    window_size: tuple[int, int],
    seconds: float | None,
    at: float | None = None,
    *,
    page: str | None = None,
) -> int:
    """Run `options.mode` for `seconds`, or until fraction `at` of its run is done (after any
    baseline it needs), then grab the window: a picture of work in progress, not its end.

    With a recording to replay, `seconds` (or fraction `at`) into it, or at its end by default.
    `page` is the bottom panel's page to show (one of PAGES); the GIL page is shown from the
    start, since it watches the threads only while it is up.
    """
    target = Path(out)
    if target.suffix.lower() != ".png" or not os.access(target.parent.resolve(), os.W_OK):
        print(
            f"cpuviz snapshot: cannot write {out!r} (needs a .png in a writable folder)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from cpuviz.cli.window import build_window, make_application
    from cpuviz.ui.export import write_png

    make_application()
    window = build_window(replace(options, autostart=True))
    window.setFixedSize(*window_size)
    if page == "gil":
        window.show_tab(PAGES.index(page))
    window.show()

    loop = QEventLoop()
    if options.replay is not None:
        duration_s = options.replay.duration_s
        if at is not None:
            wait_s = at * duration_s
        else:
            wait_s = duration_s + REPLAY_END_S if seconds is None else seconds
        QTimer.singleShot(round(wait_s * 1000), loop.quit)
    elif at is not None:
        wait_s = 0.0
        _quit_at_fraction(window.controller, options.mode, at, loop)
    else:
        wait_s = DEFAULT_SECONDS if seconds is None else seconds

        def on_run_started(plan: RunPlan) -> None:
            if plan.mode is options.mode:
                QTimer.singleShot(round(wait_s * 1000), loop.quit)

        window.controller.run_started.connect(on_run_started)
    window.controller.run_ended.connect(lambda outcome: _quit_if_failed(outcome, loop))
    QTimer.singleShot(round((SETTLE_TIMEOUT_S + wait_s) * 1000), loop.quit)
    loop.exec()
    if page is not None:
        window.tabs.setCurrentIndex(PAGES.index(page))
        QCoreApplication.processEvents()  # the layout that page asks for (the code's is taller)
    window.repaint()  # what the last sample and progress changed, painted before the grab
    try:
        write_png(window, target)
    except FileWriteError as error:
        print(f"cpuviz snapshot: {error}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        window.close()
    print(f"cpuviz snapshot: saved {out} ({window_size[0]}x{window_size[1]})")
    return 0


def _quit_if_failed(outcome: RunOutcome, loop: QEventLoop) -> None:
    """A failed run has no more progress to picture: take the picture of its failure now."""
    if isinstance(outcome, RunFailed):
        loop.quit()


def _quit_at_fraction(feed: RunFeed, mode: Mode, at: float, loop: QEventLoop) -> None:
    """Quit `loop` once the run of `mode` is `at` done, by the feed's own progress."""
    running: list[bool] = []

    def on_run_started(plan: RunPlan) -> None:
        running[:] = [plan.mode is mode]

    def on_progress(fraction: float, _eta_s: float | None) -> None:
        if running == [True] and fraction >= at:
            loop.quit()

    def on_run_ended(outcome: RunOutcome) -> None:  # at=1.0, or a run too short to report it
        if isinstance(outcome, RunFinished) and outcome.report.result.plan.mode is mode:
            loop.quit()

    feed.run_started.connect(on_run_started)
    feed.progress.connect(on_progress)
    feed.run_ended.connect(on_run_ended)
