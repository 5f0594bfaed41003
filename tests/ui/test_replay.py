"""Record a real run, replay it in the window: what the window shows is what was recorded."""

import functools
import operator

import pytest
from PySide6.QtCore import Qt

from cpuviz.cli.record import record
from cpuviz.cli.window import build_window
from cpuviz.core.gil.trace import GilSlots
from cpuviz.core.recording.format import Entry, Header, Recording
from cpuviz.core.recording.reader import load_recording
from cpuviz.core.runs.cluster_messages import ClusterHost, ClusterView, ClusterWorker, HostCores
from cpuviz.core.runs.messages import WorkerFinished
from cpuviz.core.runs.plan import Mode, RunPlan, WorkSize, chunks_of_code
from cpuviz.core.runs.results import RunReport
from cpuviz.core.runs.runtime import detect_runtime
from cpuviz.core.sampling.sources import CpuSample, SyntheticSource
from cpuviz.core.work.code_check import check
from cpuviz.core.work.user_code import parse_work
from cpuviz.core.work.workloads import Workload
from cpuviz.options import GuiOptions
from cpuviz.ui.bottom_pages import GIL_TAB
from tests.conftest import TINY, child_pids, wait_until_gone
from tests.ui.conftest import RUN_TIMEOUT_MS


def options(**changes):
    base = {
        "mode": Mode.THREADS,
        "workers": 3,
        "size": TINY,
        "interval_ms": 50,
        "source": SyntheticSource(6, idle_pct=1.0),
        "fullscreen": False,
        "autostart": False,
    }
    return GuiOptions(**{**base, **changes})


def items(recording, kind):
    return [entry.item for entry in recording.entries if isinstance(entry.item, kind)]


@pytest.fixture(scope="module")
def contrast(qapp, tmp_path_factory):
    """A real recording of threads, then processes, each of 3 workers after the serial
    baseline: recorded once for the tests that replay it, as recording takes seconds."""
    before = child_pids()
    path = tmp_path_factory.mktemp("recordings") / "contrast.jsonl"
    assert record(options(), str(path), None, [Mode.THREADS, Mode.PROCESSES]) == 0
    assert wait_until_gone(child_pids() - before) == set()
    return load_recording(path)


@pytest.mark.end_to_end
def test_a_replay_shows_exactly_the_recorded_runs_lanes_and_load(qtbot, contrast):
    recording = contrast
    assert recording.header.cores == 6

    window = build_window(options(mode=Mode.SERIAL, replay=recording))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.controller.is_busy, timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not window.controller.is_busy, timeout=RUN_TIMEOUT_MS)

    assert window.results.reports == items(recording, RunReport)
    assert window.banner.text().startswith("PROCESSES")  # the recorded mode, not the toggle's
    assert window.controls.mode is Mode.PROCESSES
    assert "replay of contrast.jsonl" in window.runtime_label.text()
    timeline = window.lanes.canvas.timeline
    finished = items(recording, WorkerFinished)[-3:]
    assert window.lanes.lane_count == 3
    assert [timeline.cpu_s(event.worker) for event in finished] == [e.cpu_s for e in finished]
    recorded_loads = [sample.per_core_pct for sample in recording.samples()]
    shown_loads = [sample.per_core_pct for sample in window.history.samples()]
    before_the_first_sample = (0.0,) * 6
    assert set(shown_loads) - {before_the_first_sample} <= set(recorded_loads)
    assert len(set(shown_loads)) > 2
    assert window.core_view.graphs.current_pct() == [round(pct) for pct in recorded_loads[-1]]

    # Space plays it again from the start, without doubling the runs.
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.results.rowCount() == 0
    qtbot.waitUntil(lambda: not window.controller.is_busy, timeout=RUN_TIMEOUT_MS)
    assert window.results.reports == items(recording, RunReport)
    window.close()


@pytest.mark.end_to_end
def test_a_recording_carries_the_gil_lanes_and_a_replay_shows_them(qtbot, tmp_path):
    """A recording watches the GIL whatever page is shown, so the replay's GIL page has it."""
    path = tmp_path / "gil.jsonl"
    size = WorkSize("gil", chunks=72, iterations_per_chunk=100_000)  # about 0.6 s of work
    assert record(options(workers=2, size=size), str(path), seconds=None) == 0
    recording = load_recording(path)
    threads_run = [
        entry.item
        for entry in recording.entries
        if isinstance(entry.item, GilSlots) and entry.item.lanes == 2
    ]
    assert threads_run, "the threads run's lanes were recorded"
    columns = [column for slots in threads_run for column in slots.running]
    # Both lanes lit, and at times one alone: the baton. (Not each alone: on a loaded machine
    # a thread handed the GIL can wait for a core, runnable, while the other still runs.)
    assert functools.reduce(operator.or_, columns) == 0b11
    assert {0b01, 0b10} & set(columns)
    assert threads_run[-1].figures.waiting_pct > 0  # the figures travel with the lanes

    window = build_window(options(replay=recording))
    qtbot.addWidget(window)
    window.show_tab(GIL_TAB)
    window.show()
    page = window.gil_page
    # The serial baseline first (one lane, lit throughout), then the threads passing the GIL.
    qtbot.waitUntil(
        lambda: page.handoffs.text().startswith("The GIL changed hands"), timeout=RUN_TIMEOUT_MS
    )
    qtbot.waitUntil(lambda: page.lanes.lit_share > 0.05, timeout=RUN_TIMEOUT_MS)
    window.close()


def test_a_replay_shows_the_recorded_choices_and_leaves_the_remembered_ones_alone(qtbot, tmp_path):
    plan = RunPlan(Mode.PROCESSES, workers=7, size=TINY, workload=Workload.IO)
    header = Header(cores=4, interval_ms=50, runtime=detect_runtime().describe(), source="psutil")
    sample = CpuSample((90.0, 80.0, 70.0, 60.0), taken_at_s=0.05)
    recording = Recording(header, (Entry(0.0, plan), Entry(0.05, sample)), "talk.jsonl")
    settings = str(tmp_path / "settings.ini")

    window = build_window(options(replay=recording, settings_file=settings))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    controls = window.controls
    assert (controls.mode, controls.workload) == (Mode.PROCESSES, Workload.IO)
    assert (controls.workers.value(), controls.work_size) == (7, TINY)
    assert not controls.mode_toggle.isEnabled() and not controls.workers.isEnabled()
    assert window.banner.text().startswith("PROCESSES")
    qtbot.waitUntil(lambda: controls.start_stop.text() == "Replay", timeout=RUN_TIMEOUT_MS)
    qtbot.keyClick(window, Qt.Key.Key_T)
    assert controls.mode is Mode.PROCESSES
    assert "without --replay" in window.status.caption.text()
    window.close()

    again = build_window(options(settings_file=settings))
    qtbot.addWidget(again)
    assert (again.controls.mode, again.controls.workers.value()) == (Mode.THREADS, 3)
    assert again.controls.mode_toggle.isEnabled()
    again.close()


@pytest.mark.end_to_end
def test_one_recording_can_hold_the_contrast_and_the_controls_follow_it(qtbot, contrast):
    recording = contrast
    assert [plan.mode for plan in items(recording, RunPlan)] == [
        Mode.SERIAL,
        Mode.THREADS,
        Mode.PROCESSES,
    ]

    window = build_window(options(mode=Mode.SERIAL, replay=recording))
    qtbot.addWidget(window)
    shown_modes = []
    window.controller.run_started.connect(lambda _: shown_modes.append(window.controls.mode))
    window.show()
    assert window.controls.mode is Mode.THREADS  # the first run shown, past its baseline
    qtbot.waitUntil(lambda: window.controller.is_busy, timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not window.controller.is_busy, timeout=RUN_TIMEOUT_MS)
    assert shown_modes == [Mode.THREADS, Mode.THREADS, Mode.PROCESSES]
    assert window.results.reports == items(recording, RunReport)
    assert window.banner.text().startswith("PROCESSES")
    window.close()


@pytest.mark.end_to_end
def test_a_recorded_run_of_your_code_replays_by_name_without_running_it(qtbot, tmp_path):
    """The recording keeps the function's name and results, never its code: the replay
    shows them even when the file is gone."""
    mine = tmp_path / "mine.py"
    mine.write_text("def crunch(chunk):\n    return chunk * chunk\n")
    code = check(parse_work(f"{mine}:crunch"))
    path = tmp_path / "code.jsonl"
    assert record(options(size=chunks_of_code(8), code=code), str(path), seconds=None) == 0
    mine.unlink()
    recording = load_recording(path)
    assert "return chunk" not in path.read_text()
    window = build_window(options(replay=recording))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.results.rowCount() == 2, timeout=RUN_TIMEOUT_MS)
    assert window.controls._code_label.text() == "crunch()"
    assert window.results.row_texts(0)[1] == "crunch(0…7)"
    window.close()


def test_a_recorded_cluster_plays_with_every_machines_cores(qtbot):
    """A cluster run recorded on several machines: the replay names the cluster and shows the
    other machines' cores as recorded (no Dask needed to play it)."""
    here, lab = ClusterHost("laptop", 6, 1, this_machine=True), ClusterHost("lab-2", 8, 3)
    workers = (ClusterWorker("a", "laptop"), *(ClusterWorker(f"b{n}", "lab-2") for n in range(3)))
    plan = RunPlan(Mode.CLUSTER, 4, TINY, run_id=1)
    entries = (
        Entry(0.0, ClusterView("tcp://lab-0:8786", False, workers, (here, lab))),
        Entry(0.05, plan),
        Entry(0.1, HostCores("lab-2", (100.0,) * 4 + (0.0,) * 4, 0.1)),
        Entry(0.15, CpuSample((50.0,) * 6, 0.15)),
    )
    header = Header(6, 50, "CPython 3.11.7 · GIL on · 6 cores", "psutil")
    window = build_window(options(replay=Recording(header, entries)))
    qtbot.addWidget(window)
    window.show()
    rows = window.core_view.other_machines
    qtbot.waitUntil(lambda: rows.machines() == ["lab-2"], timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: rows.shown_pct("lab-2")[0] == 100, timeout=RUN_TIMEOUT_MS)
    assert rows.shown_pct("lab-2") == [100] * 4 + [0] * 4
    assert window.controls.mode is Mode.CLUSTER
    assert window.runtime_label.text().endswith("Dask lab-0:8786 · 4 workers, 2 hosts")
    window.close()
