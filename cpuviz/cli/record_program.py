"""`cpuviz run --record F -- COMMAND`: watch a program without the window, and record what the
window would have shown (each core's share, the lanes, the GIL page, the program's row), so
that `cpuviz --replay F` shows it as it ran, on any machine.

The same feed and sampler as `cpuviz run` in the window, and the same recorder as `cpuviz
record`. Ctrl+C ends a started program's tree (an attached one is left) and keeps the
recording, with the run ended as stopped.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from cpuviz.bridge.program_feed import ProgramFeed
from cpuviz.bridge.recorder import Recorder
from cpuviz.bridge.sampler import Sampler
from cpuviz.cli.record import TAIL_S  # a little idle after the program, as after the runs
from cpuviz.cli.run_program import watched_program
from cpuviz.cli.window import call_on_interrupt, make_application
from cpuviz.core.recording.format import Header
from cpuviz.core.recording.writer import RecordingWriter
from cpuviz.core.runs.runtime import detect_runtime
from cpuviz.core.sampling.sources import PsutilSource
from cpuviz.core.system.files import FileWriteError, LineFile
from cpuviz.core.watch.program import ProgramError
from cpuviz.options import EXIT_USAGE

INTERVAL_MS = 100


def record_program(command: Sequence[str], attach: int | None, out: str) -> int:
    """Watch `command` (started) or the process `attach` to its end, recording into `out`;
    0, or EXIT_USAGE (one line) for a program that cannot be watched or a file not written."""
    source = PsutilSource()
    header = Header(source.core_count, INTERVAL_MS, detect_runtime().describe(), source.name)
    try:  # before the program starts: it must not run unwatched for a file that cannot be had
        stream = LineFile(Path(out))
        writer = RecordingWriter(stream, header, time.monotonic())
    except FileWriteError as error:
        print(f"cpuviz run: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        program = watched_program(command, attach)
    except ProgramError as error:
        stream.close()
        Path(out).unlink(missing_ok=True)  # it holds nothing to play
        print(f"cpuviz run: {error}", file=sys.stderr)
        return EXIT_USAGE
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # read when the application is made, below
    make_application()
    feed = ProgramFeed(lambda: watched_program(command, attach), program, source)
    source.share_from(feed.core_share)
    sampler = Sampler(source, INTERVAL_MS)
    loop = QEventLoop()
    with contextlib.closing(stream):
        recorder = Recorder(writer, feed, sampler)
        recorder.failed.connect(lambda _: feed.stop())
        sampler.follow_runs(feed)
        feed.busy_changed.connect(
            lambda busy: None if busy else QTimer.singleShot(round(TAIL_S * 1000), loop.quit)
        )
        release = call_on_interrupt(feed, feed.stop)
        sampler.start()
        feed.prepare(1)
        print(f"cpuviz run: recording {feed.title} into {out}; Ctrl+C stops early", flush=True)
        loop.exec()
        sampler.stop()
        release()
        feed.shutdown()
    if recorder.failure is not None:
        print(f"cpuviz run: {recorder.failure}; kept what was written before", file=sys.stderr)
        return EXIT_USAGE
    print(f"cpuviz run: saved {out} ({writer.entries} lines)")
    return 0
