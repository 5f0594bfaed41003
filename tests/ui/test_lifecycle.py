import psutil

from cpuviz.core.plan import Mode
from tests.conftest import LONG, child_pids, wait_until_gone
from tests.ui.conftest import RUN_TIMEOUT_MS


def test_workers_are_started_before_start_is_pressed(open_window):
    window = open_window(mode=Mode.PROCESSES, workers=2)
    pids = window.controller.worker_pids()
    assert len(pids) == 2
    assert all(psutil.pid_exists(pid) for pid in pids)


def test_closing_the_window_mid_run_leaves_no_process(open_window, qtbot):
    window = open_window(mode=Mode.PROCESSES, size=LONG)
    with qtbot.waitSignal(window.controller.run_started, timeout=RUN_TIMEOUT_MS):
        window.start_run()
    ours = child_pids()
    assert ours
    window.close()
    assert wait_until_gone(ours, timeout_s=5.0) == set()
