"""The Code page's snippets: each mode's own lines, the app's real kernel, short enough to read."""

import pytest

from cpuviz.core.runs.plan import Mode
from cpuviz.core.stdlib_code.differences import changed_lines
from cpuviz.core.stdlib_code.kernels import kernel_parts
from cpuviz.core.stdlib_code.snippets import snippet
from cpuviz.core.stdlib_code.work import ShownWork
from cpuviz.core.work.user_code import parse_work
from cpuviz.core.work.workloads import Workload, chunk_checksum, combine, serial_checksum

EXPECTED = {
    Mode.SERIAL: "for i in range(CHUNKS)",
    Mode.THREADS: "threading.Thread(target=run",
    Mode.PROCESSES: "pool.apply_async(share",
    Mode.ASYNCIO: "asyncio.gather(",
    Mode.INTERPRETERS: "InterpreterPoolExecutor(WORKERS)",
    Mode.FREE_THREADED: "free-threaded Python",
    Mode.CLUSTER: "client.map(share",
}


@pytest.mark.parametrize("mode", list(Mode))
def test_each_mode_shows_its_own_lines_and_compiles(mode):
    code = snippet(mode, ShownWork(Workload.IO, chunks=30), 3)
    assert EXPECTED[mode] in code
    assert "CHUNKS" in code and "= 30" in code
    compile(code, f"<{mode}>", "exec")


def test_processes_guard_the_start_and_say_why():
    code = snippet(Mode.PROCESSES, ShownWork(), 2)
    lines = code.splitlines()
    guard = lines.index('if __name__ == "__main__":')
    assert "spawn" in lines[guard - 1]
    assert "pool.close()" in code and "t.get()" in code


@pytest.mark.parametrize("workload", list(Workload))
def test_the_kernel_shown_is_the_one_that_runs(workload):
    """Running the kernel's source gives the app's own checksums, chunk for chunk."""
    namespace: dict = {}
    parts = kernel_parts(ShownWork(workload), docstrings=False)
    exec("\n".join([*parts.imports, *parts.definitions]), namespace)
    namespace["ITERATIONS"] = 2_000
    checksum = 0
    for i in range(4):
        checksum = combine(checksum, chunk_checksum(eval(parts.call, namespace, {"i": i})))
    assert checksum == serial_checksum(4, 2_000, workload)


def test_the_users_function_is_imported_from_their_file():
    work = ShownWork(code=parse_work("examples/primes.py:count_primes"), chunks=8)
    code = snippet(Mode.THREADS, work, 2)
    assert "from primes import count_primes" in code
    assert "count_primes(i) for i in mine" in code
    assert "def cpu_chunk" not in code


def test_threads_and_processes_fit_a_projector_page():
    for mode in (Mode.THREADS, Mode.PROCESSES):
        lines = snippet(mode, ShownWork(), 2).splitlines()
        assert len(lines) <= 24
        assert max(map(len, lines)) <= 64


def test_threads_to_processes_changes_only_the_starting_lines():
    threads = snippet(Mode.THREADS, ShownWork(), 2)
    processes = snippet(Mode.PROCESSES, ShownWork(), 2)
    changed = changed_lines(threads, processes)
    lines = processes.splitlines()
    assert 0 in changed  # import multiprocessing
    assert {lines[line] for line in changed} >= {"    pool.close()", "    pool.join()"}
    assert not any("def cpu_chunk" in lines[line] or "CHUNKS," in lines[line] for line in changed)
    assert len(changed) <= len(lines) // 3


def test_no_change_marks_nothing():
    code = snippet(Mode.THREADS, ShownWork(), 2)
    assert changed_lines(code, code) == set()
