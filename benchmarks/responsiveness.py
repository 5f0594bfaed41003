"""start_to_busy_ms and stop_to_idle_ms: how fast the cores answer the buttons.

A recorder thread reads every core's CPU times (psutil) every few milliseconds; afterwards the
first moment a short trailing window shows every core busy (or idle) is looked up for each
press. The window makes the figures a little pessimistic, never optimistic.
"""

from __future__ import annotations

import statistics
import threading
import time

import psutil

from benchmarks.live_window import open_window, run_events, wait_for_run_end
from benchmarks.measurement import Measurement, emit, log
from cpuviz.core.runs.outcome import RunFinished, RunStopped
from cpuviz.core.runs.plan import Mode
from cpuviz.core.sampling.sources import busy_and_total_s
from cpuviz.ui.main_window import MainWindow

PRESSES = 5
RECORD_EVERY_S = 0.004
WINDOW_S = 0.025
BUSY_PCT, IDLE_PCT = 90.0, 25.0
RUN_BEFORE_STOP_S = 0.6
# Long enough that Stop always finds the run going: `small` ends in under 0.6 s on a fast core.
RUN_SIZE = "large"
RUN_TIMEOUT_S = 60.0

CoreTimes = list[tuple[float, float]]


class CoreRecorder(threading.Thread):
    """Every core's (busy, total) CPU seconds, with the time.monotonic() they were read at."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[tuple[float, CoreTimes]] = []
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(RECORD_EVERY_S):
            times = [busy_and_total_s(core) for core in psutil.cpu_times(percpu=True)]
            self.samples.append((time.monotonic(), times))

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def first_time(self, after_s: float, every_core: str) -> float | None:
        """When, after `after_s`, the trailing WINDOW_S first had every core busy / idle."""
        start = 0
        for end_s, end_times in self.samples:
            while self.samples[start + 1][0] <= end_s - WINDOW_S:
                start += 1
            start_s, start_times = self.samples[start]
            if end_s < after_s + WINDOW_S or end_s - start_s < WINDOW_S:
                continue
            pct = [
                100 * (busy - before_busy) / max(total - before_total, 1e-9)
                for (busy, total), (before_busy, before_total) in zip(
                    end_times, start_times, strict=True
                )
            ]
            if every_core == "busy" and min(pct) >= BUSY_PCT:
                return end_s
            if every_core == "idle" and max(pct) < IDLE_PCT:
                return end_s
        return None


def _press_start_and_stop(window: MainWindow) -> tuple[float, float]:
    run_events(1.0)
    pressed_start_s = time.monotonic()
    window.controls.start_stop.click()
    run_events(RUN_BEFORE_STOP_S)
    if not window.controller.is_busy:
        raise RuntimeError(f"the run ended before Stop was pressed: {RUN_SIZE} is too small")
    pressed_stop_s = time.monotonic()
    window.controls.start_stop.click()
    wait_for_run_end(window.controller, RunStopped, RUN_TIMEOUT_S)
    return pressed_start_s, pressed_stop_s


def measure() -> list[Measurement]:
    window = open_window(Mode.SERIAL, size=RUN_SIZE)
    recorder = CoreRecorder()
    try:
        window.start_run()  # the serial baseline, so that Start in process mode runs at once
        wait_for_run_end(window.controller, RunFinished, RUN_TIMEOUT_S)
        window.choose_mode(Mode.PROCESSES)
        recorder.start()
        presses = [_press_start_and_stop(window) for _ in range(PRESSES)]
        run_events(1.0)
        recorder.stop()
    finally:
        window.close()
    to_busy_ms, to_idle_ms = [], []
    for started_s, stopped_s in presses:
        busy_s = recorder.first_time(started_s, "busy")
        idle_s = recorder.first_time(stopped_s, "idle")
        if busy_s is not None and busy_s < stopped_s:
            to_busy_ms.append(1000 * (busy_s - started_s))
        if idle_s is not None:
            to_idle_ms.append(1000 * (idle_s - stopped_s))
        log(f"  responsiveness: busy after {to_busy_ms[-1:]} ms, idle after {to_idle_ms[-1:]} ms")
    how = f"median of {PRESSES} presses; psutil every {RECORD_EVERY_S * 1000:.0f} ms"
    return [
        Measurement(
            "start_to_busy_ms",
            statistics.median(to_busy_ms) if to_busy_ms else float("nan"),
            note=f"{how}, {WINDOW_S * 1000:.0f} ms windows; {len(to_busy_ms)} reached 90%",
        ),
        Measurement(
            "stop_to_idle_ms",
            statistics.median(to_idle_ms) if to_idle_ms else float("nan"),
            note=f"{how}; idle = every core under {IDLE_PCT:.0f}%",
        ),
    ]


if __name__ == "__main__":
    emit(measure())
