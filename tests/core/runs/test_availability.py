"""Which modes a Python can run, decided from what it reports about itself."""

import sys
from dataclasses import replace

import pytest

from cpuviz.core.runs.availability import available_runs, unavailable
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.runtime import Runtime, detect_runtime
from cpuviz.core.work.workloads import Workload

PY311 = Runtime(
    python_version="3.11.7",
    implementation="CPython",
    gil_enabled=True,
    logical_cores=2,
    physical_cores=2,
    subinterpreters_missing="needs Python 3.12+ (one GIL per interpreter)",
)
NO_DASK = "cluster mode needs Dask"
PY313 = replace(PY311, python_version="3.13.0", subinterpreters_missing=None)
PY313T = replace(PY313, free_threaded_build=True, gil_enabled=False)


@pytest.mark.parametrize(
    ("runtime", "mode", "workload", "short"),
    [
        (PY311, Mode.INTERPRETERS, Workload.CPU, "needs 3.12+"),
        (PY311, Mode.FREE_THREADED, Workload.CPU, "needs 3.13t"),
        (PY313, Mode.ASYNCIO, Workload.CPU, "I/O only"),
        (PY313, Mode.ASYNCIO, Workload.NATIVE, "I/O only"),
        (replace(PY313T, gil_enabled=True), Mode.FREE_THREADED, Workload.CPU, "GIL is on"),
        (replace(PY311, cluster_missing=NO_DASK), Mode.CLUSTER, Workload.CPU, "needs Dask"),
    ],
)
def test_an_unavailable_mode_says_why(runtime, mode, workload, short):
    why_not = unavailable(mode, workload, runtime)
    assert why_not is not None
    assert why_not.short == short
    assert len(why_not.reason) > len(why_not.short)


def test_without_dask_the_cluster_mode_names_the_extra_that_adds_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    runtime = detect_runtime()
    why_not = unavailable(Mode.CLUSTER, Workload.CPU, runtime)
    assert why_not is not None
    assert why_not.reason == "cluster mode needs Dask: pip install 'cpuviz[cluster]'"
    # PY311, made by hand with nothing missing, offers cluster mode all the same: whether Dask
    # imports is read into the runtime, by detect_runtime, and not asked again here.
    assert unavailable(Mode.CLUSTER, Workload.CPU, PY311) is None


def test_what_each_python_can_run():
    assert {mode for _, mode in available_runs([Workload.CPU], PY311)} == {
        Mode.SERIAL,
        Mode.THREADS,
        Mode.PROCESSES,
    }
    assert Mode.INTERPRETERS in {mode for _, mode in available_runs([Workload.CPU], PY313)}
    assert Mode.FREE_THREADED in {mode for _, mode in available_runs([Workload.CPU], PY313T)}
    assert (Workload.IO, Mode.ASYNCIO) in available_runs(list(Workload), PY311)


def test_the_running_python_is_described_with_its_gil():
    runtime = detect_runtime()
    assert runtime.python_version in runtime.describe()
    assert ("GIL on" in runtime.describe()) is runtime.gil_enabled
    assert "free-threaded" in replace(PY311, gil_enabled=False).describe()
