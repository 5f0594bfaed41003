"""ui_p99_over_interval_{serial,threads,processes} and ui_msg_ms_per_frame: does the window
stay smooth while the work runs, and what do the workers' messages cost the GUI thread?

The anchor is the mistake the architecture avoids, measured in the same run: the same CPU
threads run inside the GUI process, where they fight the UI for its GIL.
"""

from __future__ import annotations

import threading

from benchmarks.live_window import open_window, run_events, wait_for_run_end
from benchmarks.measurement import Measurement, emit, log
from cpuviz.bridge.message_stats import MessageStats
from cpuviz.core.runs.outcome import RunFinished
from cpuviz.core.runs.plan import Mode, logical_cores
from cpuviz.core.system.percentiles import percentile
from cpuviz.core.work.workloads import Workload, cpu_chunk
from cpuviz.ui.frame_probe import FRAME_INTERVAL_MS
from cpuviz.ui.main_window import MainWindow

RUN_TIMEOUT_S = 120.0
ROUNDS = 2
MODES = (Mode.SERIAL, Mode.THREADS, Mode.PROCESSES)
RUN_SIZE = "large"  # long enough that p99 is not just a run's start and end (~300 frames)
IN_PROCESS_THREADS = 4
IN_PROCESS_SECONDS = 4.0
IDLE_SECONDS = 8.0
PEAK_WORKERS = 16  # one message every 0.1 s from each: the busiest the queue gets


def _intervals_during_run(window: MainWindow, mode: Mode) -> list[float]:
    window.choose_mode(mode)
    run_events(0.5)
    window.frame_probe.start()
    window.start_run()
    wait_for_run_end(window.controller, RunFinished, RUN_TIMEOUT_S)
    window.frame_probe.stop()
    return window.frame_probe.intervals_ms()


def _p99_with_threads_in_this_process(window: MainWindow) -> float:
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            cpu_chunk(0, 20_000)

    threads = [threading.Thread(target=spin, daemon=True) for _ in range(IN_PROCESS_THREADS)]
    window.frame_probe.start()
    for thread in threads:
        thread.start()
    run_events(IN_PROCESS_SECONDS)
    stop.set()
    for thread in threads:
        thread.join()
    window.frame_probe.stop()
    return window.frame_probe.p99_ms() or float("nan")


def _p99_idle(window: MainWindow) -> float:
    """The floor: the same probe with no run at all, timer jitter of this machine included."""
    window.frame_probe.start()
    run_events(IDLE_SECONDS)
    window.frame_probe.stop()
    return window.frame_probe.p99_ms() or float("nan")


def _intervals_moving_big_results(window: MainWindow) -> list[float]:
    """The Data workload in process mode: megabytes a second of results crossing to the
    collector process. Its serial baseline first, unmeasured."""
    window.choose_workload(Workload.DATA)
    window.choose_mode(Mode.SERIAL)
    window.start_run()
    wait_for_run_end(window.controller, RunFinished, RUN_TIMEOUT_S)
    intervals = _intervals_during_run(window, Mode.PROCESSES)
    window.choose_workload(Workload.CPU)
    return intervals


def _worst_message_frame_ms(window: MainWindow) -> tuple[float, MessageStats]:
    window.choose_mode(Mode.THREADS)
    window.controls.workers.setValue(PEAK_WORKERS)
    stats = window.controller.own.message_stats = MessageStats()  # the app's own controller
    window.start_run()
    wait_for_run_end(window.controller, RunFinished, RUN_TIMEOUT_S)
    return stats.worst_frame_s * 1000, stats


def measure() -> list[Measurement]:
    window = open_window(Mode.SERIAL, size=RUN_SIZE)
    try:
        idle_ms = _p99_idle(window)
        log(f"  smoothness: idle window, UI p99 {idle_ms:.1f} ms")
        intervals_ms: dict[Mode, list[float]] = {mode: [] for mode in MODES}
        for _ in range(ROUNDS):
            for mode in MODES:
                intervals_ms[mode] += _intervals_during_run(window, mode)
                log(f"  smoothness: {mode} run, {len(intervals_ms[mode])} frames so far")
        p99_ms = {mode: percentile(values, 0.99) for mode, values in intervals_ms.items()}
        anchor_ms = _p99_with_threads_in_this_process(window)
        log(f"  smoothness: {IN_PROCESS_THREADS} threads inside the UI process, {anchor_ms:.1f} ms")
        moving_ms = _intervals_moving_big_results(window)
        moving_p99_ms = percentile(moving_ms, 0.99)
        log(f"  smoothness: data in processes, UI p99 {moving_p99_ms:.1f} ms")
        worst_ms, stats = _worst_message_frame_ms(window)
        log(f"  smoothness: {stats.messages} messages, worst frame {worst_ms:.2f} ms")
    finally:
        window.close()
    anchor_ratio = anchor_ms / FRAME_INTERVAL_MS
    measurements = [
        Measurement(
            f"ui_p99_over_interval_{mode}",
            p99 / FRAME_INTERVAL_MS,
            anchor=anchor_ratio,
            anchor_label=f"{IN_PROCESS_THREADS} CPU threads inside the GUI process",
            note=f"p99 {p99:.1f} ms over {len(intervals_ms[mode])} frames of {ROUNDS} "
            f"{RUN_SIZE} runs, {logical_cores()} workers; the idle window's p99 was "
            f"{idle_ms:.1f} ms ({idle_ms / FRAME_INTERVAL_MS:.2f})",
        )
        for mode, p99 in p99_ms.items()
    ]
    measurements += [
        Measurement(
            f"ui_p99_over_idle_{mode}",
            p99 / idle_ms,
            anchor=idle_ms / FRAME_INTERVAL_MS,
            anchor_label="the idle window's p99 ÷ 16.7 ms, same run",
            note=f"p99 {p99:.1f} ms during {mode} runs against {idle_ms:.1f} ms idle",
        )
        for mode, p99 in p99_ms.items()
    ]
    measurements.append(
        Measurement(
            "ui_p99_over_idle_data_processes",
            moving_p99_ms / idle_ms,
            anchor=idle_ms / FRAME_INTERVAL_MS,
            anchor_label="the idle window's p99 ÷ 16.7 ms, same run",
            note=f"p99 {moving_p99_ms:.1f} ms over {len(moving_ms)} frames of a {RUN_SIZE} data "
            f"run in processes mode, results received by the collector process (26.5 ms, 1.59× "
            f"the interval, when the window's process received them)",
        )
    )
    per_message_us = 1e6 * stats.busy_s / max(1, stats.messages)
    measurements.append(
        Measurement(
            "ui_msg_ms_per_frame",
            worst_ms,
            note=f"threads × {PEAK_WORKERS}: {stats.messages} messages in {stats.batches} "
            f"batches, {per_message_us:.0f} µs each on average",
        )
    )
    return measurements


if __name__ == "__main__":
    emit(measure())
