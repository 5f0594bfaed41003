from cpuviz.core.work.workloads import (
    Workload,
    combine,
    cpu_chunk,
    serial_checksum,
)


def test_chunks_are_deterministic_and_distinct():
    assert cpu_chunk(3, 1000) == cpu_chunk(3, 1000)
    assert cpu_chunk(3, 1000) != cpu_chunk(4, 1000)


def test_any_split_of_the_chunks_gives_the_serial_checksum():
    workers = 3
    partials = []
    for worker in range(workers):
        partial = 0
        for chunk in range(worker, 10, workers):
            partial = combine(partial, cpu_chunk(chunk, 500))
        partials.append(partial)
    total = 0
    for partial in reversed(partials):
        total = combine(total, partial)
    assert total == serial_checksum(10, 500)


def test_io_and_native_chunks_are_deterministic_and_distinct():
    for workload in (Workload.IO, Workload.NATIVE):
        kernel = workload.kernel(2000)
        assert kernel(3) == kernel(3)
        assert kernel(3) != kernel(4)
