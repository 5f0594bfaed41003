"""`cpuviz run --record F -- PROGRAM`, then a replay of F: the program as it ran, on the cores,
in its lanes and in its row, from a real program recorded for real."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from cpuviz.bridge.replay_controller import ReplayController
from cpuviz.core.recording.reader import load_recording
from cpuviz.core.recording.replay import Playback
from cpuviz.core.runs.outcome import RunFinished
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.core.watch.lanes import ProgramLanes, ProgramTimeline
from cpuviz.core.watch.program_run import ProgramReport
from cpuviz.ui.results import last_line, report_cells
from tests.watch.watching import HANG_S, cpuviz_run, program_command

# The replay plays the recording this many times faster than it was made.
FAST = 20


def fast_clock():
    """A clock for the playback that runs FAST times faster than time.monotonic()."""
    started_s = time.monotonic()
    return lambda: started_s + FAST * (time.monotonic() - started_s)


def test_a_recorded_pool_replays_with_its_cores_share_lanes_and_row(tmp_path: Path, qtbot):
    out = tmp_path / "pool.jsonl"
    recorded = subprocess.run(
        cpuviz_run("--record", str(out), "--", *program_command("pool_workers.py", "0.6")),
        capture_output=True,
        text=True,
        timeout=HANG_S,
        check=False,
    )
    assert recorded.returncode == 0, recorded.stderr
    assert f"saved {out}" in recorded.stdout
    recording = load_recording(out)
    items = [entry.item for entry in recording.entries]
    shares = [item.run_cores for item in items if isinstance(item, CpuSample) and item.run_pct]
    assert max(shares) > 0.5  # each core drew the program's share of it
    names = {lane.name for item in items if isinstance(item, ProgramLanes) for lane in item.shown}
    assert {"pool_workers.py 0.6", "worker 1", "worker 2"} <= names

    started_s = time.monotonic()
    replay = ReplayController(
        Playback(recording, lambda: started_s + FAST * (time.monotonic() - started_s))
    )
    timelines, outcomes = [], []
    replay.timeline_changed.connect(timelines.append)
    replay.run_ended.connect(outcomes.append)
    replay.prepare(workers=2)
    qtbot.waitUntil(lambda: not replay.is_busy, timeout=HANG_S * 1000)
    (finished,) = outcomes
    assert isinstance(finished, RunFinished) and isinstance(finished.report, ProgramReport)
    assert report_cells(finished.report)[-1] == "exit 0"
    assert last_line(finished.report) == "pool done"
    last = timelines[-1]  # as the lanes were at the end, names and all
    assert isinstance(last, ProgramTimeline) and last.worker_count >= 3
    assert {"worker 1", "worker 2"} <= set(last.lane_names)
