import time

import pytest

from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.sampling.sources import PsutilSource, SyntheticSource, parse_source
from tests.conftest import TINY


def test_idle_synthetic_machine_reports_exact_busy_cores():
    sample = SyntheticSource(8, idle_pct=5.0).sample()
    assert sample.per_core_pct == (5.0,) * 8
    assert sample.busy_cores == pytest.approx(0.4)


def test_processes_fill_one_core_per_worker():
    source = SyntheticSource(8, idle_pct=0.0)
    source.observe_run(RunPlan(Mode.PROCESSES, 4, TINY))
    assert source.sample().per_core_pct == (100.0,) * 4 + (0.0,) * 4
    assert source.sample().busy_cores == 4.0


def test_threads_keep_one_core_busy_and_hop_between_cores():
    source = SyntheticSource(4, idle_pct=0.0)
    source.observe_run(RunPlan(Mode.THREADS, 4, TINY))
    samples = [source.sample() for _ in range(4)]
    assert [sample.busy_cores for sample in samples] == [1.0] * 4
    busiest = [sample.per_core_pct.index(100.0) for sample in samples]
    assert sorted(busiest) == [0, 1, 2, 3]


def test_the_end_of_a_run_makes_the_machine_idle_again():
    source = SyntheticSource(2, idle_pct=1.0)
    source.observe_run(RunPlan(Mode.PROCESSES, 2, TINY))
    source.observe_run(None)
    assert source.sample().per_core_pct == (1.0, 1.0)


def test_psutil_source_reports_every_logical_core_in_range():
    source = PsutilSource()
    sample = source.sample()
    assert len(sample.per_core_pct) == source.core_count
    assert all(0.0 <= pct <= 100.0 for pct in sample.per_core_pct)


def test_psutil_source_sees_a_core_this_test_keeps_busy():
    """Machine-wide, so another program's load counts too: what must show is at least the
    share of a core this test itself burned meanwhile, by its own CPU clock."""
    source = PsutilSource()
    started_cpu_s, started_s = time.process_time(), time.monotonic()
    source.sample()
    while time.monotonic() < started_s + 0.5:
        pass
    busy_cores = source.sample().busy_cores
    ours = (time.process_time() - started_cpu_s) / (time.monotonic() - started_s)
    assert ours > 0.2  # it did get a core for part of the time, loaded or not
    assert busy_cores >= ours - 0.05  # the kernel's tick accounting rounds a little


@pytest.mark.parametrize("spec", ["synthetic:0", "synthetic:257", "synthetic:x", "magic", ""])
def test_bad_source_specs_are_refused_with_the_valid_forms(spec):
    with pytest.raises(ValueError, match="psutil' or 'synthetic:N'"):
        parse_source(spec)


def test_source_specs_build_the_right_source():
    assert parse_source("synthetic:256").core_count == 256
    assert parse_source("psutil").name == "psutil"
