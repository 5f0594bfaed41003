"""The priority worker processes run at: a fair share beside other programs, the window first.

Workers once ran at SCHED_IDLE: the window stayed smooth, but they got no CPU at all on a core
that any other program wanted, so beside one busy program on 2 cores processes were 1.09×
serial, and "stay serial" was the verdict. The arrangements weighed (benchmarks/busy_machine.py
measures each, with another program busy; the README's performance section has the figures):

- SCHED_IDLE: nothing while another program is busy.
- a small nice (5): a third of a normal program's weight; on 2 cores the busy program keeps
  its core and the two workers share the other: processes ≈ 1.0×.
- normal: the fair share (3 busy programs on 2 cores: 2/3 of a core each, processes ≈ 1.33×).
- SCHED_BATCH at nice 0, the choice: a normal program's weight, so the same fair share, and
  the kernel treats the workers as the CPU-bound batch work they are: a worker that wakes never
  preempts the window, and the window, waking 60 times a second, is not made to wait for a
  worker's time slice to end.

CPUVIZ_WORKER_PRIORITY (idle, batch, normal, or a niceness) picks another, for the benchmark
that compares them; the hosts inherit it from the app.
"""

from __future__ import annotations

import contextlib
import os

PRIORITY_ENV = "CPUVIZ_WORKER_PRIORITY"
DEFAULT_PRIORITY = "batch"
# Where SCHED_IDLE is missing: workers still yield to the window when it wakes to paint.
IDLE_NICENESS = 10


def lower_priority() -> None:
    """Run this process (a worker host) at CPUVIZ_WORKER_PRIORITY's priority, else at
    DEFAULT_PRIORITY: see the module's docstring for why batch. Where SCHED_BATCH is missing
    (macOS, Windows) a batch worker runs as any program does, which is the fair share."""
    priority = os.environ.get(PRIORITY_ENV) or DEFAULT_PRIORITY
    if priority.isdigit():
        _nice(int(priority))
        return
    if priority not in ("idle", "batch"):  # normal
        return
    with contextlib.suppress(AttributeError, OSError):  # Linux only
        policy = os.SCHED_IDLE if priority == "idle" else os.SCHED_BATCH
        os.sched_setscheduler(0, policy, os.sched_param(0))
        return
    if priority == "idle":
        _nice(IDLE_NICENESS)


def _nice(niceness: int) -> None:
    with contextlib.suppress(AttributeError, OSError):  # Unix only
        os.nice(niceness)
