"""`make bench`: every benchmark in its own fresh process, then results.json and RESULTS.md.

Each script prints its measurements as JSON lines; a script that fails is reported and the
others still run, so one broken figure never hides the rest.
"""

from __future__ import annotations

import atexit
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil
import PySide6

from benchmarks.goals import GOALS
from benchmarks.measurement import Measurement, log, parse
from benchmarks.report import write_table

HERE = Path(__file__).parent
SCRIPTS = (
    "overhead",
    "smoothness",
    "throughput",
    "responsiveness",
    "first_frame",
    "many_cores",
    "modes",
    "other_pythons",
    "picture",
    "calibration",
    "gil_view",
    "gil_anchor",
    "watch_accuracy",
    "watch_cost",
    "script_vs_bench",
    "busy_machine",
)
SCRIPT_TIMEOUT_S = 300


def machine() -> dict[str, object]:
    return {
        "cpu": _cpu_model(),
        "logical_cores": psutil.cpu_count(logical=True),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def run_script(name: str) -> tuple[list[Measurement], str | None]:
    log(f"{name} …")
    started_s = time.monotonic()
    try:
        finished = subprocess.run(
            [sys.executable, "-m", f"benchmarks.{name}"],
            stdout=subprocess.PIPE,
            text=True,
            timeout=SCRIPT_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return [], f"{name}: timed out after {SCRIPT_TIMEOUT_S} s"
    log(f"{name} took {time.monotonic() - started_s:.0f} s")
    if finished.returncode != 0:
        return parse(finished.stdout.splitlines()), f"{name}: exit status {finished.returncode}"
    return parse(finished.stdout.splitlines()), None


def main() -> int:
    # Every window starts from defaults, not from what the previous launch remembered.
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="cpuviz-bench-config-")
    atexit.register(shutil.rmtree, os.environ["XDG_CONFIG_HOME"], ignore_errors=True)
    measurements: list[Measurement] = []
    failures: list[str] = []
    for name in sys.argv[1:] or SCRIPTS:
        got, failure = run_script(name)
        measurements += got
        if failure:
            failures.append(failure)
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "failures": failures,
        "metrics": {
            m.key: {
                "measured": m.measured,
                "goal": GOALS[m.key].describe(),
                "met": GOALS[m.key].met(m.measured),
                "anchor": m.anchor,
                "anchor_label": m.anchor_label,
                "ratio": m.ratio,
                "note": m.note,
            }
            for m in measurements
        },
    }
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    soak_file = HERE / "soak.json"
    soak = json.loads(soak_file.read_text()) if soak_file.exists() else None
    write_table(results, HERE / "RESULTS.md", soak)
    missed = [key for key, metric in results["metrics"].items() if not metric["met"]]
    log(
        f"wrote benchmarks/results.json and benchmarks/RESULTS.md; goals missed: {missed or 'none'}"
    )
    for failure in failures:
        log(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
