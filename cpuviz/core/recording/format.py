"""Recordings: samples, worker events and results as JSON lines, to replay a demo anywhere.

A demo made on a 64-core server plays back on a laptop. JSON, never pickle: a recording is a
file someone hands you, and unpickling runs whatever the file says. Every line is checked
against the dataclass it claims to be, so a corrupt or foreign file fails with the line number
and what was wrong, before any window opens.

Line 1 is the header; every later line is {"t": seconds since the recording began, "kind": …,
"data": …}. Times inside events (a worker's `at_s`, a sample's `taken_at_s`) are stored the same
way, relative to the start, and made absolute again against the playback clock.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import os
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from cpuviz.core.gil.trace import MAX_THREADS_SHOWN, GilSlots
from cpuviz.core.runs.cluster_messages import ChunkRerun, ClusterLost, ClusterView, HostCores
from cpuviz.core.runs.messages import Progress, WorkerFailed, WorkerFinished
from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.results import RunReport
from cpuviz.core.sampling.sources import MAX_SYNTHETIC_CORES, CpuSample

FORMAT = "cpuviz-recording"
VERSION = 1
# Far beyond what cpuviz writes (a line of 256 cores is ~3 KB; an hour on 64 cores ~6 MB), and
# low enough that a hostile file is refused before it can fill the memory.
MAX_LINE_CHARS = 1 << 20
# More workers than any machine here runs (the window offers at most max(64, cores)).
MAX_RECORDED_WORKERS = 4096
MAX_RECORDING_BYTES = 64 << 20
# GIL lane columns in one line: cpuviz writes about 100 (0.1 s at 1 ms).
MAX_GIL_COLUMNS = 10_000
# Tenths of a millisecond, hundredths of a percent point: finer than anything shown.
FLOAT_DIGITS = 4


@dataclass(frozen=True, slots=True)
class Header:
    """What the recorded machine was, so the replay can say so (and lay out its cores)."""

    cores: int
    interval_ms: int
    runtime: str
    source: str


@dataclass(frozen=True, slots=True)
class RunStopped:
    """The run was stopped (by the user, or by the end of `cpuviz record --seconds`)."""


@dataclass(frozen=True, slots=True)
class RunFailed:
    reason: str


KINDS: dict[str, type] = {
    "sample": CpuSample,
    "run_started": RunPlan,
    "progress": Progress,
    "worker_finished": WorkerFinished,
    "worker_failed": WorkerFailed,
    "run_finished": RunReport,
    "run_stopped": RunStopped,
    "run_failed": RunFailed,
    "gil": GilSlots,
    "cluster": ClusterView,
    "host_cores": HostCores,
    "rerun": ChunkRerun,
    "cluster_lost": ClusterLost,
}
KIND_NAMES = {kind: name for name, kind in KINDS.items()}
# Fields holding a time.monotonic() reading: stored relative to the start of the recording.
CLOCK_FIELDS = {
    CpuSample: "taken_at_s",
    Progress: "at_s",
    WorkerFinished: "finished_at_s",
    HostCores: "taken_at_s",
}


@dataclass(frozen=True, slots=True)
class Entry:
    t_s: float
    item: Any  # an instance of one of KINDS


@dataclass(frozen=True, slots=True)
class Recording:
    header: Header
    entries: tuple[Entry, ...]
    file_name: str = ""
    # The number of a torn last line that was left out (the recorder died mid-line), if any.
    cut_off_at_line: int | None = None

    def cut_off_note(self) -> str | None:
        """One line for the user when the end was cut off, else None."""
        if self.cut_off_at_line is None:
            return None
        return (
            f"{self.file_name}: the recording was cut off in line {self.cut_off_at_line}; "
            "playing everything before it"
        )

    @property
    def duration_s(self) -> float:
        return self.entries[-1].t_s if self.entries else 0.0

    def samples(self) -> list[CpuSample]:
        return [entry.item for entry in self.entries if isinstance(entry.item, CpuSample)]

    def first_plan(self) -> RunPlan | None:
        """The first run the recording was made to show: past its serial baseline, unless it
        holds nothing else. None if no run was recorded."""
        plans = [entry.item for entry in self.entries if isinstance(entry.item, RunPlan)]
        shown = [plan for plan in plans if plan.mode is not Mode.SERIAL] or plans
        return shown[0] if shown else None


class RecordingError(ValueError):
    """The file is not a (readable) cpuviz recording; the message says where and why."""


def shift_clock(item: Any, by_s: float) -> Any:
    """The item with its monotonic-clock field (if it has one) moved by `by_s`."""
    field = CLOCK_FIELDS.get(type(item))
    if field is None:
        return item
    return dataclasses.replace(item, **{field: getattr(item, field) + by_s})


class LineSink(Protocol):
    """Where a recording's lines go: a LineFile (flushed line by line), or a StringIO."""

    def write(self, line: str) -> object: ...


class RecordingWriter:
    """Appends entries as they happen; `started_at_s` (time.monotonic()) is time zero."""

    def __init__(self, stream: LineSink, header: Header, started_at_s: float) -> None:
        self._stream = stream
        self._started_at_s = started_at_s
        self.entries = 0
        stream.write(json.dumps({"format": FORMAT, "version": VERSION, **_encode(header)}) + "\n")

    def write(self, item: Any, at_s: float) -> None:
        relative = shift_clock(item, -self._started_at_s)
        line = {"t": round(at_s - self._started_at_s, FLOAT_DIGITS), "kind": KIND_NAMES[type(item)]}
        self._stream.write(json.dumps({**line, "data": _encode(relative)}) + "\n")
        self.entries += 1


def load_recording(path: Path) -> Recording:
    """Read and check a whole recording; RecordingError (one line) if anything is off."""
    try:
        with path.open(encoding="utf-8") as stream:
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


def _lines(stream: typing.TextIO) -> Iterator[tuple[int, str]]:
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
    header = _decode_at_line(number, Header, fields)
    if not 1 <= header.cores <= MAX_SYNTHETIC_CORES or header.interval_ms <= 0:
        raise RecordingError(f"line {number}: {header.cores} cores, {header.interval_ms} ms")
    return header


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
    t_s = _decode_at_line(number, float, value["t"])
    if t_s < previous_s:
        raise RecordingError(f"line {number}: time goes backwards ({t_s} < {previous_s})")
    item = _decode_at_line(number, kind, value["data"])
    problem = _implausible(item)
    if problem:
        raise RecordingError(f"line {number}: {problem}")
    if isinstance(item, CpuSample) and len(item.per_core_pct) != header.cores:
        raise RecordingError(
            f"line {number}: {len(item.per_core_pct)} cores in a {header.cores}-core recording"
        )
    return Entry(t_s, item)


def _implausible(item: Any) -> str | None:
    """What no cpuviz run can produce (and a replay could not draw), or None."""
    if isinstance(item, GilSlots):
        return _implausible_lanes(item)
    if isinstance(item, HostCores | ClusterView):
        return _implausible_cluster(item)
    plan = item.result.plan if isinstance(item, RunReport) else item
    if isinstance(plan, RunPlan) and (problem := _implausible_plan(plan)):
        return problem
    events = Progress | WorkerFinished | WorkerFailed
    if isinstance(item, events) and not 0 <= item.worker < MAX_RECORDED_WORKERS:
        return f"worker {item.worker}"
    if isinstance(item, RunReport) and not 1 <= item.cores <= MAX_SYNTHETIC_CORES:
        return f"{item.cores} cores"
    return None


def _implausible_cluster(item: HostCores | ClusterView) -> str | None:
    if isinstance(item, HostCores) and not 1 <= len(item.per_core_pct) <= MAX_SYNTHETIC_CORES:
        return f"a machine of {len(item.per_core_pct)} cores"
    if isinstance(item, ClusterView) and len(item.workers) > MAX_RECORDED_WORKERS:
        return f"{len(item.workers)} cluster workers"
    return None


def _implausible_plan(plan: RunPlan) -> str | None:
    size = plan.size
    if not 1 <= plan.workers <= MAX_RECORDED_WORKERS:
        return f"{plan.workers} workers"
    if size.chunks < 1 or size.iterations_per_chunk < 1:
        return f"{size.chunks} chunks of {size.iterations_per_chunk} steps"
    if any(seconds is not None and seconds <= 0 for seconds in (size.seconds, size.serial_s)):
        return "a run of no time"
    return None


def _implausible_lanes(slots: GilSlots) -> str | None:
    if not 0 <= slots.lanes <= MAX_THREADS_SHOWN:
        return f"{slots.lanes} GIL lanes"
    if len(slots.running) > MAX_GIL_COLUMNS or any(
        not 0 <= column < 1 << slots.lanes for column in slots.running
    ):
        return f"GIL lane columns that {slots.lanes} lanes cannot have"
    figures = slots.figures
    shares = (figures.waiting_pct, figures.overlap_pct, figures.held_pct)
    if not all(0 <= share <= 100 for share in shares) or figures.handoffs_per_s < 0:
        return "GIL figures out of range"
    return None


def _json(number: int, line: str) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        raise RecordingError(f"line {number} is not JSON") from None


def _decode_at_line(number: int, kind: Any, value: Any) -> Any:
    """_decode, with what was wrong said as being on line `number`."""
    try:
        return _decode(kind, value)
    except (TypeError, ValueError, KeyError) as error:
        raise RecordingError(f"line {number}: {error}") from None


# --- dataclasses <-> JSON ------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: _encode(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if isinstance(value, float):
        return round(value, FLOAT_DIGITS)
    return value


def _decode(kind: Any, value: Any) -> Any:
    """Build `kind` from JSON, checking every field's type; ValueError says what was wrong."""
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        fields = dataclasses.fields(kind)
        names = [field.name for field in fields]
        # A field added later has a default, so recordings made before it still play.
        required = {field.name for field in fields if field.default is dataclasses.MISSING}
        if not isinstance(value, dict) or not required <= set(value) <= set(names):
            raise ValueError(f"{kind.__name__} needs exactly the fields {', '.join(names)}")
        return kind(**{name: _decode(hints[name], value[name]) for name in value})
    origin, arguments = typing.get_origin(kind), typing.get_args(kind)
    if origin in (types.UnionType, typing.Union):
        if value is None and type(None) in arguments:
            return None
        return _decode(next(a for a in arguments if a is not type(None)), value)
    if origin is tuple:
        if not isinstance(value, list):
            raise ValueError(f"expected a list, got {value!r:.40}")
        return tuple(_decode(arguments[0], item) for item in value)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(value)
    return _decode_plain(kind, value)


def _decode_plain(kind: type, value: Any) -> Any:
    # bool is an int to Python, but a true/false where a count belongs is a broken file.
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):  # Python's json reads NaN and Infinity
            raise ValueError(f"expected a finite number, got {value}")
        return float(value)
    if kind in (int, str, bool) and type(value) is kind:
        return value
    raise ValueError(f"expected {kind.__name__}, got {value!r:.40}")
