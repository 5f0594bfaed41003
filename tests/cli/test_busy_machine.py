"""`cpuviz bench` on a busy laptop: another program (`python -c "while 1: pass"`) keeps a core
busy beside the runs, and what bench says must still be true.

The bench counts the run's own cores by its workers' clocks, names the other program's load
in the row and the JSON, and never turns "processes" into "stay serial" because of it. Speeds
are not asserted: how the work split is (the GIL keeps threads to one core's worth).
"""

from __future__ import annotations

import json
import os

import psutil
import pytest

from cpuviz.core.processes.pool import WorkerPool
from cpuviz.core.runs.plan import Mode, RunPlan, WorkSize, logical_cores
from cpuviz.core.runs.recommendation import judged_on
from cpuviz.core.runs.results import RunReport, RunResult, explain
from tests.cli.conftest import cpuviz
from tests.core.sampling.busy_programs import busy_program

# One round of each mode: what is asserted holds in every round, not only in a median one.
BENCH = (
    "bench", "--json", "--modes", "serial,threads,processes", "--workers", "2", "--repeat", "1",
)  # fmt: skip
# A busy program at normal priority gets at least half a core beside two workers and serial.
BUSY_PROGRAM_CORES = 0.5
# Two threads under one GIL: one core's worth, and a tick of the kernel's clocks either way.
ONE_CORE = 1.1
CORES = logical_cores()


@pytest.fixture(scope="module")
def busy_bench() -> dict:
    with busy_program():
        finished = cpuviz(*BENCH, timeout_s=300)
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout)


def runs_by_mode(report: dict) -> dict[str, dict]:
    return {run["mode"]: run for run in report["runs"]}


def test_each_run_names_the_other_programs_load_and_counts_only_its_own(busy_bench):
    runs = runs_by_mode(busy_bench)
    for run in runs.values():
        assert run["other_cores"] >= BUSY_PROGRAM_CORES, run
        assert run["busy_elsewhere"].startswith("other programs used"), run
    # The threads' own cores are one core's worth (the GIL), whatever the other program did.
    assert runs[Mode.THREADS]["busy_cores"] <= ONE_CORE
    # Processes use more, where other programs left them room for more than one core (on a
    # machine loaded past the one busy program, they may not have had it).
    processes = runs[Mode.PROCESSES]
    if CORES - processes["other_cores"] >= ONE_CORE + 0.2:
        assert processes["busy_cores"] > runs[Mode.THREADS]["busy_cores"]


def test_the_verdict_says_processes_or_too_busy_never_stay_serial(busy_bench):
    assert busy_bench["recommendation"] in (Mode.PROCESSES, None)
    if busy_bench["recommendation"] is None:
        assert "too busy to judge" in busy_bench["advice"]
    assert "other programs used" in busy_bench["advice"]


SPEEDUPS_CROWDED_OUT = {Mode.THREADS: 1.0, Mode.PROCESSES: 1.1}
# One busy program beside runs on 2 cores: it has a core to itself beside serial and threads,
# and a third of each beside the two processes (the fair share).
ONE_BUSY_PROGRAM = {Mode.SERIAL: 1.0, Mode.THREADS: 1.0, Mode.PROCESSES: 0.67}


def test_a_verdict_of_serial_on_a_busy_machine_is_too_busy_to_judge():
    verdict = judged_on("CPU", SPEEDUPS_CROWDED_OUT, other_cores=ONE_BUSY_PROGRAM, cores=2)
    assert verdict.mode is None
    assert verdict.sentence == (
        "the machine was too busy to judge CPU: other programs used 1.0 core during these "
        "runs (threads 1.0×, processes 1.1×); close them and measure again"
    )


@pytest.mark.parametrize(
    "other_cores",
    [
        {Mode.SERIAL: 1.8, Mode.THREADS: 1.6, Mode.PROCESSES: 1.6},  # serial starved
        {Mode.SERIAL: 0.3, Mode.THREADS: 1.0, Mode.PROCESSES: 1.0},  # processes had one core
    ],
)
def test_runs_crowded_out_of_their_cores_are_not_judged_even_when_a_mode_looks_good(other_cores):
    """Serial starved makes every mode look fast; processes with a single core look no better
    than threads: the comparison itself is off, so no verdict."""
    speedups = {Mode.THREADS: 2.0, Mode.PROCESSES: 2.1}
    assert judged_on("CPU", speedups, other_cores=other_cores, cores=2).mode is None


def test_other_verdicts_stand_with_the_load_named_and_an_idle_machine_changes_nothing():
    speedups = {Mode.THREADS: 1.0, Mode.PROCESSES: 1.3}
    busy = judged_on("CPU", speedups, other_cores=ONE_BUSY_PROGRAM, cores=2)
    assert busy.mode is Mode.PROCESSES
    assert busy.sentence.endswith("use processes (other programs used 1.0 core during these runs)")
    idle = {mode: 0.1 for mode in ONE_BUSY_PROGRAM}
    quiet = judged_on("CPU", SPEEDUPS_CROWDED_OUT, other_cores=idle, cores=2)
    assert (quiet.mode, quiet.sentence.startswith("neither helps CPU")) == (Mode.SERIAL, True)


def report(other_cores: float | None, baseline_other_cores: float | None) -> RunReport:
    plan = RunPlan(Mode.PROCESSES, 2, WorkSize("small", chunks=100, iterations_per_chunk=1))
    result = RunResult(plan, 1.5, 0, 100, 2.0, 1.3, other_cores=other_cores)
    return RunReport(result, 2.0, cores=2, baseline_other_cores=baseline_other_cores)


def test_the_caption_says_when_other_programs_took_cores_during_the_run_or_its_baseline():
    assert explain(report(1.0, 1.8)).endswith(
        "Other programs used 1.0 core during this run and 1.8 cores during its serial baseline."
    )
    assert report(0.1, 0.9).busy_elsewhere == (
        "other programs used 0.9 cores during its serial baseline"
    )
    assert report(0.1, 0.15).busy_elsewhere is None  # the desktop idling
    assert report(None, None).busy_elsewhere is None  # a recording made before it was read


@pytest.mark.skipif(not hasattr(os, "SCHED_BATCH"), reason="Linux's scheduling policies")
def test_workers_compete_as_an_ordinary_program_would_never_only_on_idle_cores():
    """SCHED_BATCH at nice 0: a normal program's share of the cores, so a busy program beside
    cannot starve them (SCHED_IDLE did), and the window's wake-ups still come first."""
    pool = WorkerPool()
    try:
        pool.ensure_hosts(2)
        pool.wait_ready()
        for pid in pool.host_pids():
            assert os.sched_getscheduler(pid) == os.SCHED_BATCH
            assert psutil.Process(pid).nice() == 0
    finally:
        pool.shutdown()
