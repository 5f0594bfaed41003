"""How smooth the window is: a 60 Hz timer that notes how late each of its ticks arrives.

If the GUI thread is busy (a slow paint, a blocking call, CPU threads fighting over our GIL),
ticks arrive late; the 99th percentile of the tick interval is the stutter an audience sees.
"""

from __future__ import annotations

import time
from collections import deque

from PySide6.QtCore import QObject, Qt, QTimer, Slot

from cpuviz.core.system.percentiles import percentile

FRAME_INTERVAL_MS = 1000 / 60
WINDOW_FRAMES = 600  # the last 10 s at 60 Hz


class FrameProbe(QObject):
    """Start it, read p99_ms(); costs one tiny timer callback per frame while running."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._intervals_ms: deque[float] = deque(maxlen=WINDOW_FRAMES)
        self._last_s: float | None = None
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(round(FRAME_INTERVAL_MS))
        self._timer.timeout.connect(self._tick)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self.reset()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def reset(self) -> None:
        """Forget what was measured, e.g. at the start of a run."""
        self._intervals_ms.clear()
        self._last_s = None

    def intervals_ms(self) -> list[float]:
        return list(self._intervals_ms)

    def p99_ms(self) -> float | None:
        """99th percentile of the recent tick intervals, or None before two ticks."""
        return percentile(self._intervals_ms, 0.99) if self._intervals_ms else None

    @Slot()
    def _tick(self) -> None:
        now_s = time.perf_counter()
        if self._last_s is not None:
            self._intervals_ms.append((now_s - self._last_s) * 1000)
        self._last_s = now_s
