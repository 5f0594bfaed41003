import pytest

from cpuviz.core.runs.amdahl import amdahl_speedup, serial_fraction


def test_no_speedup_on_several_cores_means_all_of_it_behaved_serially():
    assert serial_fraction(1.0, processors=4) == 1.0


def test_perfect_speedup_means_nothing_serial():
    assert serial_fraction(4.0, processors=4) == 0.0


def test_the_fraction_found_gives_back_the_measured_speedup():
    serial = serial_fraction(1.8, processors=2)
    assert amdahl_speedup(serial, 2) == pytest.approx(1.8)
    assert amdahl_speedup(serial, 1000) == pytest.approx(1 / serial, rel=0.01)


def test_one_processor_says_nothing_and_odd_speedups_are_clamped():
    assert serial_fraction(1.0, processors=1) is None
    assert serial_fraction(0.5, processors=2) == 1.0
    assert serial_fraction(2.2, processors=2) == 0.0
