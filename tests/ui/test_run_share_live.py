"""End to end, on a busy laptop: another program (`python -c "while 1: pass"`) keeps a core
busy while the window runs threads and then processes, read by the live psutil source.

What must hold is how the work split, never a speed: the threads' share of the cores is one
core's worth (the GIL), the processes' whatever room other programs left them; the other
program's load is counted as other programs', not the run's; and the big figure is the
number the worker lanes sum to (the workers' own CPU clocks over the run).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from cpuviz.core.runs.plan import WORK_SIZES, Mode, RunPlan, logical_cores
from cpuviz.core.sampling.sources import CpuSample
from tests.core.sampling.busy_programs import busy_program
from tests.run_ends import run_ends
from tests.ui.conftest import RUN_TIMEOUT_MS

pytestmark = [
    pytest.mark.end_to_end,
    pytest.mark.skipif(logical_cores() < 2, reason="a core for the run, one for the other"),
]
SMALL = WORK_SIZES["small"]
ONE_CORE = 1.1  # the GIL's one core, and a tick of the kernel's clocks either way
BUSY_PROGRAM_CORES = 0.5
# The big figure and the lanes measure the same clocks over spans that differ by a sample.
SAME_FIGURE_CORES = 0.25


@dataclass
class RunSamples:
    """The samples the window drew while each mode's run went."""

    by_mode: dict[Mode, list[CpuSample]] = field(default_factory=dict)
    running: Mode | None = None

    def started(self, plan: RunPlan) -> None:
        self.running = plan.mode
        self.by_mode.setdefault(plan.mode, [])

    def add(self, sample: CpuSample) -> None:
        if self.running is not None:
            self.by_mode[self.running].append(sample)


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values)


@pytest.fixture(scope="module")
def _busy_runs_made() -> dict:
    """The busy runs once made: both tests read the same two runs, which take seconds."""
    return {}


@pytest.fixture
def busy_runs(_busy_runs_made, open_window, qtbot):
    """A threads run and a processes run (after their serial baseline), with the window's
    samples and reports of each, while another program is busy; run by the first test that
    asks, read by the next."""
    if not _busy_runs_made:
        _busy_runs_made["runs"] = _run_while_busy(open_window, qtbot)
    return _busy_runs_made["runs"]


def _run_while_busy(open_window, qtbot):
    with busy_program():
        window = open_window(mode=Mode.THREADS, workers=2, size=SMALL)
        samples = RunSamples()
        window.controller.run_started.connect(samples.started)
        window.controller.run_ended.connect(lambda _: setattr(samples, "running", None))
        window.sampler.sampled.connect(samples.add)
        reports = {}
        for mode in (Mode.THREADS, Mode.PROCESSES):
            window.choose_mode(mode)
            with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, mode=mode) as ending:
                window.start_run()
            reports[mode] = ending.report
            if mode is Mode.THREADS:
                other_programs = window.readout.other_programs
    return samples.by_mode, reports, other_programs


def test_threads_are_one_cores_worth_processes_every_cores_and_the_rest_other_programs(
    busy_runs,
):
    samples, reports, other_programs = busy_runs
    for mode in (Mode.THREADS, Mode.PROCESSES):
        assert mean(sample.other_cores for sample in samples[mode]) >= BUSY_PROGRAM_CORES
        for sample in samples[mode]:
            shares = zip(sample.run_pct, sample.per_core_pct, strict=True)
            assert all(run <= load for run, load in shares)
    assert other_programs is not None and other_programs.startswith("other programs: ")
    assert mean(sample.run_cores for sample in samples[Mode.THREADS]) <= ONE_CORE
    assert reports[Mode.THREADS].result.busy_cores <= ONE_CORE
    # Processes take every core other programs leave them. Where that was more than one core
    # they used more than one; the scheduler may also have put both workers on the core the
    # busy program left, beside each other (two halves: one core), which leaves no room.
    processes = samples[Mode.PROCESSES]
    room = logical_cores() - mean(sample.other_cores for sample in processes)
    if room >= ONE_CORE + 0.2:
        assert mean(sample.run_cores for sample in processes) > ONE_CORE


def test_the_big_figure_is_what_the_worker_lanes_sum_to(busy_runs):
    _, reports, _ = busy_runs
    for mode in (Mode.THREADS, Mode.PROCESSES):
        result = reports[mode].result
        lanes_cores = result.cpu_s / result.elapsed_s  # each lane: its worker's CPU clock
        assert result.busy_cores == pytest.approx(lanes_cores, abs=SAME_FIGURE_CORES), mode
