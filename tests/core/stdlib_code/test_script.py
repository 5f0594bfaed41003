"""The take-home script: only the standard library, every mode, cpuviz's verdict, ruff-clean."""

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.other_pythons import find_python
from cpuviz.core.runs.plan import Mode
from cpuviz.core.stdlib_code.script import take_home_script
from cpuviz.core.stdlib_code.work import ShownWork
from cpuviz.core.work.user_code import parse_work
from cpuviz.core.work.workloads import Workload
from tests.take_home import run_take_home

REPO = Path(__file__).resolve().parents[3]
RUFF = Path(sys.executable).with_name("ruff")


def run_isolated(script: str, folder: Path, *arguments: str) -> list[str]:
    """The script as a student runs it: `python -I FILE` in a folder of its own, no cpuviz."""
    path = folder / "take_home.py"
    path.write_text(script, encoding="utf-8")
    return run_take_home(path, *arguments)


def mode_lines(lines: list[str]) -> dict[str, str]:
    return {line.split()[0]: line for line in lines if " Done in " in line}


def test_cpu_work_runs_every_mode_in_a_clean_folder(tmp_path, no_leaked_processes):
    lines = run_isolated(take_home_script(ShownWork(), 2), tmp_path, "--chunks", "6")
    assert lines[0].startswith("CPU: 6 chunks, 2 workers, Python ")
    shown = mode_lines(lines)
    assert list(shown)[:3] == ["serial", "threads", "processes"]
    assert "asyncio" not in shown  # cpuviz offers asyncio only for work that waits
    assert all("× serial" in line for line in shown.values())
    assert lines[-1].startswith("cpuviz would say: ")
    assert "CPU" in lines[-1]


@pytest.mark.parametrize("version", ["3.10", "3.13"])
def test_a_students_older_or_newer_python_runs_it_too(tmp_path, version, no_leaked_processes):
    """Not only the window's Python: the oldest the script promises, and a newer one."""
    python = find_python(version)
    if python is None:
        pytest.skip(f"no Python {version} on this machine")
    path = tmp_path / "take_home.py"
    path.write_text(take_home_script(ShownWork(), 2), encoding="utf-8")
    lines = run_take_home(path, "--chunks", "4", python=python)
    assert f"Python {version}." in lines[0]
    assert list(mode_lines(lines))[:3] == ["serial", "threads", "processes"]


def test_work_that_waits_adds_asyncio(tmp_path, no_leaked_processes):
    script = take_home_script(ShownWork(Workload.IO), 2)
    shown = mode_lines(run_isolated(script, tmp_path, "--chunks", "4"))
    assert {"serial", "threads", "processes", "asyncio"} <= set(shown)


def test_a_script_for_your_code_names_your_function(tmp_path, no_leaked_processes):
    work = ShownWork(code=parse_work(str(REPO / "examples" / "primes.py:count_primes")))
    lines = run_isolated(take_home_script(work, 2), tmp_path, "--chunks", "4")
    assert lines[0].startswith("count_primes: 4 chunks")
    assert lines[-1].startswith("cpuviz would say: ")
    assert "count_primes" in lines[-1]
    assert set(mode_lines(lines)) >= {"serial", "threads", "processes"}


def test_the_verdict_is_the_apps_own_source():
    script = take_home_script(ShownWork(), 2)
    assert "def recommend(" in script and "HELPS = 1.25" in script
    assert "import cpuviz" not in script and "from cpuviz" not in script


@pytest.mark.parametrize(
    "work",
    [
        *(ShownWork(workload) for workload in Workload),
        ShownWork(code=parse_work(str(REPO / "examples" / "primes.py:count_primes"))),
        ShownWork(code=parse_work(str(REPO / "examples" / "fetch.py:fetch"))),
    ],
    ids=lambda work: work.name,
)
def test_the_script_passes_the_projects_ruff_rules(work, tmp_path):
    path = tmp_path / "take_home.py"
    path.write_text(take_home_script(work, 4), encoding="utf-8")
    config = str(REPO / "pyproject.toml")
    for command in (["check"], ["format", "--check"]):
        finished = subprocess.run(
            [str(RUFF), *command, "--config", config, str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert finished.returncode == 0, finished.stdout + finished.stderr


def test_every_mode_of_the_verdict_is_measured():
    script = take_home_script(ShownWork(), 2)
    for mode in (Mode.SERIAL, Mode.THREADS, Mode.PROCESSES):
        assert f'"{mode.value}": run_{mode.value}' in script
