"""Which mode to use, in plain words, from measured speedups."""

from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.recommendation import recommend


def test_a_function_holding_the_gil_gets_processes():
    advice = recommend("crunch", {Mode.THREADS: 1.0, Mode.PROCESSES: 1.9})
    assert advice.mode is Mode.PROCESSES
    assert advice.sentence == "crunch holds the GIL: threads 1.0×, processes 1.9×: use processes"


def test_threads_nearly_as_good_as_processes_are_enough():
    advice = recommend("digest", {Mode.THREADS: 1.9, Mode.PROCESSES: 1.95})
    assert advice.mode is Mode.THREADS
    assert advice.sentence.startswith("digest releases the GIL: threads 1.9×")
    assert advice.sentence.endswith("threads are enough, and cheaper")


def test_when_neither_helps_stay_serial():
    assert recommend("tiny", {Mode.THREADS: 0.9, Mode.PROCESSES: 1.1}).mode is Mode.SERIAL


def test_no_advice_without_both_threads_and_processes():
    assert recommend("crunch", {Mode.THREADS: 1.0}) is None
