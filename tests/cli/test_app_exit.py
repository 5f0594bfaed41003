"""The real app, mid-run, stopped with Ctrl+C: it exits cleanly and leaves no process behind."""

import signal
import subprocess
import sys

import psutil

from tests.cli.conftest import PROJECT_ROOT, cpuviz_env
from tests.conftest import wait_until_gone


def descendants_once_workers_run(app: psutil.Process, workers: int) -> set[int]:
    """Every descendant (manager, resource tracker, hosts) once `workers` hosts burn CPU."""
    watched: dict[int, psutil.Process] = {}
    for _ in range(600):
        for child in app.children(recursive=True):
            watched.setdefault(child.pid, child)
        psutil.wait_procs(list(watched.values()), timeout=0.1)
        busy = [child for child in watched.values() if _cpu_percent(child) > 50]
        if len(busy) >= workers:
            return set(watched)
    raise AssertionError("the workers never got busy")


def _cpu_percent(process: psutil.Process) -> float:
    """CPU use since the previous call on the same object (the first call says 0)."""
    try:
        return process.cpu_percent(interval=None)
    except psutil.NoSuchProcess:
        return 0.0


def test_ctrl_c_mid_run_exits_0_and_leaves_no_process():
    app = subprocess.Popen(
        [sys.executable, "-m", "cpuviz", "--autostart", "--mode", "processes", "--workers", "2"],
        cwd=PROJECT_ROOT,
        env=cpuviz_env(QT_QPA_PLATFORM="offscreen"),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        descendants = descendants_once_workers_run(psutil.Process(app.pid), workers=2)
        app.send_signal(signal.SIGINT)
        assert app.wait(timeout=15) == 0, app.stderr.read()
    finally:
        app.kill()
    assert wait_until_gone(descendants) == set()
