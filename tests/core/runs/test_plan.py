from cpuviz.core.runs.plan import WORK_SIZES, Mode, RunPlan

SMALL = WORK_SIZES["small"]


def test_processes_put_each_worker_in_its_own_host():
    assert RunPlan(Mode.PROCESSES, 3, SMALL).host_assignments() == [(0,), (1,), (2,)]


def test_threads_pack_every_worker_into_one_host():
    assert RunPlan(Mode.THREADS, 3, SMALL).host_assignments() == [(0, 1, 2)]


def test_serial_is_one_worker_whatever_was_asked():
    plan = RunPlan(Mode.SERIAL, 8, SMALL)
    assert plan.worker_count == 1
    assert plan.host_assignments() == [(0,)]


def test_sizes_grow_small_to_large():
    chunks = [WORK_SIZES[name].chunks for name in ("small", "medium", "large")]
    assert chunks == sorted(chunks) and len(set(chunks)) == 3
