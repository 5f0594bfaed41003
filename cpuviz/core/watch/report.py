"""The figures a watch of a program ends with, as plain data, and their JSON for `--json`."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from cpuviz.core.watch.threads import Wait

NOT_PYTHON_NOTE = "no Python process: the GIL figures are for Python programs"
NO_WAITS_NOTE = "what threads wait on cannot be read on this system (no /proc): no GIL figures"


@dataclass(frozen=True, slots=True)
class ThreadRow:
    """A thread of a process, with its share of readings in each state (percent of the
    readings taken while it lived; empty outside Python processes)."""

    tid: int
    name: str
    cpu_s: float
    states_pct: dict[str, float]


@dataclass(frozen=True, slots=True)
class ProcessRow:
    """A process of the program; `started_s` and `ended_s` count from the watch's start (None:
    it outlived the watch, or was there before it)."""

    pid: int
    command: tuple[str, ...]
    python: bool
    cpu_s: float
    started_s: float
    ended_s: float | None
    threads: tuple[ThreadRow, ...]


@dataclass(frozen=True, slots=True)
class GilFigures:
    """A Python process's threads that were busy for a part of the watch, and how their readings
    divide: running, waiting on a lock or the GIL (a futex: the kernel cannot tell which),
    asleep on I/O or a timer. `waiting_pct` is the second."""

    pid: int
    busy_threads: int
    readings: int
    running_pct: float
    waiting_pct: float
    asleep_pct: float


@dataclass(frozen=True, slots=True)
class WatchReport:
    """A watched program from start (or attach) to its end (or Stop).

    `busy_cores` is `cpu_s` ÷ `elapsed_s`, with `cpu_s` the whole tree's CPU time read from
    its processes' clocks (children collected by a parent included). `os_cpu_s` is the
    kernel's own account of what cpuviz reaped (the started program and the orphans handed to
    it, each with what it collected); None for an attached program. `exit_code` is negative
    when a signal ended the program, None when it was attached or not yet collected.
    """

    command: tuple[str, ...]
    started: bool
    stopped: bool
    elapsed_s: float
    cpu_s: float
    busy_cores: float
    core_busy: tuple[float, ...]
    os_cpu_s: float | None
    exit_code: int | None
    last_output_line: str
    last_error_line: str
    processes: tuple[ProcessRow, ...]
    gil: tuple[GilFigures, ...]
    gil_note: str

    def as_json(self) -> dict[str, object]:
        figures = asdict(self)
        figures["wait_labels"] = {wait.name.lower(): wait.value for wait in Wait}
        return figures
