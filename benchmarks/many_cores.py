"""frame_ms_256_cores: one sample taken, drawn and painted on a pretend 256-core machine.

Every tick flips every core between idle and busy, the worst case for the chart (a real
machine changes a few bars a tick). The anchor is the same procedure on 8 cores.
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication

from benchmarks.live_window import open_window, run_events
from benchmarks.measurement import Measurement, emit, log
from cpuviz.core.runs.plan import WORK_SIZES, Mode, RunPlan
from cpuviz.core.sampling.sources import SyntheticSource
from cpuviz.core.system.percentiles import percentile

FRAMES = 100
ANCHOR_CORES = 8


def _frame_times_ms(core_count: int) -> list[float]:
    source = SyntheticSource(core_count)
    window = open_window(Mode.PROCESSES, source=source)
    all_busy = RunPlan(Mode.PROCESSES, core_count, WORK_SIZES["small"])
    try:
        window.sampler.stop()  # this benchmark takes the samples itself
        run_events(0.5)
        times_ms = []
        for frame in range(FRAMES):
            source.observe_run(all_busy if frame % 2 else None)
            started_s = time.perf_counter()
            window.sampler.tick()
            QApplication.processEvents()  # the scene's deferred update and the paint itself
            times_ms.append((time.perf_counter() - started_s) * 1000)
        return times_ms
    finally:
        window.close()


def measure() -> list[Measurement]:
    many = _frame_times_ms(256)
    few = _frame_times_ms(ANCHOR_CORES)
    log(f"  many cores: p95 {percentile(many, 0.95):.1f} ms (256), {percentile(few, 0.95):.1f} (8)")
    return [
        Measurement(
            "frame_ms_256_cores",
            percentile(many, 0.95),
            anchor=percentile(few, 0.95),
            anchor_label=f"same on {ANCHOR_CORES} cores",
            note=f"p95 of {FRAMES} frames, every core changing every frame, in the default "
            "view (graph tiles past 32 cores); "
            f"median {percentile(many, 0.5):.1f} ms",
        )
    ]


if __name__ == "__main__":
    emit(measure())
