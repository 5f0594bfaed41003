"""Shared test set-up: headless Qt, small work sizes, and a check that no process leaks."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import time

# Before anything imports Qt: tests never need a display or X libraries.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# The app remembers settings under XDG_CONFIG_HOME; tests (and the apps they launch) must
# neither read the developer's nor leave any behind.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="cpuviz-test-config-")

import psutil
import pytest
from hypothesis import settings
from xdist.scheduler import LoadScopeScheduling

from cpuviz.core.runs.plan import WorkSize

atexit.register(shutil.rmtree, os.environ["XDG_CONFIG_HOME"], ignore_errors=True)

# Property-based tests (tests/fuzz): a few hundred examples each in `make test`; `make fuzz`
# asks for tens of thousands (about four minutes in all). No deadline: a shared 2-core machine
# pauses any single example now and then, and a slow example is not a wrong one.
settings.register_profile("suite", max_examples=300, deadline=None)
settings.register_profile("fuzz", max_examples=50_000, deadline=None)
settings.load_profile(os.environ.get("CPUVIZ_HYPOTHESIS_PROFILE", "suite"))

# Big enough that every worker gets several chunks, small enough for a quick suite.
TINY = WorkSize("tiny", chunks=12, iterations_per_chunk=20_000)
# Long enough (~10 s serial) to still be running when a test presses Stop.
LONG = WorkSize("long", chunks=500, iterations_per_chunk=120_000)


def child_pids() -> set[int]:
    """Our descendants that have not ended, less multiprocessing's resource tracker.

    The tracker is one idle helper per process, started by the first spawn and shared by every
    pool after it; it exits when our process does (test_app_exit checks that for the real app).
    An ended child stays a zombie until someone reaps it (multiprocessing does, when it next
    starts a process): it is no process left running, and a count must not change when it goes.
    """
    return {
        child.pid
        for child in psutil.Process().children(recursive=True)
        if not _is_zombie(child) and not _is_resource_tracker(child)
    }


def _is_resource_tracker(process: psutil.Process) -> bool:
    try:
        return any("resource_tracker" in part for part in process.cmdline())
    except psutil.Error:
        return False


def wait_until_gone(pids: set[int], timeout_s: float = 5.0) -> set[int]:
    """The pids still alive after waiting up to `timeout_s` for them to exit; those that were
    our children are reaped, as psutil.wait_procs would.

    An ended process that is not our child stays a zombie until its new parent reaps it, which
    may take seconds; it has ended all the same. (psutil.wait_procs waits on such a zombie
    until the timeout, so every test that ended a grandchild waited out its deadline.)
    """
    processes = []
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            processes.append(psutil.Process(pid))
    deadline_s = time.monotonic() + timeout_s
    while True:
        alive = {process.pid for process in processes if not _ended(process)}
        if not alive or time.monotonic() >= deadline_s:
            return alive
        time.sleep(0.02)


def _ended(process: psutil.Process) -> bool:
    try:
        if process.ppid() == os.getpid():
            process.wait(timeout=0)  # reaps it if it has exited
            return True
        return _is_zombie(process) or not process.is_running()
    except psutil.TimeoutExpired:
        return False
    except psutil.NoSuchProcess:
        return True


def _is_zombie(process: psutil.Process) -> bool:
    """Ended, not yet reaped by its parent."""
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


# `make test` runs two test processes, and hands them whole groups. A module is a group, so
# what its tests share (a window, a pool, one bench's JSON) is made once. Tests that find the
# programs they watch machine-wide, by command line, are one group, so that two never see each
# other's programs; the cluster tests are one, so that the Dask cluster they share starts once.
# Tests that start a busy program of their own are one, with the GIL page's (which reads turns
# as short as 5 ms): beside a user's busy program, a test's on the other worker makes two.
XDIST_GROUPS = {
    "tests/watch/": "watched programs",
    "tests/bridge/test_program_feed.py": "watched programs",
    "tests/cluster/": "dask",
    "tests/cli/test_busy_machine.py": "busy programs",
    "tests/core/sampling/test_process_cores.py": "busy programs",
    "tests/core/sampling/test_run_share.py": "busy programs",
    "tests/ui/test_run_share.py": "busy programs",
    "tests/ui/test_run_share_live.py": "busy programs",
    "tests/ui/test_gil_page.py": "busy programs",
}


def xdist_group(nodeid: str) -> str:
    """The group a test runs in: its module's, or the one XDIST_GROUPS gives its place."""
    module = nodeid.partition("::")[0]
    groups = [group for place, group in XDIST_GROUPS.items() if module.startswith(place)]
    return groups[0] if groups else module


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """`--dist loadgroup` by our groups, read from each test's id by the scheduler itself.

    xdist's own loadgroup passes a group to the scheduler by appending it to the test's id, which
    pytest 9.2 no longer lets it do (pytest-xdist issue #1386): every test became a group of its
    own, a module's shared window or bench was built on both workers and again after any test
    that ran between two of its tests, and watched programs' tests ran side by side.
    """
    return GroupScheduling(config, log) if config.getvalue("dist") == "loadgroup" else None


class GroupScheduling(LoadScopeScheduling):
    """Whole groups to each worker, the groups with the most tests first (as loadscope does)."""

    def _split_scope(self, nodeid: str) -> str:
        return xdist_group(nodeid)


@pytest.fixture
def no_leaked_processes():
    """Fails the test if it leaves any child process of ours running."""
    before = child_pids()
    yield
    assert wait_until_gone(child_pids() - before) == set()
