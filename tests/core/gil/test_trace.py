"""Who held the GIL, from the threads' states: the figures the GIL page and bench show."""

import pytest

from cpuviz.core.gil.trace import MAX_THREADS_SHOWN, GilTrace

A, B = (100, 101), (100, 102)  # two threads of one process
OTHER = (200, 201)  # the thread of another process


def trace_of(slots, slot_s=0.001):
    """A trace fed `slots`, each the set of threads running in it, one every `slot_s`."""
    trace = GilTrace()
    threads = {thread for slot in slots for thread in slot} | {A, B}
    for number, running in enumerate([set(), *slots]):
        trace.add({thread: thread in running for thread in threads}, number * slot_s)
    return trace


def test_threads_taking_turns_hand_the_gil_over_and_wait_half_the_time():
    baton = ([{A}] * 5 + [{B}] * 5) * 20  # 5 ms each, in turn, for 0.2 s
    figures = trace_of(baton).figures()
    assert figures.handoffs_per_s == pytest.approx(39 / 0.2)
    assert figures.waiting_pct == pytest.approx(50)
    assert figures.overlap_pct == 0
    assert figures.held_pct == pytest.approx(100)  # one more thread would always wait
    lanes = trace_of(baton).take()
    assert lanes.lanes == 2
    assert lanes.running[:6] == (0b01,) * 5 + (0b10,)  # a column a millisecond, a bit a lane


def test_threads_in_c_code_run_together_and_do_not_wait():
    """Together for three readings is side by side; the first two could have been a hand-off."""
    figures = trace_of([{A, B}] * 100).figures()
    assert figures.overlap_pct == pytest.approx(98)
    assert figures.waiting_pct == pytest.approx(100 * 2 / (2 * 100))
    assert figures.handoffs_per_s <= 10


def test_both_running_for_a_moment_is_the_baton_changing_hands():
    baton = ([{A}] * 4 + [{A, B}] + [{B}] * 4 + [{A, B}]) * 10
    figures = trace_of(baton).figures()
    assert figures.overlap_pct == 0
    assert figures.handoffs_per_s == pytest.approx(20 / 0.1)  # two a period of 10 ms
    assert figures.waiting_pct == pytest.approx(50)


def test_threads_asleep_on_io_are_not_waiting_for_the_gil():
    io = ([set()] * 19 + [{A}] + [set()] * 19 + [{B}]) * 5
    figures = trace_of(io).figures()
    assert figures.waiting_pct == pytest.approx(100 * 10 / (2 * 200))  # only while one ran
    assert figures.overlap_pct == 0
    assert figures.held_pct == pytest.approx(100 * 10 / 200)  # the GIL was mostly free


def test_threads_of_different_processes_never_wait_for_each_other():
    figures = trace_of([{A, OTHER}] * 50).figures()  # B sleeps, A and OTHER run
    assert figures.overlap_pct == 0  # A and OTHER share no GIL
    assert figures.handoffs_per_s == 0
    assert figures.threads == 3


def test_lanes_keep_true_time_however_far_apart_the_readings_are():
    """Coarse readings (psutil's clocks, every 20 ms) draw as many columns as milliseconds."""
    trace = trace_of([{A}, {B}, {A}], slot_s=0.02)
    lanes = trace.take(resolution_s=0.02)
    assert lanes.running == (0b01,) * 20 + (0b10,) * 20 + (0b01,) * 20
    assert lanes.resolution_ms == 20
    assert trace.take().running == ()  # taken once: the next take has only what came since


def test_more_threads_than_lanes_show_the_first_sixteen():
    threads = [(100, tid) for tid in range(20)]
    trace = GilTrace()
    for number in range(3):
        trace.add({thread: thread == threads[19] for thread in threads}, number * 0.001)
    lanes = trace.take()
    assert lanes.lanes == MAX_THREADS_SHOWN
    assert lanes.figures.threads == 20
    assert set(lanes.running) == {0}  # the running thread has no lane; the figures count it
    assert lanes.figures.waiting_pct == pytest.approx(95)
