"""The real app, mid-run, ended the polite way (Ctrl+C) and the brutal way (SIGKILL).

Either way every process it started must go: a demo laptop must not be left with workers
spinning at 100 % after the window is gone. Each test launches the app once, only where the
path needs a real launch, and one launch proves what it can (Ctrl+C also checks that nothing
listened on the network). A run is seen under way by its worker threads, which the kernel
knows by name, never by how much CPU they get: they run at idle priority, and on a loaded
machine get almost none.
"""

import contextlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from cpuviz.core.recording.reader import load_recording
from cpuviz.core.runs.cluster_target import dask_missing
from cpuviz.core.runs.events import WORKER_THREAD_NAME
from cpuviz.core.runs.outcome import RunFailed
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.results import RunReport
from tests.cli.conftest import PROJECT_ROOT, cpuviz_env, start_cpuviz
from tests.conftest import wait_until_gone

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the worker threads' names in /proc"
)

WORKERS = 2
# Only a hang takes this long: a run is under way within ~5 s here, ~15 s under load.
RUN_START_TIMEOUT_S = 120
# What the app's shutdown may wait for, one after another, before it kills what is left: the
# event pump (2 s), the hosts' grace (1 s), a join per host it had to kill (1 s each), the
# results collector (1 s, and 1 s after a kill) and the Manager (1 s, and 0.1 s after a kill).
SHUTDOWN_TIMEOUTS_S = 2 + 1 + WORKERS * 1 + 2 + 1.1
# An exit takes ~1 s here, 5 s under load: the deadline only catches a hang, and is never
# shorter than a shutdown that has to wait out every timeout.
EXIT_TIMEOUT_S = max(30.0, 2 * SHUTDOWN_TIMEOUTS_S)
# The app's children go with it at once (a parent-death signal): more is a hang.
GONE_TIMEOUT_S = 15.0
# A fixed amount of work: its serial baseline (≈ 2.5 s here) is over sooner than a timed
# run's 5 s, and the run after it still lasts over a second, long enough to be caught midway.
QUICK = ("--size", "medium")


def start_app_mid_run(mode: str, *options: str) -> tuple[subprocess.Popen, set[int]]:
    """The real app with `--autostart`, once its `mode` run is under way, and its descendants."""
    app = subprocess.Popen(
        [
            *(sys.executable, "-m", "cpuviz", "--autostart", "--mode", mode),
            *("--workers", str(WORKERS), *options),
        ],
        cwd=PROJECT_ROOT,
        env=cpuviz_env(QT_QPA_PLATFORM="offscreen"),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        return app, _descendants_once_running(psutil.Process(app.pid), mode)
    except BaseException:
        app.kill()
        raise


def _descendants_once_running(app: psutil.Process, mode: str) -> set[int]:
    """Every descendant (manager, resource tracker, hosts) once the `mode` run is under way.

    A processes run has a worker thread in each of WORKERS hosts; a threads run has WORKERS
    worker threads in one host (the serial baseline before either has one, in one host). A
    cluster run's tasks run in Dask's threads, which have no name of ours: it is under way
    once WORKERS descendants gained CPU time (any at all) since the last look, after the
    driver and its workers have started, which burns CPU too, so after a worker thread of
    ours (the serial baseline, run before the cluster's) has come and gone.
    """
    watched: dict[int, psutil.Process] = {}
    cpu_s: dict[int, float] = {}
    baseline_seen = False
    deadline = time.monotonic() + RUN_START_TIMEOUT_S
    while time.monotonic() < deadline:
        for child in app.children(recursive=True):
            watched.setdefault(child.pid, child)
        # A real pause even before any child exists (waiting on no process returns at once).
        psutil.wait_procs([app], timeout=0.2)
        threads = [_worker_threads(child.pid) for child in watched.values()]
        if mode == "processes" and sum(count > 0 for count in threads) >= WORKERS:
            return set(watched)
        if mode == "threads" and max(threads, default=0) >= WORKERS:
            return set(watched)
        if mode == "cluster":
            gained = {pid: _cpu_s(child) for pid, child in watched.items()}
            growing = [pid for pid, seconds in gained.items() if seconds > cpu_s.get(pid, seconds)]
            cpu_s = gained
            if baseline_seen and not any(threads) and len(growing) >= WORKERS:
                return set(watched)
            baseline_seen = baseline_seen or any(threads)
    raise AssertionError(f"the {mode} run never got going")


def _worker_threads(pid: int) -> int:
    """Threads of process `pid` that the kernel knows as cpuviz workers: a run's, under way."""
    count = 0
    with contextlib.suppress(OSError):  # the process or a thread ended meanwhile
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                count += (task / "comm").read_text().strip() == WORKER_THREAD_NAME
    return count


def _cpu_s(process: psutil.Process) -> float:
    with contextlib.suppress(psutil.Error):
        times = process.cpu_times()
        return times.user + times.system
    return 0.0


def test_ctrl_c_mid_run_exits_0_leaves_no_process_and_nothing_listened_on_the_network():
    """SIGTERM is tested on a paused app, below."""
    app, descendants = start_app_mid_run("processes", *QUICK)
    try:
        listening = _listening({app.pid, *descendants})
        app.send_signal(signal.SIGINT)
        assert app.wait(timeout=EXIT_TIMEOUT_S) == 0, app.stderr.read()
    finally:
        app.kill()
    assert listening == []
    assert wait_until_gone(descendants, timeout_s=GONE_TIMEOUT_S) == set()


def _listening(pids: set[int]) -> list[tuple[int, object]]:
    """The network sockets of `pids` that listen or are bound without a peer."""
    listening = []
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):  # the resource tracker may be gone
            listening += [
                (pid, connection.laddr)
                for connection in psutil.Process(pid).net_connections(kind="inet")
                if connection.status == psutil.CONN_LISTEN or not connection.raddr
            ]
    return listening


@pytest.mark.parametrize("mode", ["threads", "processes"])
def test_killing_the_app_mid_run_takes_every_worker_with_it(mode):
    app, descendants = start_app_mid_run(mode, *QUICK)
    app.kill()  # SIGKILL: no clean-up code of ours runs
    app.wait()
    assert wait_until_gone(descendants, timeout_s=GONE_TIMEOUT_S) == set()


@pytest.mark.skipif(dask_missing() is not None, reason="needs the cpuviz[cluster] extra")
def test_killing_the_app_mid_cluster_run_takes_every_dask_process_with_it():
    """The driver dies with the app (parent-death signal); Dask's workers with their nanny,
    which lives in the driver."""
    app, descendants = start_app_mid_run("cluster", *QUICK)
    app.kill()
    app.wait()
    assert wait_until_gone(descendants, timeout_s=GONE_TIMEOUT_S) == set()


def test_a_worker_killed_mid_run_is_replaced_and_the_app_still_exits_cleanly():
    app = subprocess.Popen(
        [
            *(sys.executable, "-m", "cpuviz", "--autostart", "--mode", "processes"),
            *("--fault", "kill9", "--size", "small"),  # the run need not outlast the wait
        ],
        cwd=PROJECT_ROOT,
        env=cpuviz_env(QT_QPA_PLATFORM="offscreen"),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        descendants = _descendant_pids(psutil.Process(app.pid))
        seen, died, replacements = descendants(), set(), set()
        while not (died and replacements):  # the faulty worker dies, the pool replaces it
            now = descendants()
            died |= seen - now
            if died:
                replacements |= now - seen
            seen |= now
        assert app.poll() is None  # the app itself lives on
        app.send_signal(signal.SIGINT)
        assert app.wait(timeout=EXIT_TIMEOUT_S) == 0, app.stderr.read()
    finally:
        app.kill()
    assert wait_until_gone(seen, timeout_s=GONE_TIMEOUT_S) == set()


def _descendant_pids(app: psutil.Process):
    """A function returning the app's descendants now; it waits a little between calls."""
    deadline = time.monotonic() + RUN_START_TIMEOUT_S

    def descendants() -> set[int]:
        assert time.monotonic() < deadline, "the app's processes never changed as expected"
        psutil.wait_procs([app], timeout=0.05)
        return {child.pid for child in app.children(recursive=True)}

    return descendants


def _pause_and_continue(app: psutil.Process, pids: set[int], pause_s: float) -> None:
    """A laptop lid closed and opened: every process of the app stopped for `pause_s`, then
    continued."""
    processes = [app]
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):  # a helper that came and went
            processes.append(psutil.Process(pid))
    for process in processes:
        process.suspend()
    time.sleep(pause_s)
    for process in processes:
        process.resume()


def test_a_paused_app_still_exits_0_on_sigterm_and_leaves_no_child():
    """A run of fixed work is still going once the app is continued (none of it was done
    while paused): its workers are still there, and the app ends them on SIGTERM."""
    app, descendants = start_app_mid_run("processes", *QUICK)
    try:
        _pause_and_continue(psutil.Process(app.pid), descendants, pause_s=1.0)
        assert app.poll() is None
        assert sum(_worker_threads(pid) > 0 for pid in descendants) == WORKERS
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=EXIT_TIMEOUT_S) == 0, app.stderr.read()
    finally:
        app.kill()
    assert wait_until_gone(descendants, timeout_s=GONE_TIMEOUT_S) == set()


def test_a_run_paused_midway_finishes_or_reports(tmp_path):
    demo = tmp_path / "demo.jsonl"
    recorder = start_cpuviz(
        "record", str(demo), "--mode", "processes", "--run-for", "2", "--workers", str(WORKERS)
    )  # a timed run that the pause outlasts: it must end, reported, once continued
    try:
        descendants = _descendants_once_running(psutil.Process(recorder.pid), "processes")
        # Longer than the run's 2 s: its time is up while it is stopped.
        _pause_and_continue(psutil.Process(recorder.pid), descendants, pause_s=3.0)
        _, err = recorder.communicate(timeout=RUN_START_TIMEOUT_S)
    finally:
        recorder.kill()
    assert recorder.returncode == 0, err
    ended = [
        entry.item
        for entry in load_recording(demo).entries
        if isinstance(entry.item, RunReport | RunFailed)
    ]
    assert [type(item) for item in ended] == [RunReport, RunReport]  # baseline, then processes
    assert ended[-1].result.plan.mode is Mode.PROCESSES
    assert wait_until_gone(descendants, timeout_s=GONE_TIMEOUT_S) == set()
