"""Which modes the workers' Python can run for which workload, and in plain words why not.

The window greys out what is unavailable (never hides it) and shows the reason, so an audience
on Python 3.11 still learns that subinterpreters and free-threading exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.runtime import Runtime
from cpuviz.core.work.code_check import CheckedCode
from cpuviz.core.work.workloads import Workload


@dataclass(frozen=True, slots=True)
class Unavailable:
    """Why a mode cannot run: `short` fits under a button, `reason` is the whole sentence."""

    short: str
    reason: str


def unavailable(
    mode: Mode, workload: Workload, runtime: Runtime, code: CheckedCode | None = None
) -> Unavailable | None:
    """None when `mode` can run `workload` (or the user's `code`) on `runtime`; else why not."""
    if code is not None and (why_not := _unavailable_for_code(mode, code)) is not None:
        return why_not
    if mode is Mode.ASYNCIO and code is None and not workload.waits:
        return Unavailable("I/O only", "asyncio only overlaps waiting: choose the I/O workload")
    return _unavailable_in(mode, runtime)


def _unavailable_in(mode: Mode, runtime: Runtime) -> Unavailable | None:
    """What this installation of Python lacks for `mode`, whatever the work."""
    if mode is Mode.CLUSTER and runtime.cluster_missing:
        return Unavailable("needs Dask", runtime.cluster_missing)
    if mode is Mode.INTERPRETERS and runtime.subinterpreters_missing:
        short = "needs 3.12+" if "3.12" in runtime.subinterpreters_missing else "missing"
        return Unavailable(short, runtime.subinterpreters_missing)
    if mode is Mode.FREE_THREADED:
        if not runtime.free_threaded_build:
            return Unavailable(
                "needs 3.13t",
                "needs a free-threaded Python build (3.13t+) for the workers: "
                "choose one with --python (e.g. python3.14t) or in the Python picker",
            )
        if runtime.gil_enabled:
            return Unavailable(
                "GIL is on", "the GIL was switched back on (PYTHON_GIL=1 or an extension needs it)"
            )
    return None


def _unavailable_for_code(mode: Mode, code: CheckedCode) -> Unavailable | None:
    name = code.code.function
    if mode is Mode.ASYNCIO and not code.is_async:
        return Unavailable("async fn", f"asyncio runs async def functions: {name} is a plain def")
    if mode is Mode.INTERPRETERS and code.interpreters_problem:
        return Unavailable("won't import", code.interpreters_problem)
    return None


def unavailable_modes(
    workload: Workload, runtime: Runtime, code: CheckedCode | None = None
) -> dict[Mode, Unavailable]:
    """The modes `runtime` cannot run `workload` (or the user's `code`) in, with why not."""
    reasons = {mode: unavailable(mode, workload, runtime, code) for mode in Mode}
    return {mode: why_not for mode, why_not in reasons.items() if why_not is not None}


def available_runs(workloads: list[Workload], runtime: Runtime) -> list[tuple[Workload, Mode]]:
    """Every (workload, mode) pair this Python can run on this machine: what fills the
    summary matrix. Cluster mode is not among them: it compares machines, not ways of using
    one, and starts a cluster, which the presenter does by choosing it."""
    return [
        (workload, mode)
        for workload in workloads
        for mode in Mode
        if mode is not Mode.CLUSTER and unavailable(mode, workload, runtime) is None
    ]
