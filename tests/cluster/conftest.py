"""Real Dask clusters for the cluster-mode tests: the app's own LocalCluster, or Dask's own
`dask scheduler` and two `dask worker` processes on 127.0.0.1, each named as a lab machine
would be. Without the cpuviz[cluster] extra every test here is skipped, saying why.

One of each kind serves the whole package, whose tests run together: `local_pool` runs on the
app's own cluster, `lab` is a user's. They end with the package's last test, not the session's,
so that their heartbeats do not load the machine under the tests after. A test that kills a
worker or the scheduler starts a `dask_cluster` of its own: neither comes back, and a test
after it would run on what was left."""

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest

from cpuviz.core.processes.pool import WorkerPool
from cpuviz.core.runs.cluster_target import ClusterTarget, dask_missing
from tests.cli.conftest import run_cpuviz  # noqa: F401 - fixtures of the window and the commands
from tests.ui.conftest import open_window  # noqa: F401

WORKER_NAMES = ("lab-1", "lab-2")
START_TIMEOUT_S = 30.0
# A command run in a network of its own whose loopback has no 127.0.0.1, where the app's own
# cluster (bound to 127.0.0.1 only) cannot start: the address cannot be assigned.
WITHOUT_127_0_0_1 = (
    *("unshare", "--map-root-user", "--net", "sh", "-c"),
    'ip link set lo up && ip addr del 127.0.0.1/8 dev lo && exec "$@"',
    "without-127.0.0.1",
)


def on_machine(name: str) -> tuple[str, ...]:
    """A command run with a host name of its own, `name`, which the cluster driver takes for
    another machine (machines are told apart by host name and boot time); its cores are this
    machine's, read by psutil there as on any other."""
    return ("unshare", "--map-root-user", "--uts", "sh", "-c", 'hostname "$0" && exec "$@"', name)


@cache
def namespaces_missing() -> str | None:
    """Why a command cannot be given a host name or a network of its own here, or None."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "needs unshare (util-linux) and ip (iproute2)"
    for prefix in (on_machine("probe"), WITHOUT_127_0_0_1):
        probe = subprocess.run([*prefix, "true"], capture_output=True, text=True, check=False)
        if probe.returncode != 0:
            return f"user namespaces are not allowed here: {probe.stderr.strip()}"
    return None


@pytest.fixture(scope="package", autouse=True)
def _dask_installed():
    """Skip every test here with the app's own reason where Dask is missing: a module-level
    importorskip in a conftest is a collection error, not a skip."""
    if (reason := dask_missing()) is not None:
        pytest.skip(reason)


@pytest.fixture
def namespaces():
    """For a test that runs a command on "another machine" or without 127.0.0.1."""
    if (reason := namespaces_missing()) is not None:
        pytest.skip(reason)


@pytest.fixture
def unreachable_scheduler():
    """A scheduler address on loopback where nothing listens: the port is held (bound, never
    listening), so no other program takes it meanwhile and every connection is refused."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield f"tcp://127.0.0.1:{held.getsockname()[1]}"


@contextmanager
def pool_on(target: ClusterTarget, workers: int = 2) -> Iterator[WorkerPool]:
    """Host 0 (serial baselines) and the cluster driver for `target`, every worker joined."""
    pool = WorkerPool()
    try:
        pool.ensure_hosts(1)
        pool.use_cluster(target, workers)
        wait_for_workers(pool, workers)
        yield pool
    finally:
        pool.shutdown()


def wait_for_workers(pool: WorkerPool, count: int):
    """The cluster's view once it has `count` workers: the driver says so as they come."""
    pool.wait_ready(timeout_s=START_TIMEOUT_S)
    deadline_s = time.monotonic() + START_TIMEOUT_S
    while (view := pool.cluster_view()) is None or len(view.workers) != count:
        assert time.monotonic() < deadline_s, f"not {count} workers: {view}"
        time.sleep(0.05)
    return view


@pytest.fixture(scope="package")
def local_pool():
    """Host 0 and the app's own two-worker cluster, for every test that runs on it as it is."""
    with pool_on(ClusterTarget()) as pool:
        yield pool


class DaskCluster:
    """`dask scheduler` and named single-threaded `dask worker`s, as a lab would start them,
    without a nanny: no test here wants a killed worker back, and each import of Dask it
    saves is a second of a core."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._file = folder / "scheduler.json"
        self.scheduler = self._start("scheduler", "--host", "127.0.0.1", "--port", "0")
        # Beside the scheduler, not after it: each worker waits for its file, and the three
        # imports of Dask overlap.
        self.workers: dict[str, subprocess.Popen] = {}
        for name in WORKER_NAMES:
            self.start_worker(name)
        self.address = self._wait_for_address()

    def _start(self, *arguments: str, prefix: tuple[str, ...] = ()) -> subprocess.Popen:
        command = [*prefix, sys.executable, "-m", "dask", *arguments, "--no-dashboard"]
        command += ["--scheduler-file", str(self._file)]
        log = (self._folder / f"{arguments[0]}-{time.monotonic_ns()}.log").open("w")
        return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)

    def start_worker(self, name: str, machine: str | None = None) -> subprocess.Popen:
        """One single-threaded worker process, as the README tells a lab to start them; on
        `machine` (see on_machine) if given."""
        prefix = () if machine is None else on_machine(machine)
        arguments = ("worker", "--name", name, "--nthreads", "1", "--host", "127.0.0.1")
        self.workers[name] = self._start(*arguments, "--no-nanny", prefix=prefix)
        return self.workers[name]

    def _wait_for_address(self) -> str:
        deadline_s = time.monotonic() + START_TIMEOUT_S
        while not self._file.exists() or '"address"' not in self._file.read_text():
            assert time.monotonic() < deadline_s, "dask scheduler did not start"
            time.sleep(0.05)
        return json.loads(self._file.read_text())["address"]

    def stop(self) -> None:
        """Kill the commands (each is the one process it runs: no nanny, and unshare execs)."""
        processes = [*self.workers.values(), self.scheduler]
        for process in processes:
            process.kill()
        for process in processes:
            process.wait(timeout=10)


@pytest.fixture
def dask_cluster(tmp_path):
    """A lab of its own, for a test that kills a worker or the scheduler."""
    cluster = DaskCluster(tmp_path)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="package")
def lab():
    """The lab every test that needs a user's cluster shares. A test may add a worker to it
    (another machine's, say) if it has left again by the test's end."""
    with tempfile.TemporaryDirectory(prefix="cpuviz-lab-") as folder:
        cluster = DaskCluster(Path(folder))
        yield cluster
        cluster.stop()


@pytest.fixture(scope="package")
def lab_pool(lab):
    """Host 0 and a driver connected to the lab, both lab workers joined."""
    with pool_on(ClusterTarget(lab.address)) as pool:
        yield pool
