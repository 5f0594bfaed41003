"""Run a plan on a pool and wait for it: the headless path used by `cpuviz bench`."""

from __future__ import annotations

import contextlib
import dataclasses
import queue

from cpuviz.core.processes.pool import WorkerPool
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.results import RunResult
from cpuviz.core.runs.tracker import RunTracker
from cpuviz.core.sampling.sources import PsutilSource

# How often to look for dead workers while no event arrives.
DEATH_CHECK_INTERVAL_S = 0.2


class RunFailedError(RuntimeError):
    """A worker raised or died; the message names the worker and what happened."""


def run_to_completion(pool: WorkerPool, plan: RunPlan, fault: Fault = Fault.NONE) -> RunResult:
    """Dispatch, follow the events to the end, and measure busy cores with psutil meanwhile.

    psutil's cpu_percent() with no interval reports the load since its previous call, so one
    call before dispatch and one after the end give the average over exactly this run: the
    run's own cores by its hosts' clocks (which keep their ended threads' time), and other
    programs' (a cluster's workers are no host of ours: their run counts the whole load).
    """
    plan = pool.made_concrete(plan)
    source = PsutilSource()
    source.watch(None if plan.mode is Mode.CLUSTER else pool.host_pids())
    tracker = RunTracker(plan, pool.dispatch(plan, fault))
    cancelled = False
    while not tracker.done:
        with contextlib.suppress(queue.Empty):
            tracker.feed(pool.events.get(timeout=DEATH_CHECK_INTERVAL_S))
        for dead in pool.dead_workers():
            tracker.workers_died(dead)
        if tracker.failure and not cancelled:
            pool.cancel(plan.run_id)
            cancelled = True
    pool.run_ended()
    sample = source.sample()
    hidden_costs = pool.hidden_costs()
    if tracker.failure:
        pool.replace_dead_hosts()
        raise RunFailedError(tracker.failure)
    result = tracker.result(sample.run_cores, hidden_costs)
    return dataclasses.replace(result, other_cores=sample.other_cores)
