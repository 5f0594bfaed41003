"""What every test program shares: CPU work sized in CPU seconds (not wall time, so a loaded
machine stretches a run but not its work), and the OS's own figure for the tree at the end.

The programs run as scripts, so this module is imported from their own folder.
"""

from __future__ import annotations

import resource
import sys
import time


def spin(cpu_s: float) -> float:
    """Keep this thread on a CPU until it has used `cpu_s` seconds of it."""
    start_s = time.thread_time()
    count = 0
    while time.thread_time() - start_s < cpu_s:
        count += 1
    return cpu_s


def say_tree_cpu() -> None:
    """The kernel's (user + sys) for this process and the children it reaped, on stderr: the
    figure `/usr/bin/time` would print, to compare the watch's reading with."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    print(f"tree cpu_s {cpu_s:.3f}", file=sys.stderr, flush=True)


def seconds_argument(default_s: float) -> float:
    return float(sys.argv[1]) if len(sys.argv) > 1 else default_s
