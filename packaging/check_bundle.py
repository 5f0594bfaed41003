"""`make bundle-check`: run the frozen app the ways a user would and print what it measured.

Checks that `bench`, `snapshot` and the window all work frozen (multiprocessing included) and
that workers never open windows of their own; prints bundle size and cold-start time. Exits 1
on the first check that fails. The window check needs an X display (make runs it under
xvfb-run when available).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUNDLE = Path(__file__).resolve().parents[1] / "dist" / "cpuviz"
EXECUTABLE = BUNDLE / "cpuviz"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(EXECUTABLE), *args], capture_output=True, text=True, timeout=300, check=True
    )


def bundle_size_mb() -> float:
    files = [path for path in BUNDLE.rglob("*") if path.is_file() and not path.is_symlink()]
    return sum(path.stat().st_size for path in files) / 1e6


def check_bench() -> str:
    report = json.loads(
        run("bench", "--modes", "serial,processes", "--repeat", "1", "--json").stdout
    )
    processes = report["runs"][-1]
    return f"processes {processes['speedup']:.2f}× with {processes['busy_cores']:.2f} busy cores"


def check_snapshot() -> str:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "frozen.png"
        run("snapshot", str(out), "--size", "800x600", "--seconds", "0.5")
        return f"{out.stat().st_size // 1024} KiB PNG"


def check_window() -> str:
    """Cold start to a mapped window, then count windows mid-run: workers must open none."""
    if not os.environ.get("DISPLAY") or shutil.which("xdotool") is None:
        return "skipped (needs DISPLAY and xdotool)"
    started_s = time.monotonic()
    app = subprocess.Popen(
        [str(EXECUTABLE), "--autostart", "--mode", "processes"],
        env={**os.environ, "QT_QPA_PLATFORM": "xcb"},
    )
    try:
        search = ["xdotool", "search", "--onlyvisible", "--name", "^cpuviz"]
        subprocess.run(
            [*search[:2], "--sync", *search[2:]], check=True, timeout=60, capture_output=True
        )
        cold_start_s = time.monotonic() - started_s
        time.sleep(3)  # well into the run: every worker process is up and busy
        windows = subprocess.run(search, capture_output=True, text=True, check=False)
        count = len(windows.stdout.split())
        if count != 1:
            raise AssertionError(f"expected one window mid-run, found {count}")
        app.send_signal(signal.SIGTERM)
        if app.wait(timeout=15) != 0:
            raise AssertionError(f"the window exited with status {app.returncode}")
    finally:
        app.kill()
    return f"cold start to window {cold_start_s:.2f} s, one window mid-run, clean exit"


def main() -> int:
    if not EXECUTABLE.is_file():
        print(f"check_bundle: no bundle at {BUNDLE}; run 'make bundle' first", file=sys.stderr)
        return 1
    print(f"bundle   {BUNDLE} ({bundle_size_mb():.0f} MB)")
    for name, check in (
        ("bench", check_bench),
        ("snapshot", check_snapshot),
        ("window", check_window),
    ):
        try:
            print(f"{name:<8} ok: {check()}")
        except (subprocess.SubprocessError, AssertionError, OSError, ValueError) as failure:
            print(f"{name:<8} FAILED: {failure}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
