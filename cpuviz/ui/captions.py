"""What the caption under the chart says, in plain words, before and during a run."""

from __future__ import annotations

from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.results import for_run
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload

# Said when a workload is chosen: what each chunk of work does.
WORKLOAD_INTRODUCTIONS = {
    Workload.CPU: "CPU work: pure Python arithmetic, which needs the GIL the whole time.",
    Workload.IO: (
        "I/O work: each chunk waits 20 ms, as for a network reply, then does a little Python."
    ),
    Workload.NATIVE: "Native work: hashlib hashes big buffers in C, letting go of the GIL.",
    Workload.DATA: (
        "Data work: each chunk returns almost 4 MiB. Cheap to make; processes must move it."
    ),
}
# Said when a recording opens, and when a replay is asked to change what was recorded.
REPLAY_INTRODUCTION = "A recording: it plays as it was recorded. Replay (Space) plays it again."
REPLAY_FIXED = "A recording plays what was recorded; open cpuviz without --replay to choose."
# What the audience should notice while a run goes.
WATCH_HINTS: dict[tuple[Mode, Workload | None], str] = {
    (Mode.SERIAL, None): "Watch: one worker, so about one core's worth is busy.",
    (Mode.SERIAL, Workload.IO): "Watch: one worker waits for one reply at a time; cores idle.",
    (Mode.THREADS, Workload.CPU): (
        "Watch: the threads take turns holding one GIL, so about one core is busy."
    ),
    (Mode.THREADS, Workload.IO): "Watch: cores almost idle, yet fast: the threads wait together.",
    (
        Mode.THREADS,
        Workload.NATIVE,
    ): "Watch: hashlib lets go of the GIL, so threads fill the cores.",
    (Mode.THREADS, Workload.DATA): (
        "Watch: making the results needs the GIL, but they stay where the threads share them."
    ),
    (Mode.PROCESSES, None): "Watch: each process has its own GIL, so every core can fill up.",
    (Mode.PROCESSES, Workload.IO): "Watch: cores almost idle: the processes wait, not compute.",
    (Mode.PROCESSES, Workload.DATA): (
        "Watch: the lanes stay low: the processes spend their time moving results, not working."
    ),
    (Mode.CLUSTER, None): (
        "Watch: every Dask worker is a process with its own GIL, on whichever machine it runs."
    ),
    (Mode.ASYNCIO, None): "Watch: one thread and almost no CPU, yet the waits all overlap.",
    (Mode.INTERPRETERS, None): "Watch: one process, yet every core fills: one GIL per interpreter.",
    (Mode.FREE_THREADED, None): "Watch: no GIL at all, so the threads fill every core.",
}


def watch_hint(mode: Mode, workload: Workload, code: UserCode | None = None) -> str:
    if code is not None and mode is not Mode.SERIAL:
        return (
            f"Watch: if {code.function} holds the GIL, threads keep about one core busy; "
            "if it lets go (C code, waiting), they use more."
        )
    return for_run(WATCH_HINTS, mode, workload)
