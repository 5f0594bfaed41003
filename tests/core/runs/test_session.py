"""The run session's rules, on plain data: which run goes next, with which fault, and how a
run's end is reported against its baseline. No processes: results are made up."""

from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.outcome import RunFailed, RunFinished, RunStopped
from cpuviz.core.runs.plan import BASELINE_RUN_S, Mode, RunPlan, timed_work
from cpuviz.core.runs.results import RunResult
from cpuviz.core.runs.runtime import window_python
from cpuviz.core.runs.session import BaselineKey, RunSession
from cpuviz.core.system.pythons import PythonBuild, PythonInfo
from cpuviz.core.work.workloads import Workload
from tests.conftest import LONG, TINY

CORES = 4


def result(plan, elapsed_s=1.0, chunks_done=TINY.chunks, cancelled=False):
    return RunResult(plan, elapsed_s, 0, chunks_done, elapsed_s, 1.0, cancelled)


def handed_out(session):
    """Every queued plan, in order, with the fault each is to suffer."""
    runs = []
    while session.waiting:
        runs.append(session.next_run())
    return runs


def test_a_run_without_a_baseline_is_queued_behind_its_serial_one_with_fresh_run_ids():
    session = RunSession(CORES)
    session.queue([(Workload.CPU, Mode.THREADS)], 2, TINY)
    runs = handed_out(session)
    assert [(plan.mode, plan.worker_count, plan.size) for plan, _ in runs] == [
        (Mode.SERIAL, 1, TINY),
        (Mode.THREADS, 2, TINY),
    ]
    session.queue([(Workload.IO, Mode.THREADS)], 2, TINY)
    more = handed_out(session)
    assert [plan.run_id for plan, _ in runs + more] == [1, 2, 3, 4]


def test_two_runs_of_the_same_work_share_one_baseline():
    session = RunSession(CORES)
    session.queue([(Workload.CPU, Mode.THREADS), (Workload.CPU, Mode.PROCESSES)], 2, TINY)
    assert [plan.mode for plan, _ in handed_out(session)] == [
        Mode.SERIAL,
        Mode.THREADS,
        Mode.PROCESSES,
    ]


def test_an_asked_for_serial_run_is_the_baseline_of_the_runs_after_it():
    session = RunSession(CORES)
    session.queue([(Workload.CPU, Mode.SERIAL), (Workload.CPU, Mode.THREADS)], 2, timed_work(15))
    plans = [plan for plan, _ in handed_out(session)]
    assert [(plan.mode, plan.size.seconds) for plan in plans] == [
        (Mode.SERIAL, 15),
        (Mode.THREADS, 15),
    ]


def test_a_timed_runs_baseline_is_shorter_and_serves_every_length():
    session = RunSession(CORES)
    session.queue([(Workload.CPU, Mode.THREADS)], 2, timed_work(15))
    baseline, _ = session.next_run()
    assert baseline.size.seconds == BASELINE_RUN_S
    longer = RunPlan(Mode.THREADS, 2, timed_work(60), python=baseline.python)
    assert BaselineKey.of(baseline) == BaselineKey.of(longer)
    session.next_run()
    session.ended(result(baseline, elapsed_s=BASELINE_RUN_S), None, stopped=False)
    session.queue([(Workload.CPU, Mode.PROCESSES)], 2, timed_work(60))
    assert [plan.mode for plan, _ in handed_out(session)] == [Mode.PROCESSES]


def test_a_run_shorter_than_the_baseline_waits_no_longer_than_itself_for_it():
    session = RunSession(CORES)
    session.queue([(Workload.CPU, Mode.THREADS)], 2, timed_work(2))
    baseline, _ = session.next_run()
    assert (baseline.mode, baseline.size.seconds) == (Mode.SERIAL, 2)


def test_a_baseline_is_kept_per_workload_amount_and_code():
    plan = RunPlan(Mode.THREADS, 2, TINY, workload=Workload.CPU)
    assert BaselineKey.of(plan) == BaselineKey.of(RunPlan(Mode.SERIAL, 1, TINY))
    assert BaselineKey.of(plan) != BaselineKey.of(RunPlan(Mode.SERIAL, 1, LONG))
    assert BaselineKey.of(plan) != BaselineKey.of(
        RunPlan(Mode.SERIAL, 1, TINY, workload=Workload.IO)
    )


def test_runs_on_another_python_get_a_serial_baseline_on_that_python():
    """Threads on 3.13 are read against serial on 3.13, not the window's Python's serial."""
    session = RunSession(CORES)
    session.queue([(Workload.CPU, Mode.THREADS)], 2, TINY)
    (serial, _), _ = handed_out(session)
    session.ended(result(serial), None, stopped=False)
    session.use_python(PythonInfo("/opt/python3.13", "3.13.0"))
    session.queue([(Workload.CPU, Mode.THREADS)], 2, TINY)
    runs = [(plan.mode, plan.python) for plan, _ in handed_out(session)]
    assert runs == [(Mode.SERIAL, PythonBuild("3.13.0")), (Mode.THREADS, PythonBuild("3.13.0"))]
    assert serial.python == window_python().build


def test_the_fault_hits_the_first_run_that_is_not_a_baseline_once():
    session = RunSession(CORES)
    session.queue(
        [(Workload.CPU, Mode.THREADS), (Workload.CPU, Mode.PROCESSES)], 2, TINY, Fault.KILL9
    )
    faults = [(plan.mode, fault) for plan, fault in handed_out(session)]
    assert faults == [
        (Mode.SERIAL, Fault.NONE),
        (Mode.THREADS, Fault.KILL9),
        (Mode.PROCESSES, Fault.NONE),
    ]


def test_a_fault_not_spent_by_one_batch_does_not_reach_the_next():
    session = RunSession(CORES)
    session.queue([(Workload.CPU, Mode.SERIAL)], 1, TINY, Fault.RAISE)
    assert handed_out(session)[0][1] is Fault.NONE
    session.queue([(Workload.CPU, Mode.THREADS)], 2, TINY)
    assert [fault for _, fault in handed_out(session)] == [Fault.NONE, Fault.NONE]


def test_a_finished_run_is_reported_against_its_baseline():
    session = RunSession(CORES)
    session.queue([(Workload.CPU, Mode.THREADS)], 2, TINY)
    (serial, _), (threads, _) = handed_out(session)
    baseline = session.ended(result(serial, elapsed_s=2.0), None, stopped=False)
    assert isinstance(baseline, RunFinished)
    assert baseline.report.is_baseline and baseline.report.speedup == 1.0
    ended = session.ended(result(threads, elapsed_s=0.5), None, stopped=False)
    assert isinstance(ended, RunFinished)
    report = ended.report
    assert not report.is_baseline and report.cores == CORES
    assert report.baseline_elapsed_s == 2.0 and report.speedup == 4.0


def test_failed_and_stopped_runs_end_as_such_and_measure_no_baseline():
    session = RunSession(CORES)
    serial = RunPlan(Mode.SERIAL, 1, TINY, run_id=1)
    assert session.ended(result(serial), "worker 0 died", stopped=False) == RunFailed(
        "worker 0 died"
    )
    assert session.ended(result(serial), None, stopped=True) == RunStopped()
    assert session.ended(result(serial, cancelled=True), None, stopped=False) == RunStopped()
    session.queue([(Workload.CPU, Mode.THREADS)], 2, TINY)
    assert [plan.mode for plan, _ in handed_out(session)] == [Mode.SERIAL, Mode.THREADS]


def test_dropping_a_mode_keeps_the_other_runs_and_clear_forgets_them_all():
    session = RunSession(CORES)
    session.queue([(Workload.CPU, Mode.CLUSTER), (Workload.CPU, Mode.THREADS)], 2, TINY)
    session.drop(Mode.CLUSTER)
    assert [plan.mode for plan, _ in handed_out(session)] == [Mode.SERIAL, Mode.THREADS]
    session.queue([(Workload.CPU, Mode.THREADS)], 2, TINY)
    session.clear()
    assert not session.waiting
