"""How each mode looks and reads on screen: one table that every widget reads.

The banner, the mode's button, its progress, its lanes, its column in the summary and the
caption that introduces it all name or colour a mode; if each kept its own table, a new mode
(or a changed word) would have to be found in six places. The colour is a role, the name of a
`Theme` field, because each theme gives the same mode its own shade.
"""

from __future__ import annotations

from dataclasses import dataclass

from cpuviz.core.runs.plan import Mode


@dataclass(frozen=True, slots=True)
class ModeLook:
    colour_role: str  # the Theme field that holds the mode's colour
    banner: str  # the big line at the top, read from the back row
    introduction: str  # the caption when the mode is chosen: how the workers will run
    worker_kind: str  # one worker, in the lanes' words: "thread", "process", …
    short_title: str  # where a column is too narrow for the mode's title


MODE_LOOKS = {
    Mode.SERIAL: ModeLook(
        colour_role="serial",
        # Short: a cluster run's serial baseline shares the top with the cluster's line.
        banner="SERIAL — one core",
        introduction="Serial: one worker does all the work on one core. This is the baseline.",
        worker_kind="worker",
        short_title=Mode.SERIAL.title,
    ),
    Mode.THREADS: ModeLook(
        colour_role="threads",
        banner="THREADS — one GIL, shared",
        introduction=(
            "Threads: all workers are threads of one process, sharing one GIL. Press Start."
        ),
        worker_kind="thread",
        short_title=Mode.THREADS.title,
    ),
    Mode.PROCESSES: ModeLook(
        colour_role="processes",
        banner="PROCESSES — one GIL each",
        introduction=("Processes: every worker is its own process with its own GIL. Press Start."),
        worker_kind="process",
        short_title=Mode.PROCESSES.title,
    ),
    Mode.CLUSTER: ModeLook(
        colour_role="cluster",
        banner="CLUSTER — any machine",
        introduction=(
            "Cluster: the chunks become Dask tasks for worker processes, here or on other machines."
        ),
        worker_kind="Dask worker",
        short_title=Mode.CLUSTER.title,
    ),
    Mode.ASYNCIO: ModeLook(
        colour_role="asyncio",
        banner="ASYNCIO — tasks take turns",
        introduction=("asyncio: every worker is a task on one thread; one runs while others wait."),
        worker_kind="task",
        short_title=Mode.ASYNCIO.title,
    ),
    Mode.INTERPRETERS: ModeLook(
        colour_role="interpreters",
        banner="INTERPRETERS — one GIL each",
        introduction=(
            "Interpreters: one process, every worker in a subinterpreter with its own GIL."
        ),
        worker_kind="interpreter",
        short_title=Mode.INTERPRETERS.title,
    ),
    Mode.FREE_THREADED: ModeLook(
        colour_role="free_threaded",
        banner="FREE-THREADED — no GIL",
        introduction="Free-threaded: threads of one process, on a Python without a GIL.",
        worker_kind="thread",
        # "Free-threaded" is wider than a column at 1024 pixels in 24-pixel bold text, and
        # two lines would not leave the rows room: the column says what the mode is about.
        short_title="No GIL",
    ),
}


def workers_named(mode: Mode, count: int) -> str:
    """The lanes' word for `count` workers of `mode`: 'thread', 'processes'."""
    kind = MODE_LOOKS[mode].worker_kind
    return kind if count == 1 else kind + ("es" if kind.endswith("s") else "s")
