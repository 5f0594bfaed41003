"""What a recording is: its name and version, the kinds of line it holds, and what it reads as.

A demo made on a 64-core server plays back on a laptop. JSON lines, never pickle: a recording
is a file someone hands you, and unpickling runs whatever the file says.

Line 1 is the header; every later line is {"t": seconds since the recording began, "kind": …,
"data": …}. Times inside events (a worker's `at_s`, a sample's `taken_at_s`) are stored the same
way, relative to the start, and made absolute again against the playback clock. A kind's name
is what the file says, so it never changes; the type it names may grow fields with defaults.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from cpuviz.core.gil.trace import GilSlots
from cpuviz.core.runs.cluster_messages import ChunkRerun, ClusterLost, ClusterView, HostCores
from cpuviz.core.runs.messages import Progress, WorkerFailed, WorkerFinished
from cpuviz.core.runs.outcome import RunFailed, RunStopped
from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.results import RunReport
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.core.watch.lanes import ProgramLanes
from cpuviz.core.watch.program_run import ProgramReport

FORMAT = "cpuviz-recording"
VERSION = 1


@dataclass(frozen=True, slots=True)
class Header:
    """What the recorded machine was, so the replay can say so (and lay out its cores)."""

    cores: int
    interval_ms: int
    runtime: str
    source: str


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
    "program_lanes": ProgramLanes,  # a watched program's lanes, a tick (`cpuviz run --record`)
    "program_finished": ProgramReport,  # its row, with what the watch saw
}
KIND_NAMES = {kind: name for name, kind in KINDS.items()}
# Fields holding a time.monotonic() reading: stored relative to the start of the recording.
CLOCK_FIELDS = {
    CpuSample: "taken_at_s",
    Progress: "at_s",
    WorkerFinished: "finished_at_s",
    HostCores: "taken_at_s",
}


def shift_clock(item: Any, by_s: float) -> Any:
    """The item with its monotonic-clock field (if it has one) moved by `by_s`."""
    field = CLOCK_FIELDS.get(type(item))
    if field is None:
        return item
    return dataclasses.replace(item, **{field: getattr(item, field) + by_s})


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
