"""gil_vs_gilknocker_pts: the GIL page's figures beside gilknocker's, in the same threads run.

gilknocker (PyPI, `pip install gilknocker`; the `bench` extra) runs a thread inside the process
that asks for the GIL every POLL_US and times how long the answer takes. Here one child process
loads it, then runs a host's threads run exactly as a worker host does (`start_workers`, two
CPU-bound threads), while this process watches the same threads from outside with the GIL
page's sampler. The two are compared on what both estimate (see EXPLANATION).
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from multiprocessing.connection import Connection

from benchmarks.measurement import Measurement, emit, log
from cpuviz.core.gil.trace import GilSampler
from cpuviz.core.processes.worker import start_workers
from cpuviz.core.runs.messages import Assignment, WorkerFinished
from cpuviz.core.runs.plan import Mode

RUN_S = 6.0
WORKERS = 2
ROUNDS = 3
POLL_US = 100  # gilknocker's README: the more often it knocks, the closer its figure

EXPLANATION = """\
## The GIL figures beside gilknocker

- **held %** (the GIL page, from outside): the share of the run in which some worker thread of
  the process ran, holding its GIL. It is what one more thread would find busy.
- **waiting %** (the GIL page, from outside): the share of the worker threads' own time in which
  they slept while another thread of theirs ran. N CPU-bound threads taking turns each wait
  (N − 1)/N of the time: 50 % for two.
- **gilknocker's contention metric** (from inside, a thread of its own): the share of its
  sampling time that its knocks spent waiting for the GIL. That is the GIL's busy share as a
  newcomer meets it: it estimates *held %*, not *waiting %*.

`gil_vs_gilknocker_pts` compares the two estimates of the same thing: held % − gilknocker × 100.
Waiting % − gilknocker × 100 (its note gives it too) is near −50 for two threads by definition,
not by error, and would be −100 for one thread, which waits for nobody while gilknocker still
finds the GIL busy."""


def _host_with_gilknocker(pipe: Connection) -> None:
    """A worker host's threads run, with gilknocker knocking from inside the process. Says
    "go" as both clocks start: the knocker's here, the sampler's in the benchmark."""
    import gilknocker  # noqa: PLC0415 - the bench extra, in this child only

    knocker = gilknocker.KnockKnock(polling_interval_micros=POLL_US)
    knocker.start()
    knocker.reset_contention_metric()
    pipe.send("go")
    events: queue.Queue = queue.Queue()
    assignment = Assignment(
        run_id=1,
        worker_ids=tuple(range(WORKERS)),
        worker_count=WORKERS,
        chunks=1 << 30,
        iterations_per_chunk=20_000,
        mode=Mode.THREADS,
        deadline_s=time.monotonic() + RUN_S,
    )
    start_workers(assignment, threading.Event(), events)
    finished = 0
    while finished < WORKERS:
        finished += isinstance(events.get(), WorkerFinished)
    pipe.send(knocker.contention_metric)
    knocker.stop()


def _round() -> tuple[float, float, float]:
    """(held %, waiting %, gilknocker %) of one run."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=_host_with_gilknocker, args=(theirs,), daemon=True)
    child.start()
    if not ours.poll(60) or ours.recv() != "go":
        raise RuntimeError("the gilknocker host did not start")
    sampler = GilSampler([child.pid]).start()
    try:
        if not ours.poll(RUN_S + 60):
            raise RuntimeError("the gilknocker run did not finish")
        knocker_pct = 100 * ours.recv()
    finally:
        figures = sampler.stop()
        child.join(10)
        child.kill()
    return figures.held_pct, figures.waiting_pct, knocker_pct


def measure() -> list[Measurement]:
    rounds = []
    for _ in range(ROUNDS):
        rounds.append(_round())
        log(
            f"  gil anchor: held {rounds[-1][0]:.1f} %, waiting {rounds[-1][1]:.1f} %, "
            f"gilknocker {rounds[-1][2]:.1f} %"
        )
    held, waiting, knocker = sorted(rounds, key=lambda r: r[0] - r[2])[ROUNDS // 2]
    setup = (
        f"two CPU-bound threads, {RUN_S:g} s, gilknocker knocking every {POLL_US} µs inside the "
        f"process; median of {ROUNDS} runs: held {held:.1f} %, waiting {waiting:.1f} %, "
        f"gilknocker {knocker:.1f} %"
    )
    return [
        Measurement(
            "gil_vs_gilknocker_pts",
            held - knocker,
            anchor=knocker,
            anchor_label="gilknocker's contention metric, %",
            note=f"held % − gilknocker %; {setup}; waiting % − gilknocker % would be "
            f"{waiting - knocker:.1f} points, as the two measure different things (see below)",
        ),
    ]


if __name__ == "__main__":
    emit(measure())
