"""The take-home script against `cpuviz bench`: the same work, the same speedups?

The script saved for cpu work with 2 workers (small: 100 chunks) runs as a student would run it
(`python -I FILE`, in a folder of its own, nothing of cpuviz imported); `cpuviz bench` runs the
same work in the same session. The figure is the script's processes speedup ÷ bench's; its
threads speedup and bench's ride along in the note. Each side is the median of 3 rounds.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.measurement import Measurement, emit, log
from cpuviz.core.runs.plan import WORK_SIZES
from cpuviz.core.stdlib_code.script import take_home_script
from cpuviz.core.stdlib_code.work import ShownWork

REPO = Path(__file__).resolve().parents[1]
WORKERS = 2
ROUNDS = 3
SIZE = "small"
BENCH = (sys.executable, "-m", "cpuviz", "bench", "--json")
SPEEDUP = re.compile(r"^(\S+)\s+Done in [\d.]+ sec, ([\d.]+)× serial")


def bench_speedups() -> dict[str, float]:
    finished = subprocess.run(
        [*BENCH, "--workers", str(WORKERS), "--size", SIZE, "--repeat", str(ROUNDS)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return {run["mode"]: run["speedup"] for run in json.loads(finished.stdout)["runs"]}


def script_speedups() -> dict[str, float]:
    """The median of each mode's speedup over ROUNDS runs of the saved script."""
    work = ShownWork(chunks=WORK_SIZES[SIZE].chunks)
    rounds: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="cpuviz-script-") as folder:
        path = Path(folder) / "take_home.py"
        path.write_text(take_home_script(work, WORKERS), encoding="utf-8")
        for _ in range(ROUNDS):
            finished = subprocess.run(
                [sys.executable, "-I", str(path)],
                capture_output=True,
                text=True,
                check=True,
                cwd=folder,
            )
            for line in finished.stdout.splitlines():
                if found := SPEEDUP.match(line):
                    rounds.setdefault(found[1], []).append(float(found[2]))
    return {mode: statistics.median(speedups) for mode, speedups in rounds.items()}


def main() -> None:
    log(f"script_vs_bench: cpu, {WORKERS} workers, {SIZE}, median of {ROUNDS}: bench …")
    bench = bench_speedups()
    log("script_vs_bench: the saved script …")
    script = script_speedups()
    emit(
        [
            Measurement(
                "script_vs_bench_processes",
                script["processes"] / bench["processes"],
                anchor=1.0,
                anchor_label="cpuviz bench's processes speedup, same work, same session",
                note=f"script: processes {script['processes']:.2f}×, threads "
                f"{script['threads']:.2f}×; bench: processes {bench['processes']:.2f}×, "
                f"threads {bench['threads']:.2f}×",
            )
        ]
    )


if __name__ == "__main__":
    main()
