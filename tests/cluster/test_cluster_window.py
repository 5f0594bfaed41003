"""Cluster mode in the window: the K key starts the app's own Dask cluster, Start runs on it,
a change of workers rescales it, the runtime line names it, another machine gets a row of
cores, a scheduler that cannot be reached or is lost is one line, and closing leaves nothing."""

import psutil
import pytest
from PySide6.QtCore import Qt

from cpuviz.core.runs.cluster_target import ClusterTarget
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.outcome import RunFailed
from cpuviz.core.runs.plan import WORK_SIZES, Mode
from tests.cluster.conftest import START_TIMEOUT_S
from tests.conftest import child_pids, wait_until_gone
from tests.run_ends import collect_reports, run_ends
from tests.ui.conftest import RUN_TIMEOUT_MS

START_TIMEOUT_MS = int(START_TIMEOUT_S * 1000)


@pytest.fixture
def open_window_on(open_window):
    """open_window_on(scheduler) -> open_window's window, its cluster mode on the Dask
    scheduler at `scheduler` (open_window's runs on the app's own cluster)."""
    return lambda scheduler: open_window(cluster=ClusterTarget(scheduler))


def choose_cluster(window, qtbot):
    """Press K, and wait for the cluster the choice starts."""
    qtbot.keyClick(window, Qt.Key.Key_K)
    assert window.controls.mode is Mode.CLUSTER
    qtbot.waitUntil(
        lambda: window.controller.is_ready and "Dask" in window.runtime_label.text(),
        timeout=START_TIMEOUT_MS,
    )


def cluster_line(window) -> str:
    """The runtime line that names the cluster, e.g. "Dask 127.0.0.1:8786 · 2 workers, 1 host"."""
    return window.runtime_label.text().splitlines()[-1]


def test_k_starts_a_cluster_start_runs_on_it_and_more_workers_rescale_it(open_window, qtbot):
    window = open_window(mode=Mode.THREADS)
    choose_cluster(window, qtbot)
    assert cluster_line(window).endswith("2 workers, 1 host")
    assert window.banner.text().startswith("CLUSTER")
    reports = collect_reports(window.controller)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=RUN_TIMEOUT_MS)
    assert window.results.row_texts(0)[0] == "Cluster × 2"
    assert reports[1].result.checksum == reports[0].result.checksum  # the serial baseline's
    assert window.status.caption.text().startswith("Cluster:")
    assert window.core_view.other_machines.machines() == []  # every worker is on this machine
    processes = len(child_pids())
    window.controls.workers.setValue(3)  # cluster mode still chosen: the cluster grows
    qtbot.waitUntil(
        lambda: window.controller.is_ready and cluster_line(window).endswith("3 workers, 1 host"),
        timeout=START_TIMEOUT_MS,
    )
    assert len(child_pids()) == processes + 1  # one more Dask worker process
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, mode=Mode.CLUSTER) as finished:
        qtbot.keyClick(window, Qt.Key.Key_Space)
    result = finished.report.result
    assert result.plan.worker_count == 3 and [host.workers for host in result.hosts] == [3]
    assert result.checksum == reports[0].result.checksum


def test_closing_the_window_mid_cluster_run_leaves_no_process(open_window, qtbot):
    before = child_pids()  # the clusters the package shares are not the window's
    window = open_window(mode=Mode.THREADS, size=WORK_SIZES["small"])  # ≈ 1 s serial here
    choose_cluster(window, qtbot)
    with qtbot.waitSignal(
        window.controller.run_started,
        timeout=RUN_TIMEOUT_MS,
        check_params_cb=lambda plan: plan.mode is Mode.CLUSTER,
    ):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    ours = child_pids() - before
    assert len(ours) >= 5  # host 0, the driver and its cluster: a nanny's worker per worker
    window.close()
    assert wait_until_gone(ours, timeout_s=10.0) == set()


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


@pytest.mark.slow
def test_a_worker_on_another_machine_gets_a_row_of_cores_that_comes_and_goes(
    lab, namespaces, open_window_on, qtbot
):
    """The driver's own path: a worker with a host name of its own joins the lab (another
    machine, to the driver), is read by psutil there, and leaves; the lab is then as it was."""
    window = open_window_on(lab.address)
    choose_cluster(window, qtbot)
    rows = window.core_view.other_machines
    assert rows.machines() == [] and cluster_line(window).endswith("2 workers, 1 host")
    readings = []
    window.controller.cluster.cores.connect(readings.append)
    far = lab.start_worker("far-1", machine="lab-far")
    try:
        qtbot.waitUntil(lambda: rows.machines() == ["lab-far"], timeout=START_TIMEOUT_MS)
        assert cluster_line(window).endswith("3 workers, 2 hosts")
        assert window.core_view.span_label.text().startswith("this machine")
        qtbot.waitUntil(lambda: bool(readings), timeout=START_TIMEOUT_MS)
        (machine,) = {reading.host for reading in readings}
        assert machine == "lab-far" and len(readings[-1].per_core_pct) == psutil.cpu_count()
        shown = zip(rows.shown_pct("lab-far"), readings[-1].per_core_pct, strict=True)
        assert all(abs(cell - pct) <= 1 for cell, pct in shown)  # each core as read, rounded
    finally:
        far.terminate()  # a worker stopped says goodbye: no task of anyone's is lost
    qtbot.waitUntil(lambda: rows.machines() == [], timeout=START_TIMEOUT_MS)
    assert cluster_line(window).endswith("2 workers, 1 host")


def test_an_unreachable_scheduler_is_one_line_and_the_window_goes_on(
    unreachable_scheduler, open_window_on, qtbot
):
    window = open_window_on(unreachable_scheduler)
    qtbot.keyClick(window, Qt.Key.Key_K)
    caption = window.status.caption
    qtbot.waitUntil(lambda: "could not reach" in caption.text(), timeout=START_TIMEOUT_MS)
    assert caption.text().startswith(f"Cluster: could not reach Dask at {unreachable_scheduler}: ")
    assert "\n" not in caption.text() and "Dask" not in window.runtime_label.text()
    qtbot.keyClick(window, Qt.Key.Key_T)
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, mode=Mode.THREADS):
        qtbot.keyClick(window, Qt.Key.Key_Space)


@pytest.mark.slow
def test_losing_the_scheduler_between_runs_is_one_line_and_so_is_the_next_start(
    dask_cluster, open_window_on, qtbot
):
    """On a cluster of its own: the test kills its scheduler."""
    window = open_window_on(dask_cluster.address)
    choose_cluster(window, qtbot)
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, mode=Mode.CLUSTER):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    dask_cluster.scheduler.kill()
    caption = window.status.caption
    lost = f"Cluster: lost Dask at {dask_cluster.address}: "
    qtbot.waitUntil(lambda: caption.text().startswith(lost), timeout=START_TIMEOUT_MS)
    assert "\n" not in caption.text() and "Dask" not in window.runtime_label.text()
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, RunFailed) as failed:
        qtbot.keyClick(window, Qt.Key.Key_Space)  # cluster mode still chosen
    assert failed.reason.startswith(f"could not reach Dask at {dask_cluster.address}: ")
    assert "\n" not in failed.reason
    assert window.controls.start_stop.text() == "Start" and window.controls.start_stop.isEnabled()
