"""Which mode to use, in plain words, from a serial, a threads and a processes run of the same
work: what a developer asking "threads or processes?" came to find out."""

from __future__ import annotations

from dataclasses import dataclass

from cpuviz.core.runs.plan import Mode

# Below this a mode has not helped enough to be worth its cost (threads ≤ 1.25× is the GIL).
HELPS = 1.25
# Threads within this share of processes are enough: no pickling, no extra interpreters.
THREADS_NEARLY_AS_GOOD = 0.85
# Moving results is what sank processes when it took this long (and processes lost to serial).
MOVING_MATTERS_S = 0.05


@dataclass(frozen=True, slots=True)
class Recommendation:
    mode: Mode  # SERIAL, THREADS or PROCESSES
    sentence: str


def recommend(
    name: str, speedups: dict[Mode, float], moving_s: float | None = None
) -> Recommendation | None:
    """The mode to use for `name` (a function or workload), given each mode's speedup over
    serial and the seconds process mode spent moving results; None unless both threads and
    processes were measured."""
    threads, processes = speedups.get(Mode.THREADS), speedups.get(Mode.PROCESSES)
    if threads is None or processes is None:
        return None
    if processes < 1 and moving_s and moving_s >= MOVING_MATTERS_S:
        mode = Mode.THREADS if threads >= HELPS else Mode.SERIAL
        return Recommendation(
            mode,
            f"{name}: processes {processes:.1f}×, slower than serial: moving its results "
            f"between processes took {moving_s:.1f} s; threads {threads:.1f}×: "
            + ("use threads" if mode is Mode.THREADS else "stay serial, or use threads"),
        )
    if threads >= HELPS and threads >= THREADS_NEARLY_AS_GOOD * processes:
        return Recommendation(
            Mode.THREADS,
            f"{name} releases the GIL: threads {threads:.1f}×, processes {processes:.1f}×: "
            "threads are enough, and cheaper",
        )
    if processes >= HELPS:
        holds = "holds the GIL" if threads < HELPS else "gains more from processes"
        return Recommendation(
            Mode.PROCESSES,
            f"{name} {holds}: threads {threads:.1f}×, processes {processes:.1f}×: use processes",
        )
    return Recommendation(
        Mode.SERIAL,
        f"neither helps {name}: threads {threads:.1f}×, processes {processes:.1f}×: stay "
        "serial (the chunks may be too small for their cost)",
    )
