"""Cluster mode's commands with a real cluster: an unreachable scheduler, or an app's own
cluster that cannot start, fails in one line, and a recording keeps the cluster's machines."""

import subprocess
import sys

import pytest

from cpuviz.core.recording.reader import load_recording
from cpuviz.core.runs.cluster_messages import ClusterView
from cpuviz.core.runs.results import RunReport
from tests.cli.conftest import PROJECT_ROOT
from tests.cluster.conftest import WITHOUT_127_0_0_1, WORKER_NAMES


def test_an_unreachable_scheduler_fails_in_one_line(run_cpuviz, unreachable_scheduler):
    finished = run_cpuviz("bench", "--modes", "cluster", "--scheduler", unreachable_scheduler)
    assert finished.returncode == 1
    assert finished.stderr.startswith(
        f"cpuviz bench: run failed: could not reach Dask at {unreachable_scheduler}: "
    )
    assert finished.stderr.count("\n") == 1


def test_the_apps_own_cluster_failing_to_start_fails_in_one_line(namespaces):
    """Where 127.0.0.1 cannot be assigned (a network of its own without it), the app's own
    cluster, which listens on loopback only, cannot start."""
    command = [*WITHOUT_127_0_0_1, sys.executable, "-m", "cpuviz", "bench", "--modes", "cluster"]
    finished = subprocess.run(
        command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=90, check=False
    )
    assert finished.returncode == 1
    assert finished.stderr.startswith(
        "cpuviz bench: run failed: could not start a local Dask cluster: "
    )
    assert "Cannot assign requested address" in finished.stderr
    assert finished.stderr.count("\n") == 1


@pytest.mark.slow
def test_a_recorded_cluster_run_keeps_its_machines(run_cpuviz, lab, tmp_path):
    demo = tmp_path / "cluster.jsonl"
    recorded = run_cpuviz(
        *("record", str(demo), "--mode", "cluster", "--scheduler", lab.address),
        *("--workers", "2", "--size", "small"),
    )
    assert recorded.returncode == 0, recorded.stderr
    entries = [entry.item for entry in load_recording(demo).entries]
    views = [item for item in entries if isinstance(item, ClusterView)]
    assert views and not views[-1].embedded
    assert sorted(worker.name for worker in views[-1].workers) == list(WORKER_NAMES)
    (report,) = [item for item in entries if isinstance(item, RunReport) and not item.is_baseline]
    assert report.result.plan.mode == "cluster"
    assert [host.workers for host in report.result.hosts] == [2]
