import pytest

from cpuviz.core.runs.plan import Mode, RunPlan, timed_work
from cpuviz.core.runs.results import RunReport, RunResult, explain
from tests.conftest import TINY


def report(mode, workers, elapsed_s, busy_cores, *, baseline_s=2.0, cores=2):
    result = RunResult(RunPlan(mode, workers, TINY), elapsed_s, 0, 12, 1.0, busy_cores)
    return RunReport(result, baseline_s, cores, is_baseline=mode is Mode.SERIAL)


def test_speedup_and_efficiency_are_against_serial_and_the_ideal():
    processes = report(Mode.PROCESSES, 4, elapsed_s=1.0, busy_cores=2.0)
    assert processes.speedup == 2.0
    assert processes.ideal_speedup == 2  # four workers, but only two cores
    assert processes.efficiency == 1.0


def test_without_a_baseline_there_is_no_speedup():
    assert report(Mode.THREADS, 2, 1.0, 1.0, baseline_s=None).speedup is None


@pytest.mark.parametrize(
    ("mode", "workers", "words"),
    [
        (Mode.SERIAL, 1, "the baseline"),
        (Mode.THREADS, 2, "the GIL lets only one thread run Python at a time"),
        (Mode.PROCESSES, 2, "each process has its own interpreter and its own GIL"),
        (Mode.PROCESSES, 1, "one worker can only ever use one core"),
    ],
)
def test_explanations_state_the_numbers_and_the_reason(mode, workers, words):
    text = explain(report(mode, workers, elapsed_s=1.0, busy_cores=1.04))
    assert text.startswith(f"{mode.title}: 1.0 cores busy, 2.0× vs serial")
    assert words in text


def test_a_timed_run_is_compared_by_its_rate_of_work():
    timed = timed_work(4.0)
    serial = RunResult(RunPlan(Mode.SERIAL, 1, timed.lasting(2.0)), 2.0, 0, 100, 2.0, 1.0)
    processes = RunResult(RunPlan(Mode.PROCESSES, 2, timed), 4.0, 0, 380, 8.0, 2.0)
    report = RunReport(processes, serial.elapsed_s, 2, baseline_chunks=serial.chunks_done)
    assert report.speedup == pytest.approx(1.9)  # 95 chunks/s against serial's 50
    assert explain(report).startswith(
        "Processes: 2.0 cores busy, 1.9× the work of serial in the same 4 s"
    )
