"""Reading a recording whole, checked line by line, before any window opens.

A corrupt or foreign file fails with the line number and what was wrong, in one line the
command prints. One kind of damage is forgiven: the recorder flushes every line, so a machine
that died mid-write leaves a torn last line (no newline), and everything before it still plays.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from cpuviz.core.recording.codec import decode
from cpuviz.core.recording.format import FORMAT, KINDS, VERSION, Entry, Header, Recording
from cpuviz.core.recording.limits import MAX_LINE_CHARS, MAX_RECORDING_BYTES, implausible
from cpuviz.core.sampling.sources import CpuSample


class RecordingError(ValueError):
    """The file is not a (readable) cpuviz recording; the message says where and why."""


def load_recording(path: Path) -> Recording:
    """Read and check a whole recording; RecordingError (one line) if anything is off."""
    try:
        with _open_regular_file(path) as stream:
            if os.fstat(stream.fileno()).st_size > MAX_RECORDING_BYTES:
                raise RecordingError(
                    f"larger than any cpuviz recording ({MAX_RECORDING_BYTES >> 20} MB at most)"
                )
            return dataclasses.replace(_parse(_lines(stream)), file_name=path.name)
    except RecordingError as error:
        raise RecordingError(f"{path}: {error}") from None
    except UnicodeDecodeError:
        raise RecordingError(f"{path} is not a cpuviz recording (not text)") from None
    except OSError as error:
        raise RecordingError(f"cannot read {path}: {error.strerror or error}") from None


def _open_regular_file(path: Path) -> TextIO:
    """`path` opened as text if it is a regular file, else RecordingError.

    Opened without blocking, then asked what it is: a plain open() of a named pipe waits for a
    writer that may never come, and a pipe or a device has no size to check against the limit.
    """
    non_blocking = getattr(os, "O_NONBLOCK", 0)  # Windows has none, and no named pipes there
    descriptor = os.open(path, os.O_RDONLY | non_blocking)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise RecordingError("not a regular file, so not a cpuviz recording")
    if non_blocking:
        os.set_blocking(descriptor, True)
    return open(descriptor, encoding="utf-8")


def _lines(stream: TextIO) -> Iterator[tuple[int, str]]:
    """(number, line) for each line, never reading more than MAX_LINE_CHARS of one."""
    for number in itertools.count(1):
        line = stream.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        if len(line) > MAX_LINE_CHARS:
            raise RecordingError(
                f"line {number} is longer than any cpuviz writes ({MAX_LINE_CHARS:,} characters)"
            )
        yield number, line


def _parse(numbered: Iterator[tuple[int, str]]) -> Recording:
    header = _parse_header(next(numbered, (1, "")))
    entries: list[Entry] = []
    try:
        for entry in _parse_entries(numbered, header):
            entries.append(entry)
    except _TornLastLineError as torn:
        return Recording(header, tuple(entries), cut_off_at_line=torn.number)
    return Recording(header, tuple(entries))


class _TornLastLineError(Exception):
    """The file ends inside a line: the recorder stopped mid-write (the machine died)."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _parse_header(numbered_line: tuple[int, str]) -> Header:
    number, line = numbered_line
    if not line.strip():
        raise RecordingError("empty, so not a cpuviz recording")
    value = _json(number, line)
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise RecordingError(f"not a cpuviz recording (line {number} is no cpuviz header)")
    if value.get("version") != VERSION:
        raise RecordingError(
            f"recording format version {value.get('version')!r}: this cpuviz reads {VERSION}"
        )
    fields = {key: item for key, item in value.items() if key not in ("format", "version")}
    return _checked(number, Header, fields)


def _parse_entries(numbered: Iterator[tuple[int, str]], header: Header) -> Iterator[Entry]:
    """Each entry, checked. Every line cpuviz writes ends with a newline, so a last line
    without one that does not parse was torn (_TornLastLineError); other damage is refused."""
    previous_s = 0.0
    for number, line in numbered:
        if not line.strip():
            continue
        try:
            entry = _parse_entry(number, line, header, previous_s)
        except RecordingError:
            if line.endswith("\n"):
                raise
            raise _TornLastLineError(number) from None
        previous_s = entry.t_s
        yield entry


def _parse_entry(number: int, line: str, header: Header, previous_s: float) -> Entry:
    value = _json(number, line)
    if not isinstance(value, dict) or set(value) != {"t", "kind", "data"}:
        raise RecordingError(f"line {number}: expected t, kind and data")
    kind = KINDS.get(value["kind"]) if isinstance(value["kind"], str) else None
    if kind is None:
        raise RecordingError(f"line {number}: unknown kind {value['kind']!r}")
    t_s = _decoded(number, float, value["t"])
    if t_s < previous_s:
        raise RecordingError(f"line {number}: time goes backwards ({t_s} < {previous_s})")
    item = _checked(number, kind, value["data"])
    if isinstance(item, CpuSample) and len(item.per_core_pct) != header.cores:
        raise RecordingError(
            f"line {number}: {len(item.per_core_pct)} cores in a {header.cores}-core recording"
        )
    return Entry(t_s, item)


def _json(number: int, line: str) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        raise RecordingError(f"line {number} is not JSON") from None


def _checked(number: int, kind: Any, value: Any) -> Any:
    """`value` decoded as a `kind` within the limits, or what is wrong said of line `number`."""
    item = _decoded(number, kind, value)
    problem = implausible(item)
    if problem:
        raise RecordingError(f"line {number}: {problem}")
    return item


def _decoded(number: int, kind: Any, value: Any) -> Any:
    try:
        return decode(kind, value)
    except ValueError as error:
        raise RecordingError(f"line {number}: {error}") from None
