"""The live controller on a real pool: each run ends in one outcome, and a finished run's
report is set against the serial baseline measured just before it."""

import pytest

from cpuviz.bridge.controller import Controller
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.outcome import RunFailed, RunFinished, RunStopped
from cpuviz.core.runs.plan import Mode, logical_cores
from cpuviz.core.runs.switch_interval import SwitchInterval
from cpuviz.core.work.workloads import Workload
from tests.conftest import LONG, TINY
from tests.run_ends import run_ends
from tests.ui.conftest import READY_TIMEOUT_MS, RUN_TIMEOUT_MS, TINY_CHECKSUM


@pytest.fixture
def controller(qtbot, no_leaked_processes):
    controller = Controller(cores=logical_cores())
    controller.prepare(2)
    qtbot.waitUntil(lambda: controller.is_ready, timeout=READY_TIMEOUT_MS)
    yield controller
    controller.shutdown()


def test_a_live_run_finishes_with_a_report_against_the_serial_baseline(controller, qtbot):
    outcomes = []
    controller.run_ended.connect(outcomes.append)
    with run_ends(qtbot, controller, RUN_TIMEOUT_MS, runs=2) as ended:
        controller.start_all([(Workload.CPU, Mode.THREADS)], 2, TINY)
    qtbot.waitUntil(lambda: not controller.is_busy, timeout=RUN_TIMEOUT_MS)
    assert all(isinstance(outcome, RunFinished) for outcome in outcomes)
    baseline, report = (outcome.report for outcome in ended.outcomes)
    assert baseline.is_baseline and baseline.result.plan.mode is Mode.SERIAL
    assert not report.is_baseline and report.result.plan.mode is Mode.THREADS
    assert report.baseline_elapsed_s == baseline.result.elapsed_s
    assert report.baseline_chunks == baseline.result.chunks_done == TINY.chunks
    assert report.speedup == pytest.approx(baseline.result.elapsed_s / report.result.elapsed_s)
    assert report.result.checksum == baseline.result.checksum == TINY_CHECKSUM


def test_stop_ends_the_run_in_run_stopped_and_nothing_queued_behind_it_runs(controller, qtbot):
    with qtbot.waitSignal(controller.run_started, timeout=RUN_TIMEOUT_MS):
        controller.start_all([(Workload.CPU, Mode.PROCESSES)], 2, LONG)  # the baseline first
    with run_ends(qtbot, controller, RUN_TIMEOUT_MS, RunStopped) as ended:
        controller.stop()
    assert ended.outcome == RunStopped()
    qtbot.waitUntil(lambda: not controller.is_busy, timeout=RUN_TIMEOUT_MS)


def test_a_failing_worker_ends_the_run_in_run_failed_with_why(controller, qtbot):
    with run_ends(qtbot, controller, RUN_TIMEOUT_MS, RunFailed) as ended:
        controller.start(Mode.SERIAL, 1, TINY)  # a baseline first, which the fault spares
        qtbot.waitUntil(lambda: not controller.is_busy, timeout=RUN_TIMEOUT_MS)
        controller.start(Mode.PROCESSES, 2, TINY, fault=Fault.RAISE)
    assert ended.reason.startswith("worker 0 failed: InjectedFaultError")


def test_the_switch_interval_reaches_the_hosts_and_their_runs_go_on(controller, qtbot):
    """Slow motion for the GIL page: the hosts take the typed value and compute as before."""
    controller.set_switch_interval(SwitchInterval(50))
    with run_ends(qtbot, controller, RUN_TIMEOUT_MS, mode=Mode.THREADS) as ended:
        controller.start(Mode.THREADS, 2, TINY)
    assert ended.report.result.checksum == TINY_CHECKSUM
