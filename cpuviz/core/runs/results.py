"""What a run produced, and how to read it against the serial baseline."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cpuviz.core.runs.cluster_messages import ClusterHost
from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.recommendation import HELPS, OTHER_LOAD_NAMED_CORES, counted_cores
from cpuviz.core.system.pythons import PythonBuild
from cpuviz.core.work.workloads import Workload


@dataclass(frozen=True, slots=True)
class RunResult:
    """A completed (or cancelled) run as measured."""

    plan: RunPlan
    elapsed_s: float
    checksum: int
    chunks_done: int
    cpu_s: float
    busy_cores: float | None
    cancelled: bool = False
    # Process mode's hidden costs: starting the worker processes (done before the run, so
    # not in elapsed_s), and moving results across processes (in it).
    startup_s: float | None = None
    transfer_s: float | None = None
    # Cluster mode: the machines the run had (the cores of every one), and a line for each
    # task Dask ran again because its worker left.
    hosts: tuple[ClusterHost, ...] | None = None
    reruns: tuple[str, ...] = ()
    # How many cores' worth other programs used on average meanwhile (None: not measured, as
    # in recordings made before it was): a busy browser slows a run without being its fault.
    other_cores: float | None = None


@dataclass(frozen=True, slots=True)
class HiddenCosts:
    """What a process run cost beyond its own time, as the pool measured it.

    Both are the audience's surprise in process mode, so they are shown beside the speedup:
    starting the worker processes happened before the run (not in its time), and unpickling
    what they shipped happened in the app during it.
    """

    startup_s: float | None = None  # None: not a process run, or a host's start was not seen
    unpickling_s: float = 0.0


NO_HIDDEN_COSTS = HiddenCosts()  # any run but a process run's


@dataclass(frozen=True, slots=True)
class RunReport:
    """A result set against a measured serial run of the same work on the same machine."""

    result: RunResult
    baseline_elapsed_s: float | None
    cores: int
    is_baseline: bool = False
    # Chunks the serial run did in its time; None in recordings made before timed runs, whose
    # runs all did the same fixed amount of work as their baseline.
    baseline_chunks: int | None = None
    # Other programs' cores during the serial baseline, as RunResult.other_cores.
    baseline_other_cores: float | None = None

    @property
    def busy_elsewhere(self) -> str | None:
        """'other programs used 1.0 core during this run' (or its serial baseline) when they
        used more than the desktop idling does, else None."""
        during = [
            (cores, when)
            for cores, when in (
                (self.result.other_cores, "this run"),
                (None if self.is_baseline else self.baseline_other_cores, "its serial baseline"),
            )
            if cores is not None and cores > OTHER_LOAD_NAMED_CORES
        ]
        if not during:
            return None
        return "other programs used " + " and ".join(
            f"{counted_cores(cores)} during {when}" for cores, when in during
        )

    @property
    def speedup(self) -> float | None:
        """Work done per second against serial's: for the same fixed work, serial's time over
        this run's; for timed runs (which do different amounts), the ratio of their rates."""
        result, baseline_s = self.result, self.baseline_elapsed_s
        if baseline_s is None or baseline_s <= 0 or result.elapsed_s <= 0:
            return None
        if self.baseline_chunks is None:
            return baseline_s / result.elapsed_s
        if self.baseline_chunks <= 0:
            return None
        return (result.chunks_done / result.elapsed_s) / (self.baseline_chunks / baseline_s)

    @property
    def ideal_speedup(self) -> int:
        """What perfect scaling would give: one core per worker, up to the number of cores
        (of every machine of the cluster, in cluster mode)."""
        hosts = self.result.hosts
        cores = sum(host.cores for host in hosts) if hosts else self.cores
        return max(1, min(self.result.plan.worker_count, cores))

    @property
    def efficiency(self) -> float | None:
        speedup = self.speedup
        return None if speedup is None else speedup / self.ideal_speedup


# The modes that run the same threads on any Python: under a GIL they take turns, on a
# free-threaded build with the GIL off they fill the cores.
THREADS_ON_ANY_PYTHON = (Mode.THREADS, Mode.FREE_THREADED)


def threads_on_each_python(reports: Iterable[RunReport]) -> dict[PythonBuild, float]:
    """The latest speedup of threads on each Python the reports name, each against its own
    serial baseline (the session's), in the order the Pythons first ran."""
    speedups: dict[PythonBuild, float] = {}
    for report in reports:
        plan, speedup = report.result.plan, report.speedup
        if plan.mode in THREADS_ON_ANY_PYTHON and plan.python is not None and speedup is not None:
            speedups[plan.python] = speedup
    return speedups


def python_names(builds: Sequence[PythonBuild]) -> list[str]:
    """How a slide names each: 3.13, 3.14t; by the whole version where two share a minor."""
    short = [build.short_name for build in builds]
    return short if len(set(short)) == len(short) else [build.shown_version for build in builds]


def threads_side_by_side(speedups: Sequence[tuple[str, float]], digits: int = 1) -> str:
    """'threads on 3.11: 1.0×, on 3.13: 1.0×, on 3.14t: 1.9×': the GIL's history on one slide,
    as the summary page and `bench --pythons` say it."""
    return "threads " + ", ".join(f"on {name}: {speedup:.{digits}f}×" for name, speedup in speedups)


# Moving results dominates a process run when it takes this share of the workers' time.
MOVING_SHARE = 0.25

# Why a mode ran as fast as it did, for the workload if it matters, else for any workload.
REASONS: dict[tuple[Mode, Workload | None], str] = {
    (Mode.SERIAL, None): "one worker on one core: the baseline every speedup is measured against",
    (Mode.THREADS, Workload.CPU): (
        "the GIL lets only one thread run Python at a time, so they take turns"
    ),
    (Mode.THREADS, Workload.IO): (
        "a waiting thread lets go of the GIL, so the threads all wait at the same time"
    ),
    (Mode.THREADS, Workload.NATIVE): (
        "hashlib lets go of the GIL while it hashes, so the threads use every core"
    ),
    (
        Mode.PROCESSES,
        None,
    ): "each process has its own interpreter and its own GIL, so all cores work",
    (Mode.THREADS, Workload.DATA): (
        "their results stay in memory the threads share: nothing has to move"
    ),
    (Mode.PROCESSES, Workload.IO): (
        "each process waits on its own, so the waits overlap (threads do this more cheaply)"
    ),
    (Mode.CLUSTER, None): (
        "each Dask worker is a process with its own GIL, on any machine; handing out every "
        "task costs a few milliseconds"
    ),
    (Mode.ASYNCIO, None): "one thread: while one task waits, the event loop runs another",
    (Mode.INTERPRETERS, None): (
        "each subinterpreter has its own GIL, so they run in parallel inside one process"
    ),
    (Mode.FREE_THREADED, None): "this Python has no GIL, so the threads run on all cores at once",
}


def for_run(texts: dict[tuple[Mode, Workload | None], str], mode: Mode, workload: Workload) -> str:
    """The text for this mode and workload, else the mode's text for any workload."""
    return texts.get((mode, workload)) or texts[mode, None]


def _measured_reason(report: RunReport) -> str | None:
    """Why, where the measurement says more than the mode does: results too big to move
    between processes cheaply, or whether the user's own function holds the GIL."""
    result, plan = report.result, report.result.plan
    worker_s = result.elapsed_s * plan.worker_count
    if result.transfer_s is not None and result.transfer_s >= MOVING_SHARE * worker_s:
        return (
            f"moving the results between processes (pickled, piped, unpickled) took "
            f"{result.transfer_s:.1f} s, more than the work"
        )
    if plan.code is not None and plan.mode is Mode.THREADS and report.speedup is not None:
        name = plan.code.function
        if report.speedup < HELPS:  # as bench's advice judges it
            return f"{name} holds the GIL, so the threads take turns"
        return f"{name} lets go of the GIL (C code, or waiting), so the threads run together"
    return None


def explain(report: RunReport) -> str:
    """One sentence for the audience: what the numbers mean, in plain words."""
    result = report.result
    busy = "" if result.busy_cores is None else f"{result.busy_cores:.1f} cores busy"
    speedup = report.speedup
    seconds = result.plan.size.seconds
    if speedup is None:
        faster = ""
    elif seconds is None:
        faster = f"{speedup:.1f}× vs serial"
    else:
        faster = f"{speedup:.1f}× the work of serial in the same {seconds:g} s"
    measured = ", ".join(part for part in (busy, faster) if part)
    mode, workload = result.plan.mode, result.plan.workload
    if mode is not Mode.SERIAL and report.ideal_speedup == 1:
        reason = "one worker can only ever use one core; add workers to use more"
    else:
        reason = _measured_reason(report) or for_run(REASONS, mode, workload)
    sentence = f"{mode.title}: {measured} — {reason}." if measured else f"{mode.title}: {reason}."
    if report.busy_elsewhere:  # the run was slower for it: say whose fault that was
        sentence += f" {report.busy_elsewhere.capitalize()}."
    if result.reruns:  # the audience saw a worker go: say what it cost
        tasks = len(result.reruns)
        sentence += f" Dask ran {tasks} task{'' if tasks == 1 else 's'} again after a worker left."
    return sentence
