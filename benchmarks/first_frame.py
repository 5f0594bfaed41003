"""first_frame_s: from starting a process to the first painted frame of the full window,
beside a bare PySide6 + pyqtgraph window timed the same way in the same run.

Each launch is a fresh interpreter (`python -m benchmarks.first_frame --child cpuviz|bare`)
that prints time.monotonic() when its chart first paints; the parent noted the same clock just
before starting it. Launches alternate, and each kind reports its median.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from benchmarks.measurement import Measurement, emit, log

LAUNCHES = 7


def _child(kind: str) -> None:
    """Build the window the way `cpuviz` does, and report the moment its chart is painted."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    if kind == "cpuviz":
        from cpuviz.cli.arguments.command_line import parse_command_line
        from cpuviz.cli.arguments.gui_options import gui_options
        from cpuviz.cli.arguments.named_files import NamedFiles
        from cpuviz.cli.main import main as cpuviz_main  # noqa: F401 - what `cpuviz` imports first
        from cpuviz.cli.window import DEFAULT_WINDOW_SIZE, build_window, make_application

        app = make_application()
        window = build_window(gui_options(parse_command_line([]), NamedFiles()))
        painted = window.core_view.graphs  # the cores' picture, the star of the window
    else:
        import pyqtgraph as pg
        from PySide6.QtWidgets import QApplication, QMainWindow

        from cpuviz.cli.window import DEFAULT_WINDOW_SIZE

        app = QApplication(sys.argv)
        window = QMainWindow()
        chart = pg.PlotWidget()
        chart.getPlotItem().addItem(pg.BarGraphItem(x=[0, 1], height=[50, 50], width=0.7))
        window.setCentralWidget(chart)
        painted = chart.viewport()

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                painted.removeEventFilter(self)
                QTimer.singleShot(0, lambda: (print(time.monotonic(), flush=True), window.close()))
            return False

    first_paint = FirstPaint()
    painted.installEventFilter(first_paint)
    window.resize(*DEFAULT_WINDOW_SIZE)
    window.show()
    app.exec()


def _launch(kind: str) -> float:
    started_s = time.monotonic()
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.first_frame", "--child", kind],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return float(output.split()[0]) - started_s


def measure() -> list[Measurement]:
    seconds: dict[str, list[float]] = {"cpuviz": [], "bare": []}
    for _ in range(LAUNCHES):
        for kind, launches in seconds.items():
            launches.append(_launch(kind))
    log(f"  first frame: cpuviz {seconds['cpuviz']}, bare {seconds['bare']}")
    return [
        Measurement(
            "first_frame_s",
            statistics.median(seconds["cpuviz"]),
            anchor=statistics.median(seconds["bare"]),
            anchor_label="bare PySide6 + pyqtgraph window",
            note=f"median of {LAUNCHES} launches of each, alternating",
        )
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=["cpuviz", "bare"])
    child = parser.parse_args().child
    if child:
        _child(child)
    else:
        emit(measure())
