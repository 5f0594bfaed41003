"""`bench --pythons`: the same threads on each Python, each against its own serial baseline."""

from __future__ import annotations

import json
import sys

from cpuviz.core.headless.bench import run_bench_pythons
from cpuviz.core.runs.runtime import window_python
from cpuviz.core.system.pythons import probe
from tests.conftest import TINY
from tests.other_pythons import other_python


def test_threads_run_on_each_python_in_turn_and_the_report_names_each():
    pythons = [probe(sys.executable), other_python("3.13")]
    report = run_bench_pythons(pythons, 2, TINY)
    assert [run.python["path"] for run in report.runs] == [python.path for python in pythons]
    assert report.runs[0].python == window_python().as_json()
    assert all(run.speedup > 0 and run.busy_cores >= 0 for run in report.runs)
    assert json.loads(report.to_json())["runs"][1]["python"]["version"] == pythons[1].version
    assert report.to_table().startswith(f"threads on {pythons[0].version}: ")
    assert f", on {pythons[1].version}: " in report.to_table()
