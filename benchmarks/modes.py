"""Speedups of the workloads beyond cpu, of cluster mode, and of subinterpreters on 3.13.

Runs `cpuviz bench --workload all` in every mode of one machine, as a user would, on this
Python; then the cpu workload on the app's own Dask cluster with two workers (as the figure in
issue 19 was made); then the cpu workload in interpreters mode on a Python 3.13 found on the
machine (in a throwaway venv with only psutil added, as the app's core needs nothing else).
Each figure is anchored to processes, the mode that always scales, measured in the same run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.measurement import Measurement, emit, log
from benchmarks.other_pythons import find_python
from cpuviz.core.runs.plan import Mode

REPO = Path(__file__).resolve().parents[1]
BENCH = ("-m", "cpuviz", "bench", "--json", "--workers", "4", "--repeat", "3")
# Every mode but cluster, which is measured on its own, as the issue that made it did.
ONE_MACHINE = ",".join(mode for mode in Mode if mode is not Mode.CLUSTER)


def speedups(python: str, *arguments: str) -> tuple[dict[tuple[str, str], float], str]:
    """{(workload, mode): speedup} and the Python version, from one `cpuviz bench` run."""
    finished = subprocess.run(
        [python, *BENCH, *arguments],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
    )
    report = json.loads(finished.stdout)
    return {(run["workload"], run["mode"]): run["speedup"] for run in report["runs"]}, report[
        "python"
    ]


def measure(
    key: str, found: dict[tuple[str, str], float], run: tuple[str, str], python: str
) -> Measurement:
    workload, _ = run
    return Measurement(
        key,
        found[run],
        anchor=found[workload, "processes"],
        anchor_label=f"{workload} in processes mode, same run",
        note=f"Python {python}",
    )


def python_313_with_psutil(folder: Path) -> str | None:
    python = find_python("3.13")
    if python is None:
        return None
    subprocess.run([python, "-m", "venv", str(folder)], check=True, capture_output=True)
    target = str(folder / "bin" / "python")
    subprocess.run(
        [target, "-m", "pip", "install", "--quiet", "psutil"], check=True, capture_output=True
    )
    return target


def main() -> None:
    log("modes: every workload and mode on this Python (4 workers, median of 3)")
    found, python = speedups(sys.executable, "--workload", "all", "--modes", ONE_MACHINE)
    emit(
        [
            measure("speedup_io_threads", found, ("io", "threads"), python),
            measure("speedup_io_asyncio", found, ("io", "asyncio"), python),
            measure("speedup_native_threads", found, ("native", "threads"), python),
        ]
    )
    log("modes: cpu on the app's own Dask cluster (2 workers, median of 3)")
    found, python = speedups(
        sys.executable, "--workers", "2", "--modes", "serial,processes,cluster"
    )
    emit([measure("speedup_cpu_cluster", found, ("cpu", "cluster"), python)])
    with tempfile.TemporaryDirectory(prefix="cpuviz-py313-") as folder:
        log("modes: interpreters on Python 3.13")
        python_313 = python_313_with_psutil(Path(folder))
        if python_313 is None:
            log("modes: no Python 3.13 found; interpreters not measured")
            return
        found_313, version = speedups(
            python_313, "--workload", "cpu", "--modes", "interpreters,processes"
        )
        emit([measure("speedup_cpu_interpreters", found_313, ("cpu", "interpreters"), version)])


if __name__ == "__main__":
    main()
