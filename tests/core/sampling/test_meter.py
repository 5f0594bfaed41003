import pytest

from cpuviz.core.sampling.meter import BusyCoresMeter
from cpuviz.core.sampling.sources import CpuSample


def test_mean_is_weighted_by_the_time_each_sample_covers():
    meter = BusyCoresMeter()
    meter.start(at_s=10.0)
    meter.add(CpuSample((100.0, 100.0), taken_at_s=11.0))  # 2 cores for 1 s
    meter.add(CpuSample((100.0, 0.0), taken_at_s=14.0))  # 1 core for 3 s
    assert meter.mean == pytest.approx((2 * 1 + 1 * 3) / 4)


def test_samples_outside_a_run_are_ignored():
    meter = BusyCoresMeter()
    meter.add(CpuSample((100.0,), taken_at_s=1.0))
    assert meter.mean is None
    meter.start(at_s=5.0)
    meter.add(CpuSample((100.0,), taken_at_s=4.0))  # taken before the run began
    assert meter.mean is None
    meter.add(CpuSample((50.0,), taken_at_s=6.0))
    meter.stop()
    meter.add(CpuSample((100.0,), taken_at_s=7.0))
    assert meter.mean == pytest.approx(0.5)
