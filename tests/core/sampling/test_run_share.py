"""Each sample carries the run's own share of every core beside the machine's load: read live
from real processes, and kept by a recording so that a replay draws it too."""

from __future__ import annotations

import io
import json
import os
import time

import pytest

from cpuviz.core.recording.format import Header
from cpuviz.core.recording.reader import RecordingError, load_recording
from cpuviz.core.recording.replay import Playback, ReplaySource
from cpuviz.core.recording.writer import RecordingWriter
from cpuviz.core.sampling.sources import CpuSample, PsutilSource
from tests.core.sampling.busy_programs import SPINNER, busy_program, cpu_s, running

CORES = os.cpu_count() or 1
LAST_CORE = CORES - 1
WATCH_S = 0.6
HEADER = Header(cores=2, interval_ms=100, runtime="CPython · GIL on · 2 cores", source="psutil")


def watched_sample(source: PsutilSource, pid: int) -> tuple[CpuSample, float]:
    """A sample of WATCH_S with `pid` watched, and the share of a core psutil says it had."""
    source.sample()
    source.watch([pid])
    before_s, started_s = cpu_s(pid), time.monotonic()
    time.sleep(WATCH_S)
    sample = source.sample()
    return sample, 100 * (cpu_s(pid) - before_s) / (time.monotonic() - started_s)


@pytest.mark.skipif(CORES < 2, reason="a core for the run and one for the other program")
def test_the_watched_process_is_the_run_and_a_busy_program_beside_it_is_not():
    """A spinner pinned to the last core is the run's share there; another program, busy at
    the same time, shows in the machine's load but not in the run's."""
    with busy_program(), running(SPINNER, "", str(LAST_CORE)) as spinner:
        source = PsutilSource()
        sample, spinner_pct = watched_sample(source, spinner.pid)
    assert sample.run_pct is not None
    assert sample.run_pct[LAST_CORE] == pytest.approx(spinner_pct, abs=10)
    assert sum(sample.run_pct) - sample.run_pct[LAST_CORE] <= 10
    assert all(run <= load for run, load in zip(sample.run_pct, sample.per_core_pct, strict=True))
    # The other program is busy too, on a core of its own or beside the spinner: its load is
    # what the machine did beyond the run, never the run's.
    assert sample.other_cores >= 0.5


def test_between_watches_nothing_is_the_runs_and_a_cluster_share_is_unknown():
    source = PsutilSource()
    source.sample()
    assert source.sample().run_pct == (0.0,) * source.core_count  # no worker watched yet
    source.watch(None)  # a cluster's workers: none of them a host
    sample = source.sample()
    assert sample.run_pct is None
    assert sample.run_cores == sample.busy_cores  # as before shares were read


def later():
    """A playback clock that starts at 0 and reads 1 s from then on."""
    readings = iter([0.0])
    return lambda: next(readings, 1.0)


def test_a_recording_made_now_replays_the_share_and_an_older_one_the_whole_load(tmp_path):
    path = tmp_path / "share.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        writer = RecordingWriter(stream, HEADER, started_at_s=0.0)
        writer.write(CpuSample((100.0, 100.0), 0.1, run_pct=(100.0, 4.5)), 0.1)
    recording = load_recording(path)
    assert recording.samples()[0].run_pct == (100.0, 4.5)
    replayed = ReplaySource(Playback(recording, clock=later())).sample()
    assert replayed.run_pct == (100.0, 4.5)
    assert replayed.run_cores == pytest.approx(1.045)
    assert replayed.other_cores == pytest.approx(0.955)

    older = tmp_path / "older.jsonl"
    line = {"t": 0.1, "kind": "sample", "data": {"per_core_pct": [50, 0], "taken_at_s": 0.1}}
    older.write_text(path.read_text().splitlines()[0] + "\n" + json.dumps(line) + "\n")
    replayed = ReplaySource(Playback(load_recording(older), clock=later())).sample()
    assert replayed.run_pct is None and replayed.run_cores == 0.5


@pytest.mark.parametrize("run_pct", [[100.0], [100.0, 0.0, 0.0], [-1.0, 0.0], [101.0, 0.0]])
def test_a_share_no_sample_can_have_is_refused_in_one_line(tmp_path, run_pct):
    """A hostile file: a share for cores the machine has not, or beyond 0…100 %."""
    stream = io.StringIO()
    RecordingWriter(stream, HEADER, started_at_s=0.0)
    line = {
        "t": 0.1,
        "kind": "sample",
        "data": {"per_core_pct": [100, 0], "taken_at_s": 0.1, "run_pct": run_pct},
    }
    path = tmp_path / "hostile.jsonl"
    path.write_text(stream.getvalue() + json.dumps(line) + "\n")
    with pytest.raises(RecordingError, match=r"line 2: .*share"):
        load_recording(path)
