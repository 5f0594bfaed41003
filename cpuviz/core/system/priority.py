"""Worker processes run at the lowest priority, so the window never waits behind them."""

from __future__ import annotations

import contextlib
import os

# Where SCHED_IDLE is missing: workers still yield to the window when it wakes to paint.
WORKER_NICENESS = 10


def lower_priority() -> None:
    """Run only on CPU time nothing else wants (Linux SCHED_IDLE), else at a low priority.

    Without this, the window (and the X server drawing it) wait behind a busy worker's time
    slice for a few milliseconds now and then: the stutter the frame probe measures.
    """
    with contextlib.suppress(AttributeError, OSError):  # Linux only
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        return
    with contextlib.suppress(AttributeError, OSError):  # Unix only
        os.nice(WORKER_NICENESS)
