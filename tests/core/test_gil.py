"""Who held the GIL, from the threads' states: the figures the GIL page and bench show."""

import pytest

from cpuviz.core.gil import GilTrace

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
    assert list(trace_of(baton).slots)[:6] == [frozenset({A})] * 5 + [frozenset({B})]


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


def test_threads_of_different_processes_never_wait_for_each_other():
    figures = trace_of([{A, OTHER}] * 50).figures()  # B sleeps, A and OTHER run
    assert figures.overlap_pct == 0  # A and OTHER share no GIL
    assert figures.handoffs_per_s == 0
    assert figures.threads == 3
