"""core_view_share_1024, processes_colour_share_1024, threads_vs_processes_colour: what a
lecture hall sees at 1024×768 in the projector theme.

The share comes from the window's own widget geometry mid-run. The colours are counted in
the PNGs that `cpuviz snapshot --at 0.9` makes of a default (15 s) run of each mode: the
processes picture should be mostly green, the threads one clearly less amber.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from benchmarks.live_window import open_window, run_events, wait_for
from benchmarks.measurement import Measurement, emit, log
from cpuviz.core.runs.plan import Mode
from cpuviz.ui.main_window import MainWindow
from cpuviz.ui.theme import PROJECTOR

PROJECTOR_SIZE = (1024, 768)
SNAPSHOT_AT = 0.9
SNAPSHOT_TIMEOUT_S = 120
RUN_TIMEOUT_S = 120.0


def _core_view_share() -> float:
    """Share of the window the cores take once the processes run is going (controls aside)."""
    window: MainWindow = open_window(Mode.PROCESSES)
    try:
        window.setFixedSize(*PROJECTOR_SIZE)
        window.start_run()
        started: list[Mode] = []
        window.controller.run_started.connect(lambda plan: started.append(plan.mode))
        while Mode.PROCESSES not in started:
            wait_for(window.controller.run_started, RUN_TIMEOUT_S)
        run_events(0.3)  # the layout settles after the controls step aside
        view = window.core_view
        share = view.width() * view.height() / (window.width() * window.height())
        window.controller.stop()
        run_events(0.5)
        return share
    finally:
        window.close()


def colour_share(mode: Mode, folder: Path, at: float = SNAPSHOT_AT) -> float:
    """Share of a `snapshot --at AT` of a default `mode` run that is in that mode's colour
    (busy_machine.py takes them with another program busy beside)."""
    out = folder / f"{mode}.png"
    width, height = PROJECTOR_SIZE
    command = ["snapshot", str(out), "--mode", str(mode), "--size", f"{width}x{height}"]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cpuviz",
            *command,
            "--at",
            str(at),
            "--theme",
            "projector",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=SNAPSHOT_TIMEOUT_S,
    )
    image = QImage(str(out))
    colour = QColor(PROJECTOR.mode_colour(mode)).rgb()
    matching = sum(
        image.pixel(x, y) == colour for y in range(image.height()) for x in range(image.width())
    )
    return matching / (image.width() * image.height())


def measure() -> list[Measurement]:
    share = _core_view_share()
    log(f"  picture: the cores take {share:.0%} of the window mid-run")
    with tempfile.TemporaryDirectory(prefix="cpuviz-picture-") as folder:
        processes = colour_share(Mode.PROCESSES, Path(folder))
        threads = colour_share(Mode.THREADS, Path(folder))
    log(f"  picture: processes colour {processes:.0%}, threads colour {threads:.0%}")
    at = f"snapshot --at {SNAPSHOT_AT} of a default run, 1024×768, projector theme"
    return [
        Measurement(
            "core_view_share_1024",
            share,
            note="widget geometry once the processes run has started",
        ),
        Measurement("processes_colour_share_1024", processes, note=at),
        Measurement(
            "threads_vs_processes_colour",
            threads / processes if processes else float("nan"),
            anchor=processes,
            anchor_label="processes colour share",
            note=f"threads colour share {threads:.3f}; {at}",
        ),
    ]


if __name__ == "__main__":
    emit(measure())
