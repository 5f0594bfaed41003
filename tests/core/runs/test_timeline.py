import pytest

from cpuviz.core.runs.messages import Progress, WorkerFinished
from cpuviz.core.runs.timeline import Stretch, WorkerTimeline

DISPATCHED_AT_S = 100.0


def progress(worker, cpu_s, at_s, run_id=7):
    return Progress(run_id, worker, chunks_done=1, cpu_s=cpu_s, at_s=DISPATCHED_AT_S + at_s)


def test_two_threads_sharing_one_core_draw_two_half_lanes():
    timeline = WorkerTimeline(run_id=7, worker_count=2, dispatched_at_s=DISPATCHED_AT_S)
    for worker in (0, 1):
        timeline.feed(progress(worker, cpu_s=0.5, at_s=1.0))
        timeline.feed(progress(worker, cpu_s=1.0, at_s=2.0))
    assert timeline.lane(0) == [Stretch(0.0, 1.0, 0.5), Stretch(1.0, 2.0, 0.5)]
    assert timeline.mean_cores(1) == 0.5
    assert timeline.total_cores == 1.0


def test_a_finished_worker_ends_its_lane_and_others_runs_are_ignored():
    timeline = WorkerTimeline(run_id=7, worker_count=1, dispatched_at_s=DISPATCHED_AT_S)
    timeline.feed(progress(0, cpu_s=9.0, at_s=1.0, run_id=6))  # a late message of a past run
    timeline.feed(WorkerFinished(7, 0, 3, 0, cpu_s=2.0, finished_at_s=102.0, cancelled=False))
    assert timeline.lane(0) == [Stretch(0.0, 2.0, 1.0)]
    assert timeline.span_s == 2.0


def test_clock_jitter_never_shows_more_than_a_whole_core():
    timeline = WorkerTimeline(run_id=7, worker_count=1, dispatched_at_s=DISPATCHED_AT_S)
    timeline.feed(progress(0, cpu_s=1.02, at_s=1.0))
    assert timeline.lane(0)[0].cores == 1.0


def test_an_empty_timeline_has_no_stretches_and_no_cores():
    timeline = WorkerTimeline(run_id=7, worker_count=3, dispatched_at_s=DISPATCHED_AT_S)
    assert [timeline.lane(worker) for worker in range(3)] == [[], [], []]
    assert timeline.total_cores == pytest.approx(0.0)
