"""Feeds the window a program it did not write: started by cpuviz, or attached to by its PID.

A RunFeed like the live controller and a replay, so the window shows a program as it shows
its own runs and never asks which feed it has: `run_started` when the program starts (and
again once several of its processes are busy: the run is then coloured as processes), lanes
and elapsed time every tick, the GIL page while it is shown, and `run_ended` with the
program's row when its whole tree has ended. Start runs the same command again; Stop ends a
started program's whole tree (SIGTERM, then SIGKILL after 2 s) off the GUI thread, and only
leaves an attached one. Closing the window ends a started tree before the window goes.

The watch reads its clocks on the GUI thread at 10 Hz: a pread per process and thread, which
costs well under a millisecond for a few dozen threads; the process table is listed every
quarter second for children. Those readings are the only ones: the window's CPU source takes
the program's share of each core from them (`core_share`), reading them as it samples the
cores so that both cover the same span, and the tick after shows what that reading found. The
GIL page's lanes come from the GIL room's millisecond sampler, given every thread of the
program's Python processes that keeps running.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

import psutil
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from cpuviz.bridge.gil_watch import TAKE_MS
from cpuviz.bridge.run_feed import RunFeed
from cpuviz.core.gil.readers import ThreadStates
from cpuviz.core.gil.trace import GilSampler
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.outcome import RunFailed, RunFinished, RunStopped
from cpuviz.core.runs.plan import Mode, RunPlan, WorkSize
from cpuviz.core.sampling.sources import CpuSource
from cpuviz.core.watch.lanes import ProgramTimeline, read_lanes
from cpuviz.core.watch.program import ProgramError, StartedProgram, WatchedProgram
from cpuviz.core.watch.program_run import (
    ProgramReport,
    busy_shape,
    program_plan,
    program_report,
    program_title,
)
from cpuviz.core.watch.watch import TICK_S, ProgramWatch
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload

# The feed's own tick reads the program only if the CPU source has not for this long (the
# sampler is slower than 10 Hz, or stopped).
SOURCE_LATE_S = 1.5 * TICK_S


class ProgramCores:
    """The program's share of each core, for the window's CPU source (a `ProcessCores`): the
    watch's own readings, taken as the source samples the cores."""

    def __init__(self, feed: ProgramFeed) -> None:
        self._feed = feed

    def watch(self, pids: Sequence[int]) -> None:
        """The watch follows the program's tree itself."""

    def read(self) -> tuple[float, ...]:
        return self._feed.read_cores()

    def close(self) -> None:
        """The watch is the feed's to end."""


class ProgramFeed(RunFeed):
    """Watches the program `start()` gives (a new one each Start); `output_line` carries the
    newest line it printed, as it prints it."""

    output_line = Signal(str)

    def __init__(
        self,
        start: Callable[[], WatchedProgram],
        first: WatchedProgram | None,
        source: CpuSource | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`first` is the program already started (or attached to) by the command line, which
        has refused one that cannot be, or None until `watch_program` gives one; `start` makes
        the next one for each Start. `source`
        is the window's CPU source, told of the program's processes as they come and go so
        that each core draws the program's share."""
        super().__init__(psutil.cpu_count() or 1, parent)
        self._start, self._next = start, first
        self._last: WatchedProgram | None = first
        self._source = source
        self._watch: ProgramWatch | None = None
        self._going = True  # what the watch's last reading said
        self._read_at_s = float("-inf")
        self._core_s_given: tuple[float, ...] = ()  # what `read_cores` has handed out so far
        self.core_share = ProgramCores(self)
        self._timeline: ProgramTimeline | None = None
        self._plan: RunPlan | None = None
        self._run_id = 0
        self._baseline_s: float | None = None
        self._ending: threading.Thread | None = None
        self._pids: frozenset[int] = frozenset()
        self._line, self._shown_line = "", ""
        self._gil_wanted: set[str] = set()
        self._gil_pids: tuple[int, ...] = ()
        self._gil: GilSampler | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(round(TICK_S * 1000))
        self._timer.timeout.connect(self._tick)
        self._gil_timer = QTimer(self)
        self._gil_timer.setInterval(TAKE_MS)
        self._gil_timer.timeout.connect(self._take_gil)

    @property
    def is_ready(self) -> bool:
        return self._ending is None

    @property
    def is_busy(self) -> bool:
        return self._watch is not None

    @property
    def offers_choices(self) -> bool:
        return False

    @property
    def title(self) -> str:
        """The program shown now, or last: "cpu_threads.py 4" ("" before the first)."""
        program = self._watch.program if self._watch else self._last
        return "" if program is None else program_title(program.command)

    @property
    def baseline_s(self) -> float | None:
        """The time every program run's speedup is read against: the first run's, until the
        presenter marks another (None until one has ended)."""
        return self._baseline_s

    def use_baseline(self, report: ProgramReport) -> None:
        """The presenter marked this program run as the baseline: the next runs compare to it."""
        self._baseline_s = report.result.elapsed_s

    def prepare(self, workers: int) -> None:
        """The window is up: the program given on the command line starts being watched."""
        if self._next is not None and not self.is_busy:
            self._begin(self._next)

    def start_all(
        self,
        runs: list[tuple[Workload, Mode]],
        workers: int,
        size: WorkSize,
        fault: Fault = Fault.NONE,
        code: UserCode | None = None,
    ) -> None:
        """Whatever mode is chosen, the program runs as it is written: once more."""
        if self.is_busy or not self.is_ready:
            return
        try:
            program = self._next or self._start()
        except ProgramError as error:
            self.run_ended.emit(RunFailed(str(error)))
            return
        self._begin(program)

    def watch_program(self, command: Sequence[str]) -> str | None:
        """A program picked in the window: `command` starts now, and again at each Start, in
        place of the one before; the baseline stays (the course's scripts, one after another,
        are read against the first)."""
        if self.is_busy or not self.is_ready:
            return "a program is running: stop it first"
        try:
            program = StartedProgram(command)
        except ProgramError as error:
            return str(error)
        self._start = lambda: StartedProgram(command)
        self._begin(program)
        return None

    def _begin(self, program: WatchedProgram) -> None:
        self._next, self._last = None, program
        self._run_id += 1
        self._line = self._shown_line = ""
        program.follow_output(self._take_line)
        self._watch = ProgramWatch(program, self.cores)
        self._going, self._read_at_s = True, time.monotonic()
        self._core_s_given = self._watch.core_s()
        self._timeline = ProgramTimeline(self._run_id)
        self._plan = program_plan(program.command, Mode.THREADS, 1, self._run_id)
        self.busy_changed.emit(True)
        self._follow_pids()
        self.run_started.emit(self._plan)
        self.progress.emit(0.0, None)
        self._timer.start()

    def _take_line(self, line: str) -> None:
        """From the program's output thread: kept for the next tick to show."""
        self._line = line

    @Slot()
    def _tick(self) -> None:
        watch = self._watch
        if watch is None:
            return
        if self._ending is not None:
            if not self._ending.is_alive():
                self._ending = None
                self._finish(RunStopped())
            return
        if time.monotonic() - self._read_at_s >= SOURCE_LATE_S:
            self._read(watch)
        going = self._going
        self._show(watch)
        if not going:
            report = watch.report()
            plan = self._final_plan()
            outcome = program_report(report, plan, self.cores, self._baseline_s)
            self._baseline_s = outcome.baseline_elapsed_s
            self._finish(RunFinished(outcome))

    def _read(self, watch: ProgramWatch) -> None:
        self._going, self._read_at_s = watch.tick(), time.monotonic()

    def read_cores(self) -> tuple[float, ...]:
        """CPU seconds the program used on each core since the last call, read now (the CPU
        source calls it as it samples the cores); none while no program runs or its tree is
        being ended (the ending thread reads the watch then)."""
        watch = self._watch
        if watch is None or self._ending is not None:
            return (0.0,) * self.cores
        self._read(watch)
        core_s = watch.core_s()
        used_s = tuple(now - before for now, before in zip(core_s, self._core_s_given, strict=True))
        self._core_s_given = core_s
        return used_s

    def _show(self, watch: ProgramWatch) -> None:
        assert self._timeline is not None and self._plan is not None
        lanes = read_lanes(self._run_id, watch)
        self._timeline.apply(lanes)
        self.timeline_changed.emit(self._timeline)
        self.worker_events.emit([lanes])  # a recording keeps the lanes' every tick
        self.progress.emit(0.0, watch.elapsed_s())
        if self._line != self._shown_line:
            self._shown_line = self._line
            self.output_line.emit(self._line)
        if watch.live_pids != self._pids:
            self._follow_pids()
        if self._plan.mode is Mode.PROCESSES:
            return  # processes once, processes to the end: no figures to add up for that
        shape = busy_shape(watch.report())
        if shape.mode is Mode.PROCESSES:
            command = watch.program.command
            self._plan = program_plan(command, shape.mode, shape.workers, self._run_id)
            self.run_started.emit(self._plan)  # the colour of processes from now on

    def _final_plan(self) -> RunPlan:
        assert self._watch is not None and self._plan is not None
        shape = busy_shape(self._watch.report())
        mode = Mode.PROCESSES if self._plan.mode is Mode.PROCESSES else shape.mode
        return program_plan(self._watch.program.command, mode, shape.workers, self._run_id)

    def _follow_pids(self) -> None:
        """The window's source draws these processes' share of each core; the GIL page
        watches the Python ones."""
        assert self._watch is not None
        self._pids = self._watch.live_pids
        if self._source is not None:
            self._source.watch(sorted(self._pids))
        python = tuple(
            sorted(
                process.pid
                for process in self._watch.processes
                if process.python and process.pid in self._pids
            )
        )
        if python != self._gil_pids:
            self._gil_pids = python
            self._restart_gil()

    def _finish(self, outcome: RunFinished | RunStopped | RunFailed) -> None:
        self._timer.stop()
        self._watch = None
        self._pids = frozenset()
        self._gil_pids = ()
        self._restart_gil()
        self.run_ended.emit(outcome)
        self.busy_changed.emit(False)
        self.ready_changed.emit(True)

    def stop(self) -> None:
        """End a started program's tree (off the GUI thread: it may take 2 s and more), or
        leave an attached one; the run ends as stopped once it has."""
        watch = self._watch
        if watch is None or self._ending is not None:
            return
        self._ending = threading.Thread(target=watch.stop, name="cpuviz-end-program")
        self._ending.start()
        self.ready_changed.emit(False)

    def shutdown(self) -> None:
        """Closing the window: end a started program's tree now, and leave nothing behind."""
        self._timer.stop()
        if self._ending is not None:
            self._ending.join()
        elif self._watch is not None:
            self._watch.stop()
        self._watch = None
        self._gil_pids = ()
        self._restart_gil()
        if self._next is not None:  # given, never shown: ended all the same
            ProgramWatch(self._next, self.cores).stop()
            self._next = None

    def worker_pids(self) -> list[int]:
        return sorted(self._pids)

    # --- the GIL page, while it is shown -------------------------------------------------------

    def watch_gil(self, reason: str, wanted: bool) -> None:
        if wanted:
            self._gil_wanted.add(reason)
        else:
            self._gil_wanted.discard(reason)
        if (self._gil is not None) != bool(self._gil_pids and self._gil_wanted):
            self._restart_gil()

    @property
    def watching_gil(self) -> bool:
        return self._gil is not None

    def _restart_gil(self) -> None:
        if self._gil is not None:
            self._take_gil()
            self._gil.stop()
            self._gil = None
            self._gil_timer.stop()
        if self._gil_pids and self._gil_wanted:
            reader = ThreadStates(self._gil_pids, every_thread=True)
            self._gil = GilSampler(self._gil_pids, reader=reader).start()
            self._gil_timer.start()

    @Slot()
    def _take_gil(self) -> None:
        if self._gil is not None:
            self.gil_slots.emit(self._gil.take())
