from cpuviz.core.runs.events import DeadWorker
from cpuviz.core.runs.messages import Progress, WorkerFailed, WorkerFinished
from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.tracker import RunTracker
from cpuviz.core.work.workloads import combine
from tests.conftest import TINY

PLAN = RunPlan(Mode.PROCESSES, 2, TINY, run_id=7)


def finished(worker, checksum, at_s, cancelled=False, run_id=7):
    return WorkerFinished(run_id, worker, 6, checksum, 0.5, at_s, cancelled)


def test_a_run_is_done_when_every_worker_has_finished():
    tracker = RunTracker(PLAN, dispatched_at_s=100.0)
    tracker.feed(Progress(7, 0, 3))
    assert tracker.fraction_done() == 3 / 12
    tracker.feed(finished(0, 11, at_s=101.0))
    assert not tracker.done
    tracker.feed(finished(1, 22, at_s=101.5))
    result = tracker.result(busy_cores=1.9)
    assert tracker.done and tracker.failure is None
    assert result.elapsed_s == 1.5
    assert result.checksum == combine(11, 22)
    assert result.cpu_s == 1.0
    assert not result.cancelled


def test_events_of_another_run_are_ignored():
    tracker = RunTracker(PLAN, dispatched_at_s=0.0)
    tracker.feed(finished(0, 1, at_s=1.0, run_id=6))
    tracker.feed(WorkerFailed(6, 1, "old news"))
    assert tracker.chunks_done == 0 and tracker.failure is None


def test_eta_extrapolates_from_the_rate_so_far():
    tracker = RunTracker(PLAN, dispatched_at_s=0.0)
    assert tracker.eta_s(now_s=1.0) is None
    tracker.feed(Progress(7, 0, 3))  # a quarter done after 1 s
    assert tracker.eta_s(now_s=1.0) == 3.0


def test_a_failing_worker_names_itself_and_its_error():
    tracker = RunTracker(PLAN, dispatched_at_s=0.0)
    tracker.feed(WorkerFailed(7, 1, "ZeroDivisionError: division by zero"))
    assert tracker.failure == "worker 1 failed: ZeroDivisionError: division by zero"
    tracker.feed(finished(0, 5, at_s=1.0, cancelled=True))
    assert tracker.done


def test_a_dead_host_fails_its_workers_with_the_signal():
    tracker = RunTracker(RunPlan(Mode.THREADS, 2, TINY, run_id=7), dispatched_at_s=0.0)
    tracker.workers_died(DeadWorker(worker_ids=(0, 1), pid=4242, exitcode=-9))
    assert tracker.done
    assert tracker.failure == "workers 0, 1 (pid 4242) died: killed by signal 9"
