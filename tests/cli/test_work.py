"""`--work FILE.py:FUNCTION`: your own function in every mode, and what to use for it."""

import json
import textwrap

import pytest

from tests.cli.conftest import PROJECT_ROOT

CRUNCH = """
def crunch(chunk):
    total = 0
    for n in range(250_000):
        total = (total * 31 + n + chunk) % 1_000_003
    return total
"""


def bench_json(run_cpuviz, work, *extra):
    done = run_cpuviz(
        "bench", "--work", work, "--modes", "serial,threads,processes", "--workers", "2",
        "--json", *extra, timeout_s=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    return report, {run["mode"]: run for run in report["runs"]}


def test_pure_python_holds_the_gil_so_processes_are_recommended(run_cpuviz, tmp_path):
    mine = tmp_path / "mine.py"
    mine.write_text(CRUNCH)
    report, runs = bench_json(run_cpuviz, f"{mine}:crunch", "--chunks", "48")
    assert runs["threads"]["speedup"] <= 1.25
    assert runs["processes"]["speedup"] >= 1.4  # 2 cores, shared with the test runner
    assert report["recommendation"] == "processes"
    assert report["advice"].startswith("crunch holds the GIL")
    assert all(run["same_results"] for run in report["runs"])  # the same answer in every mode
    assert runs["threads"]["workload"] == "mine.py:crunch"


def test_hashing_in_c_releases_the_gil_so_threads_are_enough(run_cpuviz):
    report, runs = bench_json(run_cpuviz, str(PROJECT_ROOT / "examples/hashing.py:digest"))
    assert runs["threads"]["speedup"] >= 1.4
    assert report["recommendation"] == "threads"


def test_results_that_differ_between_modes_are_called_not_deterministic(run_cpuviz, tmp_path):
    """Not a checksum failure: the function's answers depend on where it ran."""
    (tmp_path / "moody.py").write_text(
        textwrap.dedent("""
        import time
        def moody(chunk):
            return (time.perf_counter_ns(), chunk)  # never the same twice
    """)
    )
    done = run_cpuviz(
        "bench", "--work", f"{tmp_path / 'moody.py'}:moody", "--modes", "threads",
        "--workers", "2", "--repeat", "1", "--chunks", "8",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "moody.py:moody gave different results with threads than serially" in done.stdout
    assert "not deterministic across modes" in done.stdout


@pytest.mark.parametrize(
    ("file_text", "work", "complaint"),
    [
        (None, "missing.py:f", "no such file: "),
        ("def f(x): return x\n", "mine.txt:f", "is not a .py file"),
        ("def f(x): return x\n", "mine.py:nope", "mine.py has no function nope"),
        ("f = 3\n", "mine.py:f", "mine.py: f is not callable"),
        ("def f(x):\n    return (\n", "mine.py:f", "mine.py:2: syntax error"),
        (
            "import no_such_module_here\ndef f(x): return x\n",
            "mine.py:f",
            "importing mine.py failed: ModuleNotFoundError: No module named "
            "'no_such_module_here' (mine.py:1)",
        ),
        ("def f(x): return x\n", "mine.py", "needs FILE.py:FUNCTION"),
    ],
)
def test_bad_work_is_one_line_and_exit_2(run_cpuviz, tmp_path, file_text, work, complaint):
    name = work.partition(":")[0]
    if file_text is not None:
        (tmp_path / name).write_text(file_text)
    done = run_cpuviz("bench", "--work", str(tmp_path / work))
    assert done.returncode == 2
    assert complaint in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_a_function_that_raises_fails_the_run_naming_its_line(run_cpuviz, tmp_path):
    (tmp_path / "raiser.py").write_text(
        "def f(chunk):\n    if chunk == 5:\n        raise ValueError('bad chunk')\n    return 1\n"
    )
    done = run_cpuviz("bench", "--work", f"{tmp_path / 'raiser.py'}:f", "--repeat", "1")
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "cpuviz bench: run failed: worker 0 failed: ValueError: bad chunk (raiser.py:3)"
    )


def test_asyncio_runs_only_async_functions(run_cpuviz, tmp_path):
    (tmp_path / "plain.py").write_text("def f(chunk):\n    return chunk\n")
    done = run_cpuviz("--work", f"{tmp_path / 'plain.py'}:f", "--mode", "asyncio")
    assert done.returncode == 2
    assert "asyncio runs async def functions: f is a plain def" in done.stderr
    fetch = str(PROJECT_ROOT / "examples/fetch.py:fetch")
    done = run_cpuviz("bench", "--work", fetch, "--modes", "asyncio", "--json", "--repeat", "1")
    assert done.returncode == 0, done.stderr
    runs = {run["mode"]: run for run in json.loads(done.stdout)["runs"]}
    assert runs["asyncio"]["speedup"] >= 1.5  # 2 tasks overlap their waits


def test_importing_the_file_is_not_charged_to_any_run(run_cpuviz, tmp_path):
    """A slow import (numpy's, say) happens in every worker before the clock starts."""
    (tmp_path / "slow_import.py").write_text(
        "import time\ntime.sleep(1.0)  # as a heavy import would\n\n"
        "def quick(chunk):\n    return chunk\n"
    )
    work = f"{tmp_path / 'slow_import.py'}:quick"
    report, _ = bench_json(run_cpuviz, work, "--chunks", "8", "--repeat", "1")
    assert all(run["elapsed_s"] < 0.5 for run in report["runs"])  # none paid the second


def test_results_too_big_to_move_make_processes_lose_and_say_why(run_cpuviz):
    """4 MiB a chunk: pickled, piped and unpickled, moving costs more than the work."""
    report, runs = bench_json(run_cpuviz, str(PROJECT_ROOT / "examples/big_results.py:rotate"))
    processes = runs["processes"]
    assert processes["speedup"] < 1  # slower than serial
    assert processes["transfer_s"] >= 0.2 and processes["startup_s"] > 0
    assert runs["threads"]["transfer_s"] is None  # threads share the memory: nothing moves
    assert report["recommendation"] in ("threads", "serial")
    assert "moving its results between processes took" in report["advice"]
