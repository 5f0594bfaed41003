"""The benchmark bookkeeping: goals judge figures right and the table says what missed."""

import math

from benchmarks.goals import GOALS, Direction, Goal
from benchmarks.measurement import Measurement, parse
from benchmarks.report import write_table
from benchmarks.responsiveness import CoreRecorder


def test_goals_judge_each_direction():
    assert GOALS["overhead_pct_10hz"].met(0.9) and not GOALS["overhead_pct_10hz"].met(1.1)
    assert GOALS["process_speedup"].met(1.9) and not GOALS["process_speedup"].met(1.7)
    about = Goal("k", "what", Direction.ABOUT, 1.0, tolerance=0.15)
    assert about.met(0.9) and about.met(1.1) and not about.met(0.8)
    assert GOALS["first_frame_s"].describe() == "≤ 1 s"


def test_measurements_survive_the_trip_through_json_lines():
    line = '{"key": "gui_rss_mb", "measured": 56.0, "anchor": null, "anchor_label": "", "note": ""}'
    (measurement,) = parse(["some log line", line])
    assert measurement == Measurement("gui_rss_mb", 56.0)
    assert Measurement("k", 3.0, anchor=2.0).ratio == 1.5


def test_the_table_marks_missed_goals_and_lists_unmeasured_ones(tmp_path):
    results = {
        "date": "2026-11-25T10:00:00+00:00",
        "machine": {
            "cpu": "Test CPU",
            "logical_cores": 2,
            "memory_gb": 4.0,
            "os": "Linux",
            "python": "3.11",
            "pyside6": "6.11",
        },
        "failures": ["first_frame: exit status 1"],
        "metrics": {
            "process_speedup": {
                "measured": 1.7,
                "goal": "≥ 1.85 ×",
                "met": False,
                "anchor": 1.8,
                "anchor_label": "raw pool",
                "ratio": 1.7 / 1.8,
                "note": "3 rounds",
            }
        },
    }
    path = tmp_path / "RESULTS.md"
    write_table(results, path)
    table = path.read_text()
    assert "| `process_speedup` |" in table and "| **no** |" in table
    assert "| `gui_rss_mb` |" in table and "not measured" in table
    assert "first_frame: exit status 1" in table
    assert "Soak" not in table  # no soak has run
    soak = {
        "date": "2026-11-25T11:00:00+00:00",
        "cycles": 2000,
        "full_runs": 200,
        "minutes": 1.6,
        "start": {"children": 4, "open_files": 50, "threads": 17, "rss_mb": 449.3},
        "end": {"children": 4, "open_files": 51, "threads": 17, "rss_mb": 464.2},
    }
    write_table(results, path, soak)
    table = path.read_text()
    assert "2,000 start/stop cycles and 200 full runs" in table
    assert "| start | 4 | 50 | 17 | 449.3 |" in table and "| end | 4 | 51 | 17 | 464.2 |" in table


def test_the_core_recorder_finds_the_first_window_with_every_core_busy():
    recorder = CoreRecorder()
    # Two cores, idle until t = 0.1 s, then both fully busy: (busy s, total s) per core.
    for step in range(100):
        t = step * 0.005
        busy = max(0.0, t - 0.1)
        recorder.samples.append((t, [(busy, t), (busy, t)]))
    busy_at = recorder.first_time(0.0, "busy")
    assert busy_at is not None and 0.1 < busy_at <= 0.1 + 0.03
    assert math.isclose(recorder.first_time(0.0, "idle"), 0.025)
