"""Writing a recording as it happens: one JSON line an entry, each complete when it is written.

The recorder (cpuviz record, or the window's) hands a LineFile, which flushes every line, so a
machine that dies mid-run leaves a recording that plays up to its last whole line.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from cpuviz.core.recording.codec import FLOAT_DIGITS, encode
from cpuviz.core.recording.format import FORMAT, KIND_NAMES, VERSION, Header, shift_clock


class LineSink(Protocol):
    """Where a recording's lines go: a LineFile (flushed line by line), or a StringIO."""

    def write(self, line: str) -> object: ...


class RecordingWriter:
    """Appends entries as they happen; `started_at_s` (time.monotonic()) is time zero."""

    def __init__(self, stream: LineSink, header: Header, started_at_s: float) -> None:
        self._stream = stream
        self._started_at_s = started_at_s
        self.entries = 0
        stream.write(json.dumps({"format": FORMAT, "version": VERSION, **encode(header)}) + "\n")

    def write(self, item: Any, at_s: float) -> None:
        """One line for `item` (one of the recording's KINDS), which happened at `at_s`."""
        relative = shift_clock(item, -self._started_at_s)
        line = {"t": round(at_s - self._started_at_s, FLOAT_DIGITS), "kind": KIND_NAMES[type(item)]}
        self._stream.write(json.dumps({**line, "data": encode(relative)}) + "\n")
        self.entries += 1
