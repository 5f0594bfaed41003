"""What the workers' Python offers, so the window can say what it runs on and which modes it can
show: by default the window's own, or another one the workers were started on (--python)."""

from __future__ import annotations

import platform
import sys
import sysconfig
from dataclasses import dataclass, replace

import psutil

from cpuviz.core.runs.cluster_target import dask_missing
from cpuviz.core.system.pythons import PythonInfo, is_this_python
from cpuviz.core.work import subinterpreters


@dataclass(frozen=True, slots=True)
class Runtime:
    python_version: str
    implementation: str
    gil_enabled: bool
    logical_cores: int
    physical_cores: int | None
    free_threaded_build: bool = False
    # Why subinterpreters with their own GIL cannot run here, or None when they can.
    subinterpreters_missing: str | None = None
    # Why cluster mode cannot run here (Dask is not installed), or None when it can.
    cluster_missing: str | None = None
    # The window's own Python (e.g. "CPython 3.11.7") when the workers run on another one: the
    # fields above are then the workers'.
    window_python: str | None = None

    def describe(self) -> str:
        """E.g. 'CPython 3.11.7 · GIL on · 2 cores', or with workers on another Python
        'window CPython 3.11.7 · workers CPython 3.13.0, GIL on · 2 cores'."""
        cores = f"{self.logical_cores} cores"
        if self.physical_cores and self.physical_cores != self.logical_cores:
            cores = f"{self.logical_cores} cores ({self.physical_cores} physical)"
        if not self.gil_enabled:
            gil = "GIL off (free-threaded)"
        elif self.free_threaded_build:
            gil = "free-threaded build, GIL back on"
        else:
            gil = "GIL on"
        if self.window_python is not None:
            build = "t" if self.free_threaded_build else ""
            gil = "GIL off" if not self.gil_enabled else gil
            workers = f"workers {self.implementation} {self.python_version}{build}, {gil}"
            return f"window {self.window_python} · {workers} · {cores}"
        return f"{self.implementation} {self.python_version} · {gil} · {cores}"


def detect_runtime(workers: PythonInfo | None = None) -> Runtime:
    """This machine, and what the workers' Python offers: `workers` as its probe said, or this
    Python when None (or when it is this Python)."""
    here = _window_runtime()
    if workers is None or is_this_python(workers):
        return here
    return replace(
        here,
        python_version=workers.version,
        implementation=workers.implementation,
        gil_enabled=workers.gil_enabled,
        free_threaded_build=workers.free_threaded_build,
        subinterpreters_missing=workers.subinterpreters_missing,
        window_python=f"{here.implementation} {here.python_version}",
    )


def window_python() -> PythonInfo:
    """The window's own Python, as a probe of it would describe it, without one."""
    here = _window_runtime()
    return PythonInfo(
        path=sys.executable,
        version=here.python_version,
        implementation=here.implementation,
        free_threaded_build=here.free_threaded_build,
        gil_enabled=here.gil_enabled,
        subinterpreters_missing=here.subinterpreters_missing,
        sys_path=tuple(sys.path),
    )


def _window_runtime() -> Runtime:
    """This Python, which the window (and by default the workers) runs on."""
    # sys._is_gil_enabled exists from 3.13; before that every CPython has a GIL.
    is_gil_enabled = getattr(sys, "_is_gil_enabled", lambda: True)
    return Runtime(
        python_version=platform.python_version(),
        implementation=platform.python_implementation(),
        gil_enabled=bool(is_gil_enabled()),
        logical_cores=psutil.cpu_count(logical=True) or 1,
        physical_cores=psutil.cpu_count(logical=False),
        free_threaded_build=bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        subinterpreters_missing=subinterpreters.unavailable_reason(),
        cluster_missing=dask_missing(),
    )
