"""overhead_pct_10hz, overhead_pct_1hz, overhead_vs_htop_10hz, gui_rss_mb, worker_rss_mb: what
the idle app costs, beside htop doing the same job (per-core bars at 10 Hz) in the same
minute, and what memory the window and its workers hold.

The app is every process it runs: the window, the Manager, the resource tracker and the worker
hosts, idle. The two apps (on an X screen: Xvfb under `make bench`) and htop (in a
pseudo-terminal) are started together, left to settle, then measured in turns: whoever is not
measured is paused, so every process is still there, in htop's list too, but costs nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

from benchmarks.measurement import Measurement, emit, log

SETTLE_S = 6.0
ROUNDS = 3
TURN_S = 8.0
PAUSE_SETTLE_S = 0.5
HTOP_SETTLE_S = 1.0
MB = 1024 * 1024


def _cpu_s(process: psutil.Process) -> float:
    """CPU time of every thread of `process`, to the nanosecond where Linux tells it.

    cpu_times() counts in clock ticks (10 ms): over 20 s that is 0.05 % of a core, a quarter
    of the 1 Hz goal, so the scheduler's own nanosecond counters are read instead.
    """
    try:
        return (
            sum(
                int(Path(task, "schedstat").read_text().split()[0])
                for task in Path(f"/proc/{process.pid}/task").iterdir()
            )
            / 1e9
        )
    except (OSError, ValueError, IndexError):
        times = process.cpu_times()
        return times.user + times.system


@contextlib.contextmanager
def _htop() -> Iterator[psutil.Process | None]:
    """A fresh htop -d 1 (a tenth of a second) in a pseudo-terminal of 200×50, for one turn.

    Fresh each turn because pausing htop with SIGSTOP changes how often it redraws afterwards.
    """
    if not (shutil.which("htop") and shutil.which("script")):
        yield None
        return
    terminal = subprocess.Popen(
        ["script", "-qfec", "stty rows 50 cols 200; exec htop -d 1", "/dev/null"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    try:
        yield _wait_for_child(terminal, "htop")
    finally:
        terminal.kill()
        terminal.wait()


def _wait_for_child(parent: subprocess.Popen, name: str) -> psutil.Process:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for child in psutil.Process(parent.pid).children(recursive=True):
            if child.name() == name:
                time.sleep(HTOP_SETTLE_S)
                return child
        time.sleep(0.05)
    raise RuntimeError(f"{name} did not start")


def _app(window: psutil.Process) -> list[psutil.Process]:
    """The window and every process it started."""
    return [window, *window.children(recursive=True)]


@contextlib.contextmanager
def _only(window: psutil.Process | None, windows: list[psutil.Process]) -> Iterator[None]:
    """Pause every app but `window`'s (SIGSTOP): side by side on two cores they would slow
    each other down, while in turns they still share the same minute of this noisy machine."""
    paused = [process for other in windows if other is not window for process in _app(other)]
    for process in paused:
        process.suspend()
    try:
        time.sleep(PAUSE_SETTLE_S)
        yield
    finally:
        for process in paused:
            process.resume()


def _cpu_pct_over(processes: list[psutil.Process], seconds: float) -> tuple[float, float]:
    """CPU seconds `processes` used together over `seconds`, and the wall seconds it took."""
    before_cpu_s, before_s = sum(map(_cpu_s, processes)), time.monotonic()
    time.sleep(seconds)
    return sum(map(_cpu_s, processes)) - before_cpu_s, time.monotonic() - before_s


@contextlib.contextmanager
def _windows(*intervals_ms: int) -> Iterator[list[psutil.Process]]:
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "cpuviz", "--interval-ms", str(interval_ms)],
            stdout=subprocess.DEVNULL,
        )
        for interval_ms in intervals_ms
    ]
    try:
        time.sleep(SETTLE_S)
        for process, interval_ms in zip(started, intervals_ms, strict=True):
            if process.poll() is not None:
                raise RuntimeError(f"the {interval_ms} ms window exited with {process.returncode}")
        yield [psutil.Process(process.pid) for process in started]
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _worker_uss_mb(window: psutil.Process) -> float:
    """The largest worker host of the window; its Manager (the child listening on a socket)
    and multiprocessing's resource tracker are helpers, not workers."""
    sizes = []
    for child in window.children():
        is_tracker = any("resource_tracker" in part for part in child.cmdline())
        is_manager = any("listener" in str(c.laddr) for c in child.net_connections(kind="unix"))
        if not (is_tracker or is_manager):
            sizes.append(child.memory_full_info().uss / MB)
    return max(sizes, default=float("nan"))


def measure() -> list[Measurement]:
    if not os.environ.get("DISPLAY"):
        raise SystemExit("overhead needs an X screen: run it under xvfb-run (make bench does)")
    totals = {name: [0.0, 0.0] for name in ("10hz", "1hz", "htop")}  # CPU s, wall s
    log(f"  overhead: {ROUNDS} rounds of {TURN_S:.0f} s turns: 10 Hz window, 1 Hz window, htop")
    with _windows(100, 1000) as windows:
        for _ in range(ROUNDS):
            for name, window in zip(("10hz", "1hz"), windows, strict=True):
                with _only(window, windows):
                    cpu_s, wall_s = _cpu_pct_over(_app(window), TURN_S)
                totals[name][0] += cpu_s
                totals[name][1] += wall_s
            with _only(None, windows), _htop() as htop:
                if htop is not None:
                    cpu_s, wall_s = _cpu_pct_over([htop], TURN_S)
                    totals["htop"][0] += cpu_s
                    totals["htop"][1] += wall_s
        gui_uss_mb = windows[0].memory_full_info().uss / MB
        worker_uss_mb = _worker_uss_mb(windows[0])
        processes = len(_app(windows[0]))
    pct = {name: 100 * cpu_s / wall_s for name, (cpu_s, wall_s) in totals.items() if wall_s}
    htop_pct = pct.get("htop")
    measured_over = (
        f"{ROUNDS} turns of {TURN_S:.0f} s, each watcher alone; the whole app "
        f"({processes} processes: window, Manager, tracker, hosts)"
    )
    return [
        Measurement(
            "overhead_pct_10hz",
            pct["10hz"],
            anchor=htop_pct,
            anchor_label="htop -d 1, %",
            note=measured_over,
        ),
        Measurement(
            "overhead_vs_htop_10hz",
            pct["10hz"] / htop_pct if htop_pct else float("nan"),
            note="" if htop_pct else "htop or script is not installed",
        ),
        Measurement("overhead_pct_1hz", pct["1hz"], anchor=htop_pct, anchor_label="htop -d 1, %"),
        Measurement("gui_rss_mb", gui_uss_mb, note="USS of the idle 10 Hz window, at the end"),
        Measurement("worker_rss_mb", worker_uss_mb, note="USS of its largest idle worker host"),
    ]


if __name__ == "__main__":
    emit(measure())
