"""`cpuviz bench`: the same runners as the window, headless and without importing Qt."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from cpuviz.core.gil.readers import thread_states_available
from cpuviz.core.gil.trace import THREAD_MODES, GilFigures, GilSampler
from cpuviz.core.headless.runner import RunFailedError, run_to_completion
from cpuviz.core.processes.pool import HostStartError, WorkerPool
from cpuviz.core.runs.availability import unavailable
from cpuviz.core.runs.cluster_messages import ClusterHost, counted
from cpuviz.core.runs.cluster_target import ClusterTarget
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.plan import Mode, RunPlan, WorkSize
from cpuviz.core.runs.recommendation import judged_on
from cpuviz.core.runs.results import RunResult, threads_side_by_side
from cpuviz.core.runs.runtime import Runtime, detect_runtime, window_python
from cpuviz.core.runs.session import RunSession, measured_against
from cpuviz.core.system.pythons import PythonInfo
from cpuviz.core.work.code_check import CheckedCode
from cpuviz.core.work.workloads import Workload


@dataclass(frozen=True, slots=True)
class BenchRun:
    workload: str
    mode: str
    workers: int
    size: str
    elapsed_s: float
    speedup: float
    busy_cores: float
    # For runs whose workers are threads of one process: who held the GIL, from outside.
    gil: dict[str, float] | None = None
    # Whether the checksum of every chunk's result matched serial's (fixed amounts of work).
    same_results: bool | None = None
    # Process mode's hidden costs: starting the worker processes (before the run, so not in
    # elapsed_s) and moving the results across processes (in it).
    startup_s: float | None = None
    transfer_s: float | None = None
    # Cluster mode: the machines (name, cores, workers), and a line per task Dask re-ran.
    hosts: list[dict[str, str | int]] | None = None
    reruns: list[str] | None = None
    # Cores other programs used meanwhile, and when they were more than idling, what the row
    # and the caption say of it ("other programs used 1.0 core during this run").
    other_cores: float | None = None
    busy_elsewhere: str | None = None


@dataclass(frozen=True, slots=True)
class SkippedMode:
    """A mode this Python cannot run for a workload, and why (as the window greys it out)."""

    workload: str
    mode: str
    reason: str


@dataclass(frozen=True, slots=True)
class BenchReport:
    cores: int
    python: str
    gil_enabled: bool
    runs: list[BenchRun]
    skipped: list[SkippedMode] = field(default_factory=list)
    # For one work measured serially, with threads and with processes: which mode to use.
    recommendation: str | None = None
    advice: str | None = None
    # The Python the workers ran on (path, version, gil_enabled, …): the window's own unless
    # --python chose another; `python` and `gil_enabled` above are then that one's.
    workers_python: dict[str, object] | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    @property
    def _name_width(self) -> int:
        return max([8, *(len(run.workload) for run in self.runs)])

    def to_table(self) -> str:
        width = self._name_width
        header = (
            f"{'workload':<{width}} {'mode':<13} {'workers':>7} {'size':<9} {'elapsed':>9} "
            f"{'speedup':>8} {'busy cores':>10}"
        )
        gil = "GIL on" if self.gil_enabled else "GIL off"
        where = f" ({self.workers_python['path']})" if self.workers_python else ""
        lines = [
            f"cpuviz bench · Python {self.python}{where} · {gil} · {self.cores} cores",
            header,
            "-" * len(header),
        ]
        for run in self.runs:
            lines.append(
                f"{run.workload:<{width}} {run.mode:<13} {run.workers:>7} {run.size:<9} "
                f"{run.elapsed_s:>8.2f}s {run.speedup:>7.2f}× {run.busy_cores:>10.2f}"
            )
        lines.extend(
            f"{skip.workload:<{width}} {skip.mode:<13} skipped: {skip.reason}"
            for skip in self.skipped
        )
        lines.extend(
            f"{run.workload} gave different results with {run.mode} than serially: it is not "
            "deterministic across modes (the speedup is measured all the same)"
            for run in self.runs
            if run.same_results is False
        )
        lines.extend(_cluster_lines(run) for run in self.runs if run.hosts is not None)
        lines.extend(
            f"{run.workload} with {run.mode}: {run.busy_elsewhere}"
            for run in self.runs
            if run.busy_elsewhere
        )
        lines.extend(
            f"{run.workload} with processes: starting them took {run.startup_s:.2f} s (before "
            f"the run, not in its time); moving results between processes {run.transfer_s:.2f} s"
            for run in self.runs
            if run.startup_s is not None and run.transfer_s is not None
        )
        advice = ["", self.advice] if self.advice else []
        return "\n".join([*lines, "", self.matrix(), *advice])

    def matrix(self) -> str:
        """The one-slide summary: speedup vs serial, one row per workload, one column per mode."""
        speedups = {(run.workload, run.mode): run.speedup for run in self.runs}
        modes = [mode.value for mode in Mode if any(key[1] == mode for key in speedups)]
        workloads = list(dict.fromkeys(run.workload for run in self.runs))
        width = self._name_width
        lines = [f"{'speedup':<{width}}" + "".join(f" {mode:>13}" for mode in modes)]
        for workload in workloads:
            cells = (
                f"{speedups[workload, mode]:.2f}×" if (workload, mode) in speedups else "–"
                for mode in modes
            )
            lines.append(f"{workload:<{width}}" + "".join(f" {cell:>13}" for cell in cells))
        return "\n".join(lines)


def run_bench(
    modes: list[Mode],
    workers: int,
    size: WorkSize,
    fault: Fault = Fault.NONE,
    *,
    repeat: int = 1,
    workloads: tuple[Workload, ...] = (Workload.CPU,),
    code: CheckedCode | None = None,
    cluster: ClusterTarget | None = None,
    python: PythonInfo | None = None,
) -> BenchReport:
    """Measure serial (every speedup is against it) and each asked-for mode, `repeat` times,
    for each workload; modes this Python cannot run are listed as skipped, with the reason.

    Rounds interleave the modes, so a machine that slows down for a while slows them all, and
    each mode reports its median round. The pool is started and warm before the first run, as
    in the window, so start-up cost is not charged to any mode. A fault, if asked for, is
    injected into the first non-serial run. Cluster mode runs on `cluster` (by default a
    local cluster of its own). The workers run on `python` (probed), else on this Python.
    """
    runtime = detect_runtime(python)
    if code is not None:
        workloads = (Workload.CPU,)  # stands for the user's function, which replaces it
    work_name = {workload: str(code.code) if code else workload.value for workload in workloads}
    plans, skipped = _plans(modes, workloads, work_name, runtime, code)
    rounds: dict[tuple[Workload, Mode], list[Watched]] = {plan: [] for plan in plans}
    pool = WorkerPool(python)
    try:
        pool.ensure_hosts(workers)
        if any(mode is Mode.CLUSTER for _, mode in plans):
            pool.use_cluster(cluster or ClusterTarget(), workers)
        if code is not None:
            pool.load_code(code.code)  # before any clock starts
        try:
            pool.wait_ready()
        except HostStartError as failure:
            raise RunFailedError(str(failure)) from None
        if lost := pool.cluster_lost():
            raise RunFailedError(lost)
        session = RunSession(runtime.logical_cores, python)
        for round_ in range(repeat):
            # Serial leads each workload's plans: measured every round, so it has a median too.
            round_fault = fault if round_ == 0 else Fault.NONE
            session.queue(plans, workers, size, round_fault, code.code if code else None)
            while session.waiting:
                plan, plan_fault = session.next_run()
                watched = _run_watching_the_gil(pool, plan, plan_fault)
                rounds[plan.workload, plan.mode].append(watched)
    finally:
        pool.shutdown()
    runs = []
    for (workload, mode), results in rounds.items():
        if mode is Mode.SERIAL and Mode.SERIAL not in modes:
            continue
        result, gil = _median(results)
        serial, _ = _median(rounds[workload, Mode.SERIAL])
        report = measured_against(result, serial, runtime.logical_cores)
        runs.append(
            BenchRun(
                workload=work_name[workload],
                mode=mode.value,
                workers=result.plan.worker_count,
                size=size.name,
                elapsed_s=round(result.elapsed_s, 4),
                speedup=round(report.speedup or 0.0, 3),
                busy_cores=round(result.busy_cores or 0.0, 3),
                gil=None if gil is None else gil.as_json(),
                same_results=_same_results(result, serial),
                startup_s=_rounded(result.startup_s),
                transfer_s=_rounded(result.transfer_s),
                hosts=None if result.hosts is None else [_host(host) for host in result.hosts],
                reruns=list(result.reruns) if result.hosts is not None else None,
                other_cores=_rounded(result.other_cores),
                busy_elsewhere=report.busy_elsewhere,
            )
        )
    advice = None
    if len(workloads) == 1:
        name = code.code.function if code else workloads[0].title
        speedups = {Mode(run.mode): run.speedup for run in runs}
        moving = next((run.transfer_s for run in runs if run.mode == Mode.PROCESSES), None)
        others = {
            mode: result.other_cores
            for (_, mode), watched in rounds.items()
            if (result := _median(watched)[0]).other_cores is not None
        }
        advice = judged_on(name, speedups, moving, other_cores=others, cores=runtime.logical_cores)
    return BenchReport(
        cores=runtime.logical_cores,
        python=runtime.python_version,
        gil_enabled=runtime.gil_enabled,
        runs=runs,
        skipped=[skip for skip in skipped if Mode(skip.mode) in modes],
        recommendation=advice.mode.value if advice and advice.mode else None,
        advice=advice.sentence if advice else None,
        workers_python=(python or window_python()).as_json(),
    )


@dataclass(frozen=True, slots=True)
class PythonThreads:
    """Threads on one Python against that Python's own serial baseline."""

    python: dict[str, object]  # as BenchReport.workers_python
    speedup: float
    elapsed_s: float
    busy_cores: float


@dataclass(frozen=True, slots=True)
class PythonsReport:
    """`bench --pythons`: the same threads on each Python, one after another; the GIL's
    history on one slide ("threads on 3.11.7: 1.00×, on 3.14.0t: 1.90×")."""

    cores: int
    workers: int
    size: str
    runs: list[PythonThreads]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    def to_table(self) -> str:
        return threads_side_by_side(
            [(str(run.python["version"]), run.speedup) for run in self.runs], digits=2
        )


def run_bench_pythons(
    pythons: list[PythonInfo], workers: int, size: WorkSize, *, repeat: int = 1
) -> PythonsReport:
    """Threads, after a serial baseline of their own, on each of `pythons` in turn: each
    pool is started and shut down before the next, so no two compete for the cores."""
    runs = []
    for python in pythons:
        report = run_bench([Mode.THREADS], workers, size, repeat=repeat, python=python)
        (threads,) = report.runs
        runs.append(
            PythonThreads(
                python=report.workers_python or {},
                speedup=threads.speedup,
                elapsed_s=threads.elapsed_s,
                busy_cores=threads.busy_cores,
            )
        )
    return PythonsReport(
        cores=detect_runtime().logical_cores, workers=workers, size=size.name, runs=runs
    )


def _plans(
    modes: list[Mode],
    workloads: tuple[Workload, ...],
    work_name: dict[Workload, str],
    runtime: Runtime,
    code: CheckedCode | None,
) -> tuple[list[tuple[Workload, Mode]], list[SkippedMode]]:
    """Serial and each asked-for mode of each workload: those this Python can run, and the
    others with the reason."""
    plans: list[tuple[Workload, Mode]] = []
    skipped: list[SkippedMode] = []
    for workload in workloads:
        for mode in dict.fromkeys([Mode.SERIAL, *modes]):
            why_not = unavailable(mode, workload, runtime, code)
            if why_not is None:
                plans.append((workload, mode))
            else:
                skipped.append(SkippedMode(work_name[workload], mode.value, why_not.reason))
    return plans, skipped


def _cluster_lines(run: BenchRun) -> str:
    """Where a cluster run ran, and what Dask ran twice because a worker left."""
    machines = ", ".join(
        f"{host['name']} ({host['cores']} cores, {counted(int(host['workers']), 'worker')})"
        for host in run.hosts or []
    )
    return "\n".join([f"{run.workload} on the cluster: {machines}", *(run.reruns or [])])


def _host(host: ClusterHost) -> dict[str, str | int]:
    return {"name": host.name, "cores": host.cores, "workers": host.workers}


def _rounded(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 4)


def _same_results(result: RunResult, serial: RunResult) -> bool | None:
    """Did the run's chunks give what serial's did? Only known when both did the same chunks."""
    if result.plan.size.timed or result.chunks_done != serial.chunks_done or result.cancelled:
        return None
    return result.checksum == serial.checksum


Watched = tuple[RunResult, GilFigures | None]


def _run_watching_the_gil(pool: WorkerPool, plan: RunPlan, fault: Fault) -> Watched:
    """Run `plan`; where its workers are threads of one process (and Linux says what each
    thread is doing), watch who holds the GIL meanwhile, from this process."""
    if plan.mode not in THREAD_MODES or not thread_states_available():
        return run_to_completion(pool, plan, fault), None
    sampler = GilSampler(pool.host_pids()[:1]).start()
    try:
        result = run_to_completion(pool, plan, fault)
    finally:
        figures = sampler.stop()
    return result, figures


def _median(rounds: list[Watched]) -> Watched:
    return sorted(rounds, key=lambda watched: watched[0].elapsed_s)[len(rounds) // 2]
