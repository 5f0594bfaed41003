"""Real programs that keep cores busy, for tests of what the run's share of each core is.

A spinner is a separate Python process, pinned with `os.sched_setaffinity` where a test needs
to know the core; "another program" is the `python -c "while 1: pass"` of the issue, unpinned
and at normal priority, as a browser on a lecture laptop would be.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import psutil

# Each thread named here spins on its own core until the process is killed; the main thread
# spins too when told to, else it sleeps. Prints "ready" once every thread is pinned.
SPINNER = """
import os, sys, threading, time
cores = [int(core) for core in sys.argv[1].split(",") if core]
main_core = int(sys.argv[2]) if len(sys.argv) > 2 else None
pinned = threading.Barrier(len(cores) + 1)
def spin(core):
    os.sched_setaffinity(0, {core})
    pinned.wait()
    while True:
        pass
for core in cores:
    threading.Thread(target=spin, args=(core,), daemon=True).start()
pinned.wait()
print("ready", flush=True)
if main_core is None:
    time.sleep(3600)
os.sched_setaffinity(0, {main_core})
while True:
    pass
"""
# Spins on core `core` in a thread that ends after `spin_s`, then waits: its time lives on
# only in the process's own clock.
ENDED_THREAD = """
import os, sys, threading, time
def spin():
    os.sched_setaffinity(0, {int(sys.argv[1])})
    end_s = time.thread_time() + float(sys.argv[2])
    while time.thread_time() < end_s:
        pass
print("ready", flush=True)
sys.stdin.readline()
thread = threading.Thread(target=spin)
thread.start()
thread.join()
print("done", flush=True)
time.sleep(3600)
"""
BUSY_LOOP = "while 1: pass"


@contextmanager
def running(code: str, *args: str, wait_for_ready: bool = True) -> Iterator[subprocess.Popen]:
    """A Python program of `code` with `args`, killed at the end (stdin and stdout piped)."""
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        if wait_for_ready:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready"
        yield process
    finally:
        process.kill()
        process.wait()


@contextmanager
def busy_program() -> Iterator[subprocess.Popen]:
    """Another program keeping one core busy: `python -c "while 1: pass"`."""
    with running(BUSY_LOOP, wait_for_ready=False) as process:
        yield process


def cpu_s(pid: int) -> float:
    """A process's CPU time as psutil reads it (its ended threads' included)."""
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system
