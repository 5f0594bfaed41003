"""What this Python offers, so the window can say what it runs on and which modes it can show."""

from __future__ import annotations

import platform
import sys
import sysconfig
from dataclasses import dataclass

import psutil

from cpuviz.core.runs.cluster_target import dask_missing
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

    def describe(self) -> str:
        """E.g. 'CPython 3.11.7 · GIL on · 2 cores'."""
        cores = f"{self.logical_cores} cores"
        if self.physical_cores and self.physical_cores != self.logical_cores:
            cores = f"{self.logical_cores} cores ({self.physical_cores} physical)"
        if not self.gil_enabled:
            gil = "GIL off (free-threaded)"
        elif self.free_threaded_build:
            gil = "free-threaded build, GIL back on"
        else:
            gil = "GIL on"
        return f"{self.implementation} {self.python_version} · {gil} · {cores}"


def detect_runtime() -> Runtime:
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
