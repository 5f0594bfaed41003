"""Any recording, however damaged, loads into something a replay can play, or is refused in
one line: real recordings, mutated (values swapped for others of any type, huge numbers,
lines shuffled, dropped or repeated, the file cut anywhere, bytes changed)."""

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpuviz.core.recording.limits import MAX_RECORDED_WORKERS
from cpuviz.core.recording.reader import RecordingError, load_recording
from cpuviz.core.recording.writer import RecordingWriter
from cpuviz.core.runs.plan import RunPlan
from cpuviz.core.runs.results import RunReport
from cpuviz.core.sampling.sources import MAX_SYNTHETIC_CORES, CpuSample
from tests.core.recording.test_recording import HEADER, ITEMS, STARTED_AT_S
from tests.fuzz.conftest import file_holding


def real_recording() -> str:
    stream = io.StringIO()
    writer = RecordingWriter(stream, HEADER, STARTED_AT_S)
    for t_s, item in ITEMS:
        writer.write(item, STARTED_AT_S + t_s)
    return stream.getvalue()


REAL = real_recording()
LINES = REAL.splitlines(keepends=True)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=8,
)


@st.composite
def value_swapped(draw: st.DrawFn) -> str:
    """One value somewhere in one line replaced by any JSON value."""
    lines = list(LINES)
    index = draw(st.integers(0, len(lines) - 1))
    value = json.loads(lines[index])
    container, key, node = None, None, value
    for _ in range(draw(st.integers(0, 4))):  # walk down a few levels, then swap that value
        if isinstance(node, dict) and node:
            step = draw(st.sampled_from(sorted(node)))
        elif isinstance(node, list) and node:
            step = draw(st.integers(0, len(node) - 1))
        else:
            break
        container, key, node = node, step, node[step]
    if container is None:
        value = draw(json_values)
    else:
        container[key] = draw(json_values)
    lines[index] = json.dumps(value) + "\n"
    return "".join(lines)


@st.composite
def lines_rearranged(draw: st.DrawFn) -> str:
    body = draw(st.lists(st.sampled_from(LINES[1:]), max_size=12))
    return LINES[0] + "".join(draw(st.permutations(body)))


@st.composite
def bytes_changed(draw: st.DrawFn) -> bytes:
    data = bytearray(REAL.encode())
    for _ in range(draw(st.integers(1, 5))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


mutations = st.one_of(
    value_swapped(),
    lines_rearranged(),
    bytes_changed(),
    st.integers(0, len(REAL)).map(lambda cut: REAL[:cut]),
)


def assert_playable(recording) -> None:
    """What the replay needs of what it is given."""
    for entry in recording.entries:
        item = entry.item
        plan = item.result.plan if isinstance(item, RunReport) else item
        if isinstance(plan, RunPlan):
            assert 1 <= plan.workers <= MAX_RECORDED_WORKERS
            assert plan.size.chunks >= 1
        if isinstance(item, CpuSample):
            assert len(item.per_core_pct) == recording.header.cores
    assert 1 <= recording.header.cores <= MAX_SYNTHETIC_CORES


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(mutations)
def test_a_mutated_recording_plays_or_is_refused_in_one_line(content):
    with file_holding(content, "demo.jsonl") as path:
        try:
            recording = load_recording(path)
        except RecordingError as error:
            assert "\n" not in str(error) and str(error)
            return
    assert_playable(recording)
