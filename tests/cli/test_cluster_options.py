"""Cluster mode's options, with or without Dask: without it the mode is refused naming the
extra, a bad scheduler address is one line, and Dask is never imported where it is not used."""

import subprocess
import sys

import pytest

from cpuviz.cli.main import main
from tests.cli.conftest import PROJECT_ROOT, cpuviz_env

# cpuviz's main() in a Python where Dask cannot be imported, as without the extra.
WITHOUT_DASK = (
    "import sys; sys.modules['distributed'] = None; from cpuviz.cli.main import main; "
    "sys.exit(main(sys.argv[1:]))"
)


def run_without_dask(*args):
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_DASK, *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "argv", [["bench", "--modes", "serial,cluster"], ["--mode", "cluster"]], ids=" ".join
)
def test_without_the_extra_cluster_mode_exits_2_naming_it(argv):
    finished = run_without_dask(*argv)
    assert finished.returncode == 2
    assert finished.stderr.count("\n") == 1
    assert "pip install 'cpuviz[cluster]'" in finished.stderr


def test_the_window_and_the_pool_import_no_dask():
    """Start-up is what it was before cluster mode: only the driver process imports Dask."""
    check = (
        "import sys, cpuviz.cli.main, cpuviz.cli.window, cpuviz.core.processes.pool,"
        " cpuviz.ui.main_window;"
        "print(sorted(name for name in sys.modules"
        " if name.split('.')[0] in ('dask', 'distributed')))"
    )
    finished = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, timeout=60, check=True
    )
    assert finished.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("argv", "environment", "complaint"),
    [
        (["--scheduler", "lab-0:8786"], {}, "'lab-0:8786' is not a scheduler address"),
        (["--scheduler", "tcp://lab-0"], {}, "use tcp://HOST:PORT"),
        ([], {"DASK_SCHEDULER_ADDRESS": "http://lab-0:8786"}, "DASK_SCHEDULER_ADDRESS: "),
    ],
)
def test_a_bad_scheduler_address_exits_2_with_one_line(argv, environment, complaint):
    finished = subprocess.run(
        [sys.executable, "-m", "cpuviz", "bench", "--modes", "cluster", *argv],
        cwd=PROJECT_ROOT,
        env=cpuviz_env(**environment),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 2
    assert finished.stderr.count("\n") == 1 and complaint in finished.stderr


def test_an_unknown_mode_still_lists_cluster(capsys):
    with pytest.raises(SystemExit):
        main(["--mode", "grid"])
    assert "cluster" in capsys.readouterr().err
