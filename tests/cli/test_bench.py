"""`cpuviz bench`: real runs, headless, in the documented JSON shape, without Qt.

One bench of every workload in every mode of one machine, shared by the tests that read it:
each would otherwise run (part of) the same matrix again.
"""

import contextlib
import json
import subprocess
import sys
import uuid

import psutil
import pytest

from cpuviz.core.gil.readers import thread_states_available
from cpuviz.core.headless.bench import BenchReport, BenchRun, SkippedMode
from cpuviz.core.runs.availability import unavailable
from cpuviz.core.runs.plan import Mode, logical_cores
from cpuviz.core.runs.runtime import detect_runtime
from cpuviz.core.work.workloads import Workload
from tests.cli.conftest import cpuviz, cpuviz_env
from tests.conftest import wait_until_gone

# Every mode of one machine (tests/cluster runs cluster mode, which starts a Dask cluster).
ONE_MACHINE = [mode for mode in Mode if mode is not Mode.CLUSTER]
RUNTIME = detect_runtime()


@pytest.fixture(scope="module")
def every_run() -> dict:
    """`cpuviz bench --json` of every workload in every mode of one machine, two workers."""
    modes = ",".join(ONE_MACHINE)
    finished = cpuviz(
        "bench", "--json", "--workload", "all", "--modes", modes, "--workers", "2",
        "--repeat", "1", timeout_s=300,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout)


def test_bench_json_has_the_documented_shape(every_run):
    report = every_run
    assert report["cores"] == logical_cores()
    assert report["python"] == ".".join(map(str, sys.version_info[:3]))
    cpu_modes = [run["mode"] for run in report["runs"] if run["workload"] == "cpu"]
    assert cpu_modes == [
        mode.value for mode in ONE_MACHINE if unavailable(mode, Workload.CPU, RUNTIME) is None
    ]  # serial first, then the modes in the order asked
    for run in report["runs"]:
        assert set(run) == {
            "workload",
            "mode",
            "workers",
            "size",
            "elapsed_s",
            "speedup",
            "busy_cores",
            "gil",
            "same_results",
            "startup_s",
            "transfer_s",
            "hosts",
            "reruns",
            "other_cores",  # what other programs used meanwhile, in cores
            "busy_elsewhere",  # the sentence saying so, or None on a quiet machine
        }
        # In every mode the same chunks give serial's checksum: each mode computed it all.
        assert run["same_results"] is True, run
        assert run["size"] == "small"
        assert run["elapsed_s"] > 0 and run["speedup"] > 0
        # The run's own share of this machine's cores, by its workers' clocks: a short run
        # that mostly waits or moves results may round to none; pure Python never does.
        assert 0 <= run["busy_cores"] <= report["cores"]
        assert run["busy_cores"] > 0 or run["workload"] != "cpu"
        assert run["workers"] == (1 if run["mode"] == "serial" else 2)
    serial_runs = [run for run in report["runs"] if run["mode"] == "serial"]
    assert [run["speedup"] for run in serial_runs] == [1.0] * len(Workload)


def test_bench_covers_every_workload_and_lists_the_modes_it_cannot_run(every_run):
    report = every_run
    runtime = RUNTIME
    expected = {
        (workload.value, mode.value): unavailable(mode, workload, runtime)
        for workload in Workload
        for mode in ONE_MACHINE
    }
    measured = {(run["workload"], run["mode"]) for run in report["runs"]}
    skipped = {(skip["workload"], skip["mode"]): skip["reason"] for skip in report["skipped"]}
    assert measured == {key for key, why_not in expected.items() if why_not is None}
    assert skipped == {key: why_not.reason for key, why_not in expected.items() if why_not}
    assert ("cpu", "asyncio") in skipped
    assert report["gil_enabled"] is runtime.gil_enabled
    assert all(run["hosts"] is None for run in report["runs"])  # only cluster runs have any


def test_bench_table_ends_with_the_workload_by_mode_matrix(every_run):
    """The table is the JSON's report printed another way (bench without --json prints it;
    test_work reads such a table): its last lines are the speedup of each workload by mode."""
    report = BenchReport(
        **every_run
        | {
            "runs": [BenchRun(**run) for run in every_run["runs"]],
            "skipped": [SkippedMode(**skip) for skip in every_run["skipped"]],
        }
    )
    measured_modes = list(dict.fromkeys(run["mode"] for run in every_run["runs"]))
    matrix = report.to_table().strip().splitlines()[-len(Workload) - 1 :]
    assert matrix[0].split() == ["speedup", *measured_modes]
    assert [line.split()[0] for line in matrix[1:]] == [workload.value for workload in Workload]
    speedups = {(run["workload"], run["mode"]): run["speedup"] for run in every_run["runs"]}
    for line, workload in zip(matrix[1:], Workload, strict=True):
        cells = line.split()[1:]
        assert cells == [
            f"{speedups[workload, mode]:.2f}×" if (workload, mode) in speedups else "–"
            for mode in measured_modes
        ]


def test_an_unknown_workload_is_one_line_and_exit_2(run_cpuviz):
    finished = run_cpuviz("bench", "--workload", "gpu")
    assert finished.returncode == 2
    assert finished.stderr.count("\n") == 1
    assert "'gpu': choose from cpu,io,native,data or all" in finished.stderr


@pytest.mark.parametrize(
    ("fault", "complaint"),
    [
        ("raise", "worker 0 failed: InjectedFaultError: this worker was asked to fail"),
        ("kill9", "died: killed by signal 9"),
    ],
)
def test_bench_reports_a_failed_worker_in_one_line_and_leaves_no_process(
    fault, complaint, run_cpuviz
):
    mark = f"bench-{uuid.uuid4()}"
    env = cpuviz_env(CPUVIZ_TEST_MARK=mark)
    # The data workload: its serial baseline, which no fault hits, is over in a tenth of a second.
    finished = run_cpuviz(
        "bench", "--modes", "processes", "--workload", "data", "--repeat", "1", "--fault", fault,
        env=env,
    )  # fmt: skip
    assert finished.returncode == 1
    assert finished.stderr.startswith("cpuviz bench: run failed: worker 0")
    assert complaint in finished.stderr
    assert finished.stderr.count("\n") == 1
    assert wait_until_gone(processes_marked(mark)) == set()


def processes_marked(mark: str) -> set[int]:
    """The processes of one command: every child inherits its environment, and so the mark
    (another run on the same machine has another)."""
    marked = set()
    for process in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            if process.environ().get("CPUVIZ_TEST_MARK") == mark:
                marked.add(process.pid)
    return marked


def test_the_command_line_and_the_workers_never_import_qt():
    code = (
        "import sys, cpuviz.cli.main, cpuviz.core.headless.bench, cpuviz.core.processes.host; "
        "print(sorted(name for name in sys.modules if name.startswith(('PySide6', 'pyqtgraph'))))"
    )
    imported = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert imported.stdout.strip() == "[]"


@pytest.mark.skipif(not thread_states_available(), reason="needs Linux's /proc thread states")
def test_bench_says_who_held_the_gil_in_runs_of_threads(every_run):
    """Shares of the threads' own time, read from their states, not rates: on a loaded machine
    the workers (at idle priority) get less CPU, and take turns all the same."""
    runs = {(run["workload"], run["mode"]): run for run in every_run["runs"]}
    # Two threads, one GIL: they take turns (make bench holds the figures to tighter goals).
    baton = runs["cpu", "threads"]["gil"]
    assert baton["waiting_pct"] >= 30 and baton["overlap_pct"] <= 20
    # It changed hands (every 5 ms, the switch interval, when the threads have the cores to
    # themselves; beside a busy program, seen as rarely as twice in a second).
    assert baton["handoffs_per_s"] > 0
    # How much less hashlib's threads wait is the benchmarks' (gil_native_waiting_pct): beside
    # another program a thread handed the GIL waits for a core too, and reads as waiting.
    assert runs["native", "threads"]["gil"] is not None
    assert runs["cpu", "processes"]["gil"] is None  # one GIL each: nothing to share
