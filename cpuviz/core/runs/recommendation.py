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
# Other programs' load (cores, on average over a run) past which a verdict says so: less is the
# window and the desktop idling.
OTHER_LOAD_NAMED_CORES = 0.2


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


@dataclass(frozen=True, slots=True)
class Verdict:
    """A recommendation as the machine allowed it: no mode when it was too busy to judge."""

    mode: Mode | None
    sentence: str


def judged_on(
    name: str,
    speedups: dict[Mode, float],
    moving_s: float | None = None,
    *,
    other_cores: dict[Mode, float] | None = None,
    cores: int = 1,
) -> Verdict | None:
    """`recommend`, told how many of the machine's `cores` other programs took during each
    mode's run (a busy browser, a video call).

    Beside a busy program a mode gets less than the machine, and the comparison is fair only
    while the serial baseline still had a core of its own and processes still had room to
    show that they help (cores − other ≥ HELPS): otherwise the machine was too busy to judge,
    and it says so rather than flip the verdict. Nor does a busy machine ever make it "stay
    serial": that too is too busy to judge. Any other verdict stands, with the load named.
    """
    advice = recommend(name, speedups, moving_s)
    other = other_cores or {}
    busiest = max(other.values(), default=0.0)
    if advice is None or busiest <= OTHER_LOAD_NAMED_CORES:
        return None if advice is None else Verdict(advice.mode, advice.sentence)
    busy = f"other programs used {counted_cores(busiest)} during these runs"
    crowded = cores - other.get(Mode.SERIAL, 0.0) < 1 or cores - other.get(
        Mode.PROCESSES, 0.0
    ) < min(HELPS, cores)
    if crowded or advice.mode is Mode.SERIAL:
        threads, processes = speedups[Mode.THREADS], speedups[Mode.PROCESSES]
        return Verdict(
            None,
            f"the machine was too busy to judge {name}: {busy} (threads {threads:.1f}×, "
            f"processes {processes:.1f}×); close them and measure again",
        )
    return Verdict(advice.mode, f"{advice.sentence} ({busy})")


def counted_cores(cores: float) -> str:
    """'1.0 core', '0.5 cores', '1.8 cores'."""
    return f"{cores:.1f} core{'' if f'{cores:.1f}' == '1.0' else 's'}"
