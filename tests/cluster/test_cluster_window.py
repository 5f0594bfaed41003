"""Cluster mode in the window: the K key starts the app's own Dask cluster, Start runs on it,
the runtime line names it, other machines get a row of cores, and closing leaves nothing."""

import time

from PySide6.QtCore import Qt

from cpuviz.core.runs.cluster_messages import ClusterHost, ClusterView, ClusterWorker, HostCores
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.plan import WORK_SIZES, Mode
from tests.cluster.conftest import START_TIMEOUT_S
from tests.conftest import child_pids, wait_until_gone
from tests.run_ends import collect_reports, run_ends
from tests.ui.conftest import RUN_TIMEOUT_MS


def choose_cluster(window, qtbot):
    """Press K, and wait for the cluster the choice starts."""
    qtbot.keyClick(window, Qt.Key.Key_K)
    assert window.controls.mode is Mode.CLUSTER
    qtbot.waitUntil(
        lambda: window.controller.is_ready and "Dask" in window.runtime_label.text(),
        timeout=int(START_TIMEOUT_S * 1000),
    )


def test_k_starts_a_cluster_and_start_runs_on_it(open_window, qtbot):
    window = open_window(mode=Mode.THREADS)
    choose_cluster(window, qtbot)
    assert window.runtime_label.text().splitlines()[-1].endswith("2 workers, 1 host")
    assert window.banner.text().startswith("CLUSTER")
    reports = collect_reports(window.controller)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=RUN_TIMEOUT_MS)
    assert window.results.row_texts(0)[0] == "Cluster × 2"
    assert reports[1].result.checksum == reports[0].result.checksum  # the serial baseline's
    assert window.status.caption.text().startswith("Cluster:")
    assert window.core_view.other_machines.machines() == []  # every worker is on this machine


def test_closing_the_window_mid_cluster_run_leaves_no_process(open_window, qtbot):
    window = open_window(mode=Mode.THREADS, size=WORK_SIZES["small"])  # ≈ 1 s serial here
    choose_cluster(window, qtbot)
    with qtbot.waitSignal(
        window.controller.run_started,
        timeout=RUN_TIMEOUT_MS,
        check_params_cb=lambda plan: plan.mode is Mode.CLUSTER,
    ):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    ours = child_pids()
    assert len(ours) >= 5  # host 0, the driver and its cluster: a nanny's worker per worker
    window.close()
    assert wait_until_gone(ours, timeout_s=10.0) == set()


def test_other_machines_get_a_row_of_cores_that_comes_and_goes(open_window):
    """What the driver reports of a cluster on three machines, as the window shows it."""
    window = open_window(mode=Mode.THREADS)
    window.controls.mode_toggle.show_value(Mode.CLUSTER)  # as chosen, without a cluster to start
    here = ClusterHost("laptop", 2, 1, this_machine=True)
    lab = [ClusterHost("lab-1", 8, 2), ClusterHost("lab-2", 64, 4)]
    workers = (ClusterWorker("a", "laptop"), ClusterWorker("b", "lab-1"))
    cluster = window.controller.cluster
    cluster.changed.emit(ClusterView("tcp://lab-0:8786", False, workers, (here, *lab)))
    rows = window.core_view.other_machines
    assert rows.machines() == ["lab-1", "lab-2"]
    assert window.core_view.span_label.text().startswith("this machine")
    cluster.cores.emit(HostCores("lab-1", (100.0, 0.0, 49.6, 0, 0, 0, 0, 0), time.monotonic()))
    assert rows.shown_pct("lab-1") == [100, 0, 50, 0, 0, 0, 0, 0]
    assert window.runtime_label.text().splitlines()[-1] == "Dask lab-0:8786 · 2 workers, 3 hosts"
    cluster.changed.emit(ClusterView("tcp://lab-0:8786", False, workers, (here, lab[0])))
    assert rows.machines() == ["lab-1"]  # lab-2 left: its row goes, no restart
    cluster.lost.emit("the Dask scheduler at tcp://lab-0:8786 went away")
    assert rows.machines() == [] and "Dask" not in window.runtime_label.text()
    assert (
        window.status.caption.text() == "Cluster: the Dask scheduler at tcp://lab-0:8786 went away"
    )


def test_a_worker_killed_mid_run_is_a_line_per_rerun_and_the_run_finishes(open_window, qtbot):
    """`--fault kill9` in cluster mode: the first task kills its Dask worker, once."""
    window = open_window(mode=Mode.THREADS, size=WORK_SIZES["small"])
    window.choices.fault = Fault.KILL9
    choose_cluster(window, qtbot)
    reruns = []
    window.controller.cluster.rerun.connect(reruns.append)
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, mode=Mode.CLUSTER) as finished:
        qtbot.keyClick(window, Qt.Key.Key_Space)
    result = finished.report.result
    assert result.chunks_done == WORK_SIZES["small"].chunks
    assert reruns and list(result.reruns) == reruns
    assert all("re-run elsewhere: worker" in line for line in reruns)
    assert "again after a worker left" in window.status.caption.text()
    assert window.controls.start_stop.text() == "Start"  # the app stays usable
