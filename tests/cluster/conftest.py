"""A real Dask cluster for the cluster-mode tests: the app's own LocalCluster, or Dask's own
`dask scheduler` and two `dask worker` processes on 127.0.0.1, each named as a lab machine
would be. Without the cpuviz[cluster] extra every test here is skipped."""

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from cpuviz.core.processes.pool import WorkerPool
from cpuviz.core.runs.cluster_target import ClusterTarget
from tests.cli.conftest import run_cpuviz  # noqa: F401 - fixtures of the window and the commands
from tests.ui.conftest import open_window  # noqa: F401

pytest.importorskip("distributed", reason="needs the cpuviz[cluster] extra")

WORKER_NAMES = ("lab-1", "lab-2")
START_TIMEOUT_S = 30.0


@pytest.fixture(scope="module")
def local_pool():
    """Host 0 (serial baselines) and the app's own two-worker cluster."""
    pool = WorkerPool()
    pool.ensure_hosts(1)
    pool.use_cluster(ClusterTarget(), 2)
    pool.wait_ready(timeout_s=START_TIMEOUT_S)
    yield pool
    pool.shutdown()


class DaskCluster:
    """`dask scheduler` and named `dask worker`s, as a lab would start them."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._file = folder / "scheduler.json"
        self.scheduler = self._start("scheduler", "--host", "127.0.0.1", "--port", "0")
        self.address = self._wait_for_address()
        self.workers = {name: self.start_worker(name) for name in WORKER_NAMES}

    def _start(self, *arguments: str) -> subprocess.Popen:
        command = [sys.executable, "-m", "dask", *arguments, "--no-dashboard"]
        command += ["--scheduler-file", str(self._file)]
        log = (self._folder / f"{arguments[0]}-{time.monotonic_ns()}.log").open("w")
        return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)

    def start_worker(self, name: str) -> subprocess.Popen:
        """One single-threaded worker process, as the README tells a lab to start them."""
        return self._start("worker", "--name", name, "--nthreads", "1", "--host", "127.0.0.1")

    def _wait_for_address(self) -> str:
        deadline_s = time.monotonic() + START_TIMEOUT_S
        while not self._file.exists() or '"address"' not in self._file.read_text():
            assert time.monotonic() < deadline_s, "dask scheduler did not start"
            time.sleep(0.05)
        return json.loads(self._file.read_text())["address"]

    def stop(self) -> None:
        """Kill the commands; their children (a nanny's worker process, its resource tracker)
        see them die and end themselves, the tracker unlinking the nanny's semaphores: killed
        too, it would leave them in /dev/shm."""
        processes = [*self.workers.values(), self.scheduler]
        children = [child for process in processes for child in _children(process)]
        for process in processes:
            process.kill()
        for process in processes:
            process.wait(timeout=10)
        _, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, f"left behind: {alive}"


def _children(process: subprocess.Popen) -> list[psutil.Process]:
    try:
        return psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        return []


@pytest.fixture
def dask_cluster(tmp_path):
    """A lab of its own, for a test that breaks it."""
    cluster = DaskCluster(tmp_path)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def lab():
    """A lab the tests of a module share, and a pool of the app's connected to it: (cluster,
    pool). A test may kill a worker process: its nanny starts another."""
    with tempfile.TemporaryDirectory(prefix="cpuviz-lab-") as folder:
        cluster = DaskCluster(Path(folder))
        pool = WorkerPool()
        try:
            pool.ensure_hosts(1)
            pool.use_cluster(ClusterTarget(cluster.address), 2)
            pool.wait_ready(timeout_s=START_TIMEOUT_S)
            yield cluster, pool
        finally:
            pool.shutdown()
            cluster.stop()
