"""Worker hosts started on another Python than the window's, the way `spawn` starts them.

`multiprocessing.set_executable()` would do it, but it is process-wide: the Manager, the results
collector, the resource tracker and the cluster driver (which needs Dask) would follow it onto
a Python that has none of the window's packages. And a spawned child is handed the parent's
`sys.path` and re-imports its `__main__`: a 3.13 child would import 3.11's standard library,
psutil built for 3.11, and the window's launcher. So only these processes are launched apart:
with the chosen Python, the search path its own probe reported behind cpuviz's source (nothing
installed into it, nothing of the window's), and no `__main__` to re-import. The rest of the
protocol (the pipe, the pickled process object, the resource tracker's descriptor) is spawn's
own, so the child side is the standard library's `spawn_main` on every Python.

POSIX only: on Windows the workers run on the window's Python (see available_here()).
"""

from __future__ import annotations

import io
import os
import sys
from multiprocessing import process, reduction, resource_tracker, util
from multiprocessing.context import SpawnProcess, set_spawning_popen

from cpuviz.core.system.pythons import PythonInfo, source_root

if sys.platform != "win32":
    from multiprocessing.popen_spawn_posix import Popen as _SpawnPopen
else:  # never used there: available_here() says so first
    _SpawnPopen = object


def available_here() -> str | None:
    """Why hosts cannot start on another Python on this system, or None when they can."""
    if sys.platform == "win32":
        return "workers on another Python are not supported on Windows yet"
    return None


def worker_search_path(python: PythonInfo) -> list[str]:
    """cpuviz's source, then the chosen Python's own path: never the window's site-packages.
    Its '' (the folder it was started in) is left out, as a worker imports nothing from there."""
    return [source_root(), *(entry for entry in python.sys_path if entry)]


class OtherPythonProcess(SpawnProcess):
    """A spawned process that runs on `python` (set before start()); pickled to the child by
    reference, so this module imports only the standard library and cpuviz.core."""

    python: PythonInfo | None = None

    def _Popen(self, process_obj: SpawnProcess) -> _SpawnPopen:  # noqa: N802 - spawn's name
        if self.python is None:
            raise RuntimeError("OtherPythonProcess.python is not set")
        return _OtherPythonPopen(process_obj, self.python)


class _OtherPythonPopen(_SpawnPopen):
    """spawn's POSIX launch with the executable, the search path and the main module chosen
    here instead of copied from this process."""

    def __init__(self, process_obj: SpawnProcess, python: PythonInfo) -> None:
        self._python = python
        super().__init__(process_obj)

    def _launch(self, process_obj: SpawnProcess) -> None:
        tracker_fd = resource_tracker.getfd()
        self._fds.append(tracker_fd)
        preparation = {
            "log_to_stderr": False,
            "authkey": process.current_process().authkey,
            "name": process_obj.name,
            "sys_path": worker_search_path(self._python),
            "orig_dir": process.ORIGINAL_DIR,
            "dir": os.getcwd(),
            "start_method": "spawn",
        }  # no init_main_from_*: the window's launcher is not re-imported there
        pickled = io.BytesIO()
        set_spawning_popen(self)
        try:
            # The default protocol (4 or 5) is read by every supported Python.
            reduction.dump(preparation, pickled)
            reduction.dump(process_obj, pickled)
        finally:
            set_spawning_popen(None)
        parent_r = child_w = child_r = parent_w = None
        try:
            parent_r, child_w = os.pipe()
            child_r, parent_w = os.pipe()
            program = (
                "from multiprocessing.spawn import spawn_main; "
                f"spawn_main(tracker_fd={tracker_fd}, pipe_handle={child_r})"
            )
            executable = os.fsencode(self._python.path)  # as spawn's own executable is kept
            command = [executable, "-c", program, "--multiprocessing-fork"]
            self._fds.extend([child_r, child_w])
            self.pid = util.spawnv_passfds(executable, command, self._fds)
            self.sentinel = parent_r
            with open(parent_w, "wb", closefd=False) as pipe:
                pipe.write(pickled.getbuffer())
        finally:
            opened = [fd for fd in (parent_r, parent_w) if fd is not None]
            self.finalizer = util.Finalize(self, util.close_fds, opened)
            for fd in (child_r, child_w):
                if fd is not None:
                    os.close(fd)
