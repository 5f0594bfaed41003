"""`cpuviz script`: the take-home script written to a file, or one line and exit code 2."""

import subprocess
import sys

from cpuviz.cli.script import run_script_command
from cpuviz.core.stdlib_code.work import ShownWork
from cpuviz.core.work.workloads import Workload
from cpuviz.options import EXIT_USAGE


def test_the_script_is_written_and_runs(tmp_path, capsys, no_leaked_processes):
    output = tmp_path / "take_home.py"
    assert run_script_command(ShownWork(Workload.CPU), 2, output) == 0
    assert "run it with python take_home.py" in capsys.readouterr().out
    finished = subprocess.run(
        [sys.executable, "-I", str(output), "--chunks", "4"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=90,
        check=True,
    )
    assert "processes     Done in " in finished.stdout


def test_a_path_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, capsys):
    output = tmp_path / "missing" / "take_home.py"
    assert run_script_command(ShownWork(), 2, output) == EXIT_USAGE
    error = capsys.readouterr().err
    assert error.startswith("cpuviz script: cannot write ")
    assert error.count("\n") == 1
    assert not output.exists()
