"""`cpuviz script`: the take-home script written to a file, or one line and exit code 2."""

import pytest

from cpuviz.cli.main import main
from cpuviz.cli.script import run_script_command
from cpuviz.core.stdlib_code.work import ShownWork
from cpuviz.core.work.workloads import Workload
from cpuviz.options import EXIT_USAGE
from tests.take_home import run_take_home


def test_the_script_is_written_and_runs(tmp_path, capsys, no_leaked_processes):
    output = tmp_path / "take_home.py"
    assert run_script_command(ShownWork(Workload.CPU), 2, output) == 0
    assert "run it with python take_home.py" in capsys.readouterr().out
    assert any(
        line.startswith("processes     Done in ") for line in run_take_home(output, "--chunks", "4")
    )


def test_a_path_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, capsys):
    output = tmp_path / "missing" / "take_home.py"
    assert run_script_command(ShownWork(), 2, output) == EXIT_USAGE
    error = capsys.readouterr().err
    assert error.startswith("cpuviz script: cannot write ")
    assert error.count("\n") == 1
    assert not output.exists()


def test_cpuviz_script_compares_the_modes_asked_for(tmp_path, capsys, no_leaked_processes):
    output = tmp_path / "compare.py"
    exit_code = main(["script", "-o", str(output), "--mode", "threads,processes", "--chunks", "4"])
    assert exit_code == 0
    lines = run_take_home(output)
    modes = [line.split()[0] for line in lines if " Done in " in line]
    assert modes == ["serial", "threads", "processes"]
    assert lines[-1].startswith("cpuviz would say: ") and "CPU" in lines[-1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--mode", "cluster"], "cannot write --mode cluster"),
        (["--work", "no_such_file.py:f"], "argument --work: no such file"),
        (["--chunks", "0"], "argument --chunks"),
    ],
)
def test_what_cpuviz_script_cannot_write_is_one_line_and_exit_2(tmp_path, capsys, argv, message):
    with pytest.raises(SystemExit) as exited:
        main(["script", "-o", str(tmp_path / "x.py"), *argv])
    assert exited.value.code == EXIT_USAGE
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1
    assert not (tmp_path / "x.py").exists()
