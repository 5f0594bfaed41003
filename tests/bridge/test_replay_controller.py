"""A replay plays a recording's runs into the same signals as a live run, outcomes included."""

from cpuviz.bridge.replay_controller import ReplayController
from cpuviz.core.recording.format import Entry, Header, Recording
from cpuviz.core.recording.replay import Playback
from cpuviz.core.runs.outcome import RunFailed, RunFinished, RunStopped
from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.results import RunReport, RunResult
from tests.conftest import TINY
from tests.ui.conftest import RUN_TIMEOUT_MS

SERIAL = RunPlan(Mode.SERIAL, 1, TINY, run_id=1)
THREADS = RunPlan(Mode.THREADS, 2, TINY, run_id=2)
PROCESSES = RunPlan(Mode.PROCESSES, 2, TINY, run_id=3)
REPORT = RunReport(RunResult(SERIAL, 0.04, 7, TINY.chunks, 0.04, 1.0), 0.04, 4, is_baseline=True)
RECORDING = Recording(
    Header(cores=4, interval_ms=50, runtime="CPython 3.11.7 · GIL on · 4 cores", source="psutil"),
    (
        Entry(0.0, SERIAL),
        Entry(0.04, REPORT),
        Entry(0.05, THREADS),
        Entry(0.08, RunStopped()),
        Entry(0.09, PROCESSES),
        Entry(0.12, RunFailed("worker 1 (pid 4242) died: killed by signal 9")),
    ),
)


def test_a_replays_runs_end_in_the_recorded_outcomes(qtbot):
    replay = ReplayController(Playback(RECORDING))
    assert replay.cores == 4 and replay.is_ready
    assert replay.fixed_plan == THREADS  # what the controls show: past the serial baseline
    outcomes, started = [], []
    replay.run_ended.connect(outcomes.append)
    replay.run_started.connect(started.append)
    replay.prepare(workers=2)  # the window is up: the replay plays
    qtbot.waitUntil(lambda: not replay.is_busy, timeout=RUN_TIMEOUT_MS)
    assert started == [SERIAL, THREADS, PROCESSES]
    assert outcomes == [
        RunFinished(REPORT),
        RunStopped(),
        RunFailed("worker 1 (pid 4242) died: killed by signal 9"),
    ]


def test_start_plays_the_recording_again_and_says_so(qtbot):
    replay = ReplayController(Playback(RECORDING))
    replay.prepare(workers=2)
    qtbot.waitUntil(lambda: not replay.is_busy, timeout=RUN_TIMEOUT_MS)
    outcomes = []
    replay.run_ended.connect(outcomes.append)
    with qtbot.waitSignal(replay.restarted, timeout=RUN_TIMEOUT_MS):
        replay.start_all([], 2, TINY)
    qtbot.waitUntil(lambda: not replay.is_busy, timeout=RUN_TIMEOUT_MS)
    assert [type(outcome) for outcome in outcomes] == [RunFinished, RunStopped, RunFailed]


def test_stop_pauses_a_replay_mid_run_and_ends_that_run_stopped(qtbot):
    long_run = Recording(RECORDING.header, (Entry(0.0, THREADS), Entry(60.0, REPORT)))
    replay = ReplayController(Playback(long_run))
    with qtbot.waitSignal(replay.run_started, timeout=RUN_TIMEOUT_MS):
        replay.prepare(workers=2)
    with qtbot.waitSignal(replay.run_ended, timeout=RUN_TIMEOUT_MS) as ended:
        replay.stop()
    assert ended.args == [RunStopped()]
    assert not replay.is_busy
