"""`cpuviz bench`: real runs, headless, in the documented JSON shape, without Qt."""

import json
import subprocess
import sys
import time

import psutil
import pytest

from cpuviz.core.plan import logical_cores
from tests.conftest import wait_until_gone


def test_bench_json_has_the_documented_shape(run_cpuviz):
    finished = run_cpuviz("bench", "--json", "--workers", "2", "--repeat", "1")
    assert finished.returncode == 0, finished.stderr
    report = json.loads(finished.stdout)
    assert report["cores"] == logical_cores()
    assert report["python"] == ".".join(map(str, sys.version_info[:3]))
    assert [run["mode"] for run in report["runs"]] == ["serial", "threads", "processes"]
    for run in report["runs"]:
        assert set(run) == {"mode", "workers", "size", "elapsed_s", "speedup", "busy_cores"}
        assert run["size"] == "small"
        assert run["elapsed_s"] > 0 and run["speedup"] > 0 and run["busy_cores"] >= 0
    assert report["runs"][0] == report["runs"][0] | {"workers": 1, "speedup": 1.0}


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
    started_at = time.time()
    finished = run_cpuviz("bench", "--modes", "processes", "--repeat", "1", "--fault", fault)
    assert finished.returncode == 1
    assert finished.stderr.startswith("cpuviz bench: run failed: worker 0")
    assert complaint in finished.stderr
    assert finished.stderr.count("\n") == 1
    assert wait_until_gone(multiprocessing_children_since(started_at)) == set()


def multiprocessing_children_since(started_at: float) -> set[int]:
    """Processes started by multiprocessing (workers, Manager, tracker) since `started_at`."""
    return {
        process.pid
        for process in psutil.process_iter(["create_time", "cmdline"])
        if (process.info["create_time"] or 0) >= started_at - 1
        and "multiprocessing" in " ".join(process.info["cmdline"] or [])
    }


def test_the_command_line_and_the_workers_never_import_qt():
    code = (
        "import sys, cpuviz.app, cpuviz.core.bench, cpuviz.core.host; "
        "print(sorted(name for name in sys.modules if name.startswith(('PySide6', 'pyqtgraph'))))"
    )
    imported = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert imported.stdout.strip() == "[]"
