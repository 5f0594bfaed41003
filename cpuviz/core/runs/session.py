"""The runs asked for, in order, and the serial baselines every speedup is read against.

The window's controller and `cpuviz bench` both run their plans through a RunSession, so the
rules live once: a run is measured against a serial run of the same work, which goes first if
there is none yet (on the same Python: the hosts' Python is stamped on every plan); a baseline
two runs share is queued once; an injected fault never hits a serial baseline; and a run ends
in one outcome, a finished one reported against its baseline.
Plain data, no processes and no clock: whoever owns the pool dispatches what it hands out.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.outcome import RunFailed, RunFinished, RunOutcome, RunStopped
from cpuviz.core.runs.plan import BASELINE_RUN_S, Mode, RunPlan, WorkSize
from cpuviz.core.runs.results import RunReport, RunResult
from cpuviz.core.runs.runtime import window_python
from cpuviz.core.system.pythons import PythonBuild, PythonInfo
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload

# Every timed run shares one baseline, whatever its length: serial's rate of work.
TIMED = "timed"


@dataclass(frozen=True, slots=True)
class BaselineKey:
    """What a serial baseline measures, so that every run of the same work shares it: a
    workload (or the user's function), and a fixed amount of work by its name or, for a timed
    run, serial's rate of work, on one Python (threads on 3.13 against serial on 3.13)."""

    workload: Workload
    amount: str  # a fixed size's name, or TIMED
    code: UserCode | None
    python: PythonBuild | None = None

    @classmethod
    def of(cls, plan: RunPlan) -> BaselineKey:
        amount = TIMED if plan.size.timed else plan.size.name
        return cls(plan.workload, amount, plan.code, plan.python)


def measured_against(result: RunResult, baseline: RunResult | None, cores: int) -> RunReport:
    """`result` read against a serial `baseline` of the same work (None: none measured)."""
    return RunReport(
        result=result,
        baseline_elapsed_s=baseline.elapsed_s if baseline else None,
        cores=cores,
        is_baseline=result.plan.mode is Mode.SERIAL,
        baseline_chunks=baseline.chunks_done if baseline else None,
        baseline_other_cores=baseline.other_cores if baseline else None,
    )


class RunSession:
    """The queue of plans with their run ids, and the baseline measured for each work."""

    def __init__(self, cores: int, python: PythonInfo | None = None) -> None:
        self.cores = cores
        self.use_python(python)
        self._run_ids = itertools.count(1)
        self._queued: list[RunPlan] = []
        self._fault = Fault.NONE  # still to be injected, into the next run that is no baseline
        self._baselines: dict[BaselineKey, RunResult] = {}

    def use_python(self, python: PythonInfo | None) -> None:
        """The hosts' Python (None: the window's own) for the runs queued from now on."""
        self._python = (python or window_python()).build

    @property
    def waiting(self) -> bool:
        """Plans are queued, not yet handed out."""
        return bool(self._queued)

    def queue(
        self,
        runs: Sequence[tuple[Workload, Mode]],
        workers: int,
        size: WorkSize,
        fault: Fault = Fault.NONE,
        code: UserCode | None = None,
    ) -> None:
        """Queue these runs one after another, each work's serial baseline first if it has
        none (a timed run's baseline lasts BASELINE_RUN_S, or the run's own time if that is
        shorter: a rate is measured as well in less, and a 2 s demo waits no 5 s for it).
        With `code`, the user's function runs in place of the workloads' kernels. `fault` hits
        the first of them that is not serial, once."""
        for workload, mode in runs:
            plan = RunPlan(mode, workers, size, 0, workload, code, self._python)
            if mode is not Mode.SERIAL and BaselineKey.of(plan) not in self._baselines:
                baseline_size = size
                if size.timed:
                    baseline_size = size.lasting(min(BASELINE_RUN_S, size.seconds))
                self._add(RunPlan(Mode.SERIAL, 1, baseline_size, 0, workload, code, self._python))
            self._add(plan)
        self._fault = fault

    def _add(self, plan: RunPlan) -> None:
        """Add a plan unless the same work in the same mode is queued (a shared baseline)."""
        same = (plan.mode, BaselineKey.of(plan))
        if all(same != (queued.mode, BaselineKey.of(queued)) for queued in self._queued):
            self._queued.append(replace(plan, run_id=next(self._run_ids)))

    def next_run(self) -> tuple[RunPlan, Fault]:
        """The next plan to dispatch, and the fault it is to suffer: never a serial one's, so
        a baseline always measures the machine, not the failure."""
        plan = self._queued.pop(0)
        if plan.mode is Mode.SERIAL:
            return plan, Fault.NONE
        fault, self._fault = self._fault, Fault.NONE
        return plan, fault

    def drop(self, mode: Mode) -> None:
        """Forget the queued runs of `mode` (the cluster cannot be reached); the rest go on."""
        self._queued = [plan for plan in self._queued if plan.mode is not mode]

    def clear(self) -> None:
        """Forget every queued run: the user stopped, or a run failed."""
        self._queued.clear()

    def ended(self, result: RunResult, failure: str | None, stopped: bool) -> RunOutcome:
        """How a run ended: failed (with why), stopped (by the user, or every worker
        cancelled), or finished, its report against its work's baseline. A finished serial
        run becomes that baseline."""
        if failure:
            return RunFailed(failure)
        if stopped or result.cancelled:
            return RunStopped()
        return RunFinished(self._report(result))

    def _report(self, result: RunResult) -> RunReport:
        """A finished run against the baseline of its work, which a serial run replaces."""
        key = BaselineKey.of(result.plan)
        if result.plan.mode is Mode.SERIAL:
            self._baselines[key] = result
        return measured_against(result, self._baselines.get(key), self.cores)
