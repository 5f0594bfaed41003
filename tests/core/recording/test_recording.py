"""Recordings: what is written is read back exactly; anything else is refused by line."""

import io
import json
from dataclasses import replace

import pytest

from cpuviz.core.gil.trace import GilFigures, GilSlots
from cpuviz.core.recording.codec import encode
from cpuviz.core.recording.format import Entry, Header, Recording
from cpuviz.core.recording.limits import MAX_LINE_CHARS, MAX_RECORDING_BYTES
from cpuviz.core.recording.reader import RecordingError, load_recording
from cpuviz.core.recording.replay import Playback, ReplaySource
from cpuviz.core.recording.writer import RecordingWriter
from cpuviz.core.runs.cluster_messages import (
    ChunkRerun,
    ClusterHost,
    ClusterLost,
    ClusterView,
    ClusterWorker,
    HostCores,
)
from cpuviz.core.runs.messages import Progress, WorkerFailed, WorkerFinished
from cpuviz.core.runs.outcome import RunFailed, RunStopped
from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.results import RunReport, RunResult
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.core.system.pythons import PythonBuild
from cpuviz.core.work.workloads import Workload
from tests.conftest import TINY

HEADER = Header(
    cores=2, interval_ms=100, runtime="CPython 3.13.0 · GIL on · 2 cores", source="psutil"
)
STARTED_AT_S = 1000.0  # time.monotonic() when the recording began
PLAN = RunPlan(Mode.THREADS, 2, TINY, run_id=3, workload=Workload.IO, python=PythonBuild("3.13.0"))
REPORT = RunReport(RunResult(PLAN, 1.25, 42, 12, 1.5, 1.0), 2.5, cores=2)
CLUSTER = ClusterView(
    "tcp://lab-0:8786",
    False,
    (ClusterWorker("lab-1", "laptop"), ClusterWorker("lab-2", "lab-2", threads=1)),
    (ClusterHost("laptop", 2, 1, this_machine=True), ClusterHost("lab-2", 3, 1)),
)
# (seconds since the start, item as it would be written): every kind there is.
ITEMS = [
    (0.1, CpuSample((3.5, 0.0), STARTED_AT_S + 0.1)),
    (0.2, PLAN),
    (0.3, Progress(3, 0, 2, cpu_s=0.05, at_s=STARTED_AT_S + 0.29)),
    (0.4, WorkerFailed(3, 1, "ValueError: boom")),
    (0.5, WorkerFinished(3, 0, 6, 77, 0.2, STARTED_AT_S + 0.5, cancelled=False)),
    (0.6, REPORT),
    (0.7, RunStopped()),
    (0.8, RunFailed("worker 1 died")),
    (0.9, GilSlots(2, (0b01, 0b01, 0b11, 0b10), GilFigures(190.0, 48.5, 2.0, 2, 99.0))),
    (1.0, CLUSTER),
    (1.1, HostCores("lab-2", (100.0, 12.5, 0.0), STARTED_AT_S + 1.1)),
    (1.2, ChunkRerun(4, 10, 5, "lab-2")),
    (1.3, ClusterLost("the Dask scheduler at tcp://lab-0:8786 went away")),
]


def write(path, items=ITEMS):
    with path.open("w", encoding="utf-8") as stream:
        writer = RecordingWriter(stream, HEADER, STARTED_AT_S)
        for t_s, item in items:
            writer.write(item, STARTED_AT_S + t_s)


def test_what_is_written_is_read_back_with_times_from_the_start(tmp_path):
    path = tmp_path / "demo.jsonl"
    write(path)
    recording = load_recording(path)
    assert recording.header == HEADER
    assert recording.file_name == "demo.jsonl"
    assert [entry.t_s for entry in recording.entries] == [t_s for t_s, _ in ITEMS]
    items = [entry.item for entry in recording.entries]
    assert items[0] == CpuSample((3.5, 0.0), 0.1)
    assert items[2] == Progress(3, 0, 2, cpu_s=0.05, at_s=0.29)
    assert items[4].finished_at_s == 0.5
    assert items[1] == PLAN and items[5] == REPORT
    assert items[3] == ITEMS[3][1] and items[6:8] == [RunStopped(), RunFailed("worker 1 died")]
    assert items[8] == ITEMS[8][1]  # the GIL lanes, bit for bit
    assert items[9] == CLUSTER and items[10] == HostCores("lab-2", (100.0, 12.5, 0.0), 1.1)
    assert items[11:] == [ITEMS[11][1], ITEMS[12][1]]
    assert recording.duration_s == 1.3


def test_every_line_is_plain_json(tmp_path):
    path = tmp_path / "demo.jsonl"
    write(path)
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines[0]["format"] == "cpuviz-recording"
    assert [line["kind"] for line in lines[1:3]] == ["sample", "run_started"]


def header_line(**changes):
    return json.dumps({"format": "cpuviz-recording", "version": 1, **vars_of(HEADER), **changes})


def vars_of(header):
    return {
        "cores": header.cores,
        "interval_ms": header.interval_ms,
        "runtime": header.runtime,
        "source": header.source,
    }


def sample_line(t=0.1, pct=(1.0, 2.0), kind="sample"):
    data = {"per_core_pct": list(pct), "taken_at_s": t}
    return json.dumps({"t": t, "kind": kind, "data": data})


def gil_line(lanes, running, waiting=50.0):
    figures = {"handoffs_per_s": 200.0, "waiting_pct": waiting, "overlap_pct": 0.0, "threads": 2}
    data = {"lanes": lanes, "running": running, "figures": figures}
    return json.dumps({"t": 0.1, "kind": "gil", "data": data})


def report_line(**plan_changes):
    """A run's report whose plan (inside its result) is changed: held to a plan's limits."""
    data = encode(REPORT)
    data["result"]["plan"].update(plan_changes)
    return json.dumps({"t": 0.6, "kind": "run_finished", "data": data})


@pytest.mark.parametrize(
    ("lines", "complaint"),
    [
        ([], "not a cpuviz recording"),
        (["not json at all"], "line 1 is not JSON"),
        (['{"name": "package.json"}'], "not a cpuviz recording"),
        ([header_line(version=2)], "format version 2"),
        ([header_line(cores="two")], "line 1: expected int"),
        ([header_line(cores=0)], "line 1: 0 cores"),
        ([header_line(), "{"], "line 2 is not JSON"),
        ([header_line(), sample_line(kind="bogus")], "line 2: unknown kind 'bogus'"),
        ([header_line(), sample_line(pct=(1.0,))], "line 2: 1 cores in a 2-core recording"),
        ([header_line(), sample_line(pct=(True, 2.0))], "line 2: expected float"),
        ([header_line(), sample_line(pct=(10**400, 2.0))], "line 2: expected a finite number"),
        ([header_line(), sample_line(0.5), sample_line(0.2)], "line 3: time goes backwards"),
        (
            [header_line(), '{"t": 1, "kind": "run_started", "data": {"mode": "threads"}}'],
            "line 2: RunPlan needs exactly the fields",
        ),
        ([header_line(), json.dumps({"t": 1, "kind": "run_failed"})], "line 2: expected t, kind"),
        ([header_line(), gil_line(lanes=2, running=[4])], "line 2: GIL lane columns"),
        ([header_line(), gil_line(lanes=40, running=[])], "line 2: 40 GIL lanes"),
        ([header_line(), gil_line(lanes=1, running=[1], waiting=250.0)], "GIL figures out of"),
        ([header_line(), report_line(workers=0)], "line 2: 0 workers"),
        (
            [header_line(), report_line(python={"version": "3." * 100})],
            "line 2: a Python named by 207 characters",
        ),
    ],
)
def test_a_corrupt_or_foreign_file_is_refused_with_the_line_and_why(tmp_path, lines, complaint):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(RecordingError) as error:
        load_recording(path)
    assert str(error.value).startswith(f"{path}: ")
    assert complaint in str(error.value)
    assert "\n" not in str(error.value)


def test_a_binary_or_missing_file_is_refused_too(tmp_path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0 not text")
    with pytest.raises(RecordingError, match="not text"):
        load_recording(binary)
    with pytest.raises(RecordingError, match="cannot read"):
        load_recording(tmp_path / "missing.jsonl")


def test_the_replay_source_reads_the_recorded_load_at_the_playback_position():
    now = [50.0]
    samples = [Entry(t_s, CpuSample((pct, 0.0), t_s)) for t_s, pct in ((0.1, 10.0), (0.2, 20.0))]
    playback = Playback(Recording(HEADER, tuple(samples), "demo.jsonl"), clock=lambda: now[0])
    source = ReplaySource(playback)
    assert (source.name, source.core_count) == ("replay of demo.jsonl", 2)
    assert source.sample().per_core_pct == (0.0, 0.0)  # before the first sample
    now[0] = 50.15
    assert source.sample().per_core_pct == (10.0, 0.0)
    now[0] = 99.0
    assert source.sample().per_core_pct == (20.0, 0.0)  # the last one stays up
    playback.restart()
    assert source.sample().per_core_pct == (0.0, 0.0)


def test_the_writer_counts_lines_into_any_text_stream():
    stream = io.StringIO()
    writer = RecordingWriter(stream, HEADER, STARTED_AT_S)
    writer.write(RunStopped(), STARTED_AT_S + 1)
    assert writer.entries == 1 and stream.getvalue().count("\n") == 2


def test_a_recording_made_before_a_field_was_added_still_plays(tmp_path):
    """Fields added since (a run's `seconds`, a report's `baseline_chunks`, the Python a run
    ran on) have defaults."""
    path = tmp_path / "old.jsonl"
    write(path, [(0.2, PLAN), (0.6, REPORT)])
    lines = path.read_text(encoding="utf-8").splitlines()
    old = [json.loads(line) for line in lines]
    del old[1]["data"]["size"]["seconds"]
    del old[2]["data"]["result"]["plan"]["size"]["seconds"]
    del old[2]["data"]["baseline_chunks"]
    del old[1]["data"]["python"]
    del old[2]["data"]["result"]["plan"]["python"]
    path.write_text("".join(json.dumps(line) + "\n" for line in old), encoding="utf-8")
    items = [entry.item for entry in load_recording(path).entries]
    unknown = replace(PLAN, python=None)
    assert items == [unknown, replace(REPORT, result=replace(REPORT.result, plan=unknown))]


def test_a_field_no_version_knows_is_refused(tmp_path):
    path = tmp_path / "future.jsonl"
    write(path, [(0.2, PLAN)])
    header, line = path.read_text(encoding="utf-8").splitlines()
    entry = json.loads(line)
    entry["data"]["colour"] = "mauve"
    path.write_text(f"{header}\n{json.dumps(entry)}\n", encoding="utf-8")
    with pytest.raises(RecordingError, match="line 2: RunPlan needs exactly the fields"):
        load_recording(path)


def test_a_recording_torn_in_its_last_line_plays_what_came_before(tmp_path):
    """The recorder flushes each line, so a machine that dies mid-write leaves a torn last
    line (no newline): everything before it still plays, and the cut is said."""
    path = tmp_path / "torn.jsonl"
    write(path)
    whole = path.read_text(encoding="utf-8")
    path.write_text(whole[: whole.rindex("\n", 0, -1) + 20], encoding="utf-8")
    recording = load_recording(path)
    assert [entry.t_s for entry in recording.entries] == [t_s for t_s, _ in ITEMS[:-1]]
    assert recording.cut_off_at_line == len(ITEMS) + 1
    assert recording.cut_off_note() == (
        f"torn.jsonl: the recording was cut off in line {len(ITEMS) + 1}; "
        "playing everything before it"
    )


def test_damage_before_the_last_line_is_still_refused(tmp_path):
    path = tmp_path / "damaged.jsonl"
    write(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3][:20] + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(RecordingError, match="line 4 is not JSON"):
        load_recording(path)


def test_hostile_files_are_refused_before_they_are_read_whole(tmp_path):
    long_line = tmp_path / "long.jsonl"
    write(long_line, [])
    with long_line.open("a", encoding="utf-8") as stream:
        stream.write('{"t": 0.1, "kind": "sample", "data": "' + "x" * (MAX_LINE_CHARS + 10))
    with pytest.raises(RecordingError, match="line 2 is longer than any cpuviz writes"):
        load_recording(long_line)
    huge = tmp_path / "huge.jsonl"
    write(huge, [])
    with huge.open("r+b") as stream:
        stream.truncate(MAX_RECORDING_BYTES + 1)  # sparse: no disk used
    with pytest.raises(RecordingError, match="larger than any cpuviz recording"):
        load_recording(huge)
