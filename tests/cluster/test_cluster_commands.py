"""Cluster mode's commands with a real cluster: an unreachable scheduler fails in one line, and
a recording keeps the cluster's machines."""

import pytest

from cpuviz.core.recording.reader import load_recording
from cpuviz.core.runs.cluster_messages import ClusterView
from cpuviz.core.runs.results import RunReport


@pytest.mark.slow
def test_an_unreachable_scheduler_fails_in_one_line(run_cpuviz):
    finished = run_cpuviz("bench", "--modes", "cluster", "--scheduler", "tcp://127.0.0.1:9")
    assert finished.returncode == 1
    assert finished.stderr.startswith(
        "cpuviz bench: run failed: could not reach Dask at tcp://127.0.0.1:9: "
    )
    assert finished.stderr.count("\n") == 1


def test_a_recorded_cluster_run_keeps_its_machines(run_cpuviz, tmp_path):
    demo = tmp_path / "cluster.jsonl"
    recorded = run_cpuviz(
        "record", str(demo), "--mode", "cluster", "--workers", "2", "--size", "small"
    )
    assert recorded.returncode == 0, recorded.stderr
    entries = [entry.item for entry in load_recording(demo).entries]
    views = [item for item in entries if isinstance(item, ClusterView)]
    assert views and views[-1].embedded and len(views[-1].workers) == 2
    (report,) = [item for item in entries if isinstance(item, RunReport) and not item.is_baseline]
    assert report.result.plan.mode == "cluster"
    assert [host.workers for host in report.result.hosts] == [2]
