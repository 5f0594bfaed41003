"""`cpuviz record`: run modes headless and save what the window would have shown.

Imported only by `cpuviz record` itself, so it may import Qt at the top.

The same Controller and Sampler as the window, without the window: the recording is what an
audience would have seen, and `cpuviz --replay` shows it on any machine.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from cpuviz.bridge.controller import Controller
from cpuviz.bridge.recorder import Recorder
from cpuviz.bridge.sampler import Sampler
from cpuviz.cli.window import call_on_interrupt, make_application
from cpuviz.core.recording.format import Header
from cpuviz.core.recording.writer import RecordingWriter
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.runtime import detect_runtime
from cpuviz.core.system.files import FileWriteError, LineFile
from cpuviz.options import EXIT_USAGE, GuiOptions

# After the runs, a little idle is recorded too: the bars falling back is part of the story.
TAIL_S = 1.0
# After --seconds, the run is stopped; its workers get this long before the recording ends.
STOP_GRACE_S = 2.0


def record(options: GuiOptions, out: str, seconds: float | None, modes: Sequence[Mode] = ()) -> int:
    """Run `modes` (default: `options.mode`) one after another, after their serial baseline,
    and record until they end, or `seconds` at most."""
    runtime = detect_runtime(options.python)  # the header names both Pythons, as the window
    source = options.source
    header = Header(source.core_count, options.interval_ms, runtime.describe(), source.name)
    try:  # before anything starts: a file that cannot be written is refused in one line
        stream = LineFile(Path(out))
        writer = RecordingWriter(stream, header, time.monotonic())
    except FileWriteError as error:
        print(f"cpuviz record: {error}", file=sys.stderr)
        return EXIT_USAGE
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # read when the application is made, below
    make_application()
    controller = Controller(
        cores=runtime.logical_cores,
        cluster=options.cluster,
        interval_ms=options.interval_ms,
        python=options.python,
    )
    sampler = Sampler(source, options.interval_ms)
    loop = QEventLoop()
    with contextlib.closing(stream):
        recorder = Recorder(writer, controller, sampler)
        recorder.failed.connect(lambda _: _time_is_up(controller, loop))
        sampler.follow_runs(controller)
        _end_after_the_runs(controller, loop)
        if seconds is not None:
            QTimer.singleShot(round(seconds * 1000), lambda: _time_is_up(controller, loop))
        interrupted: list[bool] = []
        release = call_on_interrupt(controller, lambda: _interrupt(controller, loop, interrupted))
        sampler.start()
        planned = [(options.workload, mode) for mode in modes or [options.mode]]
        code = options.code.code if options.code else None
        controller.start_all(planned, options.workers, options.size, options.fault, code)
        names = " then ".join(mode.value for _, mode in planned)
        print(f"cpuviz record: recording {names} into {out}; Ctrl+C stops early", flush=True)
        loop.exec()
        sampler.stop()
    release()
    controller.shutdown()
    if recorder.failure is not None:
        print(f"cpuviz record: {recorder.failure}; kept what was written before", file=sys.stderr)
        return EXIT_USAGE
    early = " (stopped early by Ctrl+C)" if interrupted else ""
    runs = recorder.runs
    saved = f"{recorder.writer.entries} lines, {runs} run{'s' * (runs != 1)}"
    print(f"cpuviz record: saved {out} ({saved}){early}")
    return 0


def _end_after_the_runs(controller: Controller, loop: QEventLoop) -> None:
    """The recording ends a moment after the last run."""
    controller.busy_changed.connect(
        lambda busy: None if busy else QTimer.singleShot(round(TAIL_S * 1000), loop.quit)
    )


def _interrupt(controller: Controller, loop: QEventLoop, interrupted: list[bool]) -> None:
    """Ctrl+C ends a recording as --seconds would: the file keeps what was recorded so far."""
    if not interrupted:  # a second Ctrl+C while stopping changes nothing
        interrupted.append(True)
        _time_is_up(controller, loop)


def _time_is_up(controller: Controller, loop: QEventLoop) -> None:
    controller.stop()
    QTimer.singleShot(round(STOP_GRACE_S * 1000), loop.quit)
