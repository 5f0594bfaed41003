"""`--work FILE.py:FUNCTION`: your own function in every mode, and what to use for it.

Each bench runs one round: how the work split (who waited for the GIL, what moved between
processes) shows in one. Speeds are not asserted: the workers run at idle priority, and on a
loaded machine any mode can lose to any other. That the advice follows from the speeds is
tested with plain numbers in tests/core/runs/test_recommendation.py; here, that the command
gives the advice its own figures call for.
"""

import json
import textwrap

import pytest

from cpuviz.core.gil.readers import thread_states_available
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.recommendation import recommend
from tests.cli.conftest import PROJECT_ROOT, cpuviz

needs_thread_states = pytest.mark.skipif(
    not thread_states_available(), reason="who waited for the GIL is read from /proc"
)

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
        "--json", "--repeat", "1", *extra, timeout_s=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    return report, {run["mode"]: run for run in report["runs"]}


def assert_advice_follows_its_figures(report, runs, function):
    """The recommendation and its sentence are what the measured speedups (and the time spent
    moving results) call for, whichever mode that is on this machine today; or, when other
    programs took the cores a fair comparison needs, that the machine was too busy to judge."""
    if report["recommendation"] is None:
        assert report["advice"].startswith(f"the machine was too busy to judge {function}: ")
        assert all(run["other_cores"] is not None for run in runs.values())
        return
    advice = recommend(
        function,
        {Mode(mode): run["speedup"] for mode, run in runs.items()},
        runs["processes"]["transfer_s"],
    )
    assert report["recommendation"] == advice.mode
    assert report["advice"].startswith(advice.sentence)  # and what else ran, if anything did


@pytest.fixture(scope="module")
def pure_python_bench(tmp_path_factory):
    """Your own pure-Python function benched once for the module: two tests read it."""
    mine = tmp_path_factory.mktemp("mine") / "mine.py"
    mine.write_text(CRUNCH)
    return bench_json(cpuviz, f"{mine}:crunch", "--chunks", "48")


@needs_thread_states
def test_pure_python_threads_wait_for_the_gil_and_the_advice_says_so(pure_python_bench):
    report, runs = pure_python_bench
    assert runs["threads"]["gil"]["waiting_pct"] >= 30  # two threads, one GIL: taking turns
    assert runs["processes"]["gil"] is None  # a GIL each: nothing to wait for
    assert_advice_follows_its_figures(report, runs, "crunch")
    assert all(run["same_results"] for run in report["runs"])  # the same answer in every mode
    assert runs["threads"]["workload"] == "mine.py:crunch"


@needs_thread_states
def test_hashing_in_c_is_watched_and_advised_on_by_its_own_figures(run_cpuviz):
    """How much less hashing threads wait for the GIL than pure Python's is the benchmarks'
    (gil_native_waiting_pct): on a machine another program shares, a thread handed the GIL
    waits for a core too, and the two read alike. What holds anywhere is checked here."""
    digest = str(PROJECT_ROOT / "examples/hashing.py:digest")
    report, runs = bench_json(run_cpuviz, digest, "--chunks", "24")
    assert runs["threads"]["gil"] is not None and runs["processes"]["gil"] is None
    assert all(run["same_results"] for run in report["runs"])
    assert_advice_follows_its_figures(report, runs, "digest")


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
    done = run_cpuviz(
        "bench", "--work", fetch, "--modes", "asyncio", "--json", "--repeat", "1", "--chunks", "8"
    )
    assert done.returncode == 0, done.stderr
    runs = {run["mode"]: run for run in json.loads(done.stdout)["runs"]}
    assert runs["asyncio"]["workers"] == 2 and runs["asyncio"]["same_results"] is True


IMPORT_S = 1.0  # the runs last milliseconds: a second apart from them is plenty


def test_importing_the_file_is_not_charged_to_any_run(run_cpuviz, tmp_path):
    """A slow import (numpy's, say) happens in every worker before the clock starts. The
    import sleeps, which no load can shorten: a run charged with it lasts IMPORT_S at least,
    one that is not lasts milliseconds (8 chunks that return at once), on any machine."""
    (tmp_path / "slow_import.py").write_text(
        f"import time\ntime.sleep({IMPORT_S})  # as a heavy import would\n\n"
        "def quick(chunk):\n    return chunk\n"
    )
    work = f"{tmp_path / 'slow_import.py'}:quick"
    report, _ = bench_json(run_cpuviz, work, "--chunks", "8")
    assert all(run["elapsed_s"] < IMPORT_S for run in report["runs"])


def test_results_too_big_to_move_are_a_cost_of_processes_alone(run_cpuviz):
    """4 MiB a chunk: pickled, piped and unpickled. Moving them is work done, which a loaded
    machine only makes longer: at least 0.2 s of it, and none for threads."""
    report, runs = bench_json(run_cpuviz, str(PROJECT_ROOT / "examples/big_results.py:rotate"))
    processes = runs["processes"]
    assert processes["transfer_s"] >= 0.2 and processes["startup_s"] > 0
    assert runs["threads"]["transfer_s"] is None  # threads share the memory: nothing moves
    assert_advice_follows_its_figures(report, runs, "rotate")
