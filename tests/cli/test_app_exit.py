"""The real app, mid-run, ended the polite way (Ctrl+C) and the brutal way (SIGKILL).

Either way every process it started must go: a demo laptop must not be left with workers
spinning at 100 % after the window is gone.
"""

import signal
import subprocess
import sys
import time

import psutil
import pytest

from cpuviz.core.recording.reader import load_recording
from cpuviz.core.runs.cluster_target import dask_missing
from cpuviz.core.runs.outcome import RunFailed
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.results import RunReport
from tests.cli.conftest import PROJECT_ROOT, cpuviz_env, start_cpuviz
from tests.conftest import wait_until_gone

WORKERS = 2
RUN_START_TIMEOUT_S = 60
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
    """Every descendant (manager, resource tracker, hosts) once the `mode` run burns CPU.

    A processes run has WORKERS busy hosts (a cluster run WORKERS busy Dask workers); a threads
    run has one busy host running WORKERS worker threads besides its main thread (the serial
    baseline before it runs just one).
    """
    watched: dict[int, psutil.Process] = {}
    deadline = time.monotonic() + RUN_START_TIMEOUT_S
    while time.monotonic() < deadline:
        for child in app.children(recursive=True):
            watched.setdefault(child.pid, child)
        # A real pause even before any child exists (waiting on no process returns at once),
        # and load measured over 0.3 s: workers run at idle priority, so over shorter spans
        # the window (painting in software, offscreen) can starve one below half a core.
        time.sleep(0.3)
        busy = [child for child in watched.values() if _cpu_percent(child) > 50]
        if mode in ("processes", "cluster") and len(busy) >= WORKERS:
            return set(watched)
        if mode == "threads" and any(_thread_count(child) > WORKERS for child in busy):
            return set(watched)
    raise AssertionError(f"the {mode} run never got going")


def _cpu_percent(process: psutil.Process) -> float:
    """CPU use since the previous call on the same object (the first call says 0)."""
    try:
        return process.cpu_percent(interval=None)
    except psutil.NoSuchProcess:
        return 0.0


def _thread_count(process: psutil.Process) -> int:
    try:
        return process.num_threads()
    except psutil.NoSuchProcess:
        return 0


@pytest.mark.parametrize("polite_signal", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_mid_run_exits_0_and_leaves_no_process(polite_signal):
    app, descendants = start_app_mid_run("processes", *QUICK)
    try:
        app.send_signal(polite_signal)
        assert app.wait(timeout=15) == 0, app.stderr.read()
    finally:
        app.kill()
    assert wait_until_gone(descendants, timeout_s=2.0) == set()


def test_no_process_of_the_app_listens_on_the_network():
    app, descendants = start_app_mid_run("processes", *QUICK)
    try:
        processes = [psutil.Process(pid) for pid in {app.pid, *descendants}]
        listening = [
            (process.pid, connection.laddr)
            for process in processes
            for connection in process.net_connections(kind="inet")
            if connection.status == psutil.CONN_LISTEN or not connection.raddr
        ]
    finally:
        app.kill()
        wait_until_gone(descendants)
    assert listening == []


@pytest.mark.parametrize("mode", ["threads", "processes"])
def test_killing_the_app_mid_run_takes_every_worker_with_it(mode):
    app, descendants = start_app_mid_run(mode, *QUICK)
    app.kill()  # SIGKILL: no clean-up code of ours runs
    app.wait()
    assert wait_until_gone(descendants, timeout_s=5.0) == set()


@pytest.mark.skipif(dask_missing() is not None, reason="needs the cpuviz[cluster] extra")
def test_killing_the_app_mid_cluster_run_takes_every_dask_process_with_it():
    """The driver dies with the app (parent-death signal); Dask's workers with their nanny,
    which lives in the driver."""
    app, descendants = start_app_mid_run("cluster", *QUICK)
    app.kill()
    app.wait()
    assert wait_until_gone(descendants, timeout_s=5.0) == set()


def test_a_worker_killed_mid_run_is_replaced_and_the_app_still_exits_cleanly():
    app = subprocess.Popen(
        [sys.executable, "-m", "cpuviz", "--autostart", "--mode", "processes", "--fault", "kill9"],
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
        assert app.wait(timeout=15) == 0, app.stderr.read()
    finally:
        app.kill()
    assert wait_until_gone(seen) == set()


def _descendant_pids(app: psutil.Process):
    """A function returning the app's descendants now; it waits a little between calls."""
    deadline = time.monotonic() + 60

    def descendants() -> set[int]:
        assert time.monotonic() < deadline, "the app's processes never changed as expected"
        psutil.wait_procs([app], timeout=0.05)
        return {child.pid for child in app.children(recursive=True)}

    return descendants


PAUSE_S = 3.0


def _pause_and_continue(app: psutil.Process, pids: set[int]) -> None:
    """A laptop lid closed and opened: every process of the app stopped, then continued."""
    processes = [app, *(psutil.Process(pid) for pid in pids)]
    for process in processes:
        process.suspend()
    time.sleep(PAUSE_S)
    for process in processes:
        process.resume()


def test_a_paused_app_still_exits_0_on_sigterm_within_5_s_and_leaves_no_child():
    app, descendants = start_app_mid_run("processes")
    try:
        _pause_and_continue(psutil.Process(app.pid), descendants)
        time.sleep(1.0)  # running again
        assert app.poll() is None
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=5) == 0, app.stderr.read()
    finally:
        app.kill()
    assert wait_until_gone(descendants, timeout_s=2.0) == set()


def test_a_run_paused_midway_finishes_or_reports(tmp_path):
    demo = tmp_path / "demo.jsonl"
    recorder = start_cpuviz(
        "record", str(demo), "--mode", "processes", "--run-for", "4", "--workers", str(WORKERS)
    )
    try:
        descendants = _descendants_once_running(psutil.Process(recorder.pid), "processes")
        _pause_and_continue(psutil.Process(recorder.pid), descendants)
        _, err = recorder.communicate(timeout=60)
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
    assert wait_until_gone(descendants, timeout_s=5.0) == set()
