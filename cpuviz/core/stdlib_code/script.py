""" "Take it home": a standalone script that runs the same work in every mode this Python offers.

It needs only the standard library (and the user's own file, imported by path, for their
code); it runs with `python FILE` on Linux, macOS and Windows, because its processes start
with spawn everywhere and everything it runs starts under `if __name__ == "__main__":`. It
measures as cpuviz does (the workers are up before the clock starts, the chunks are split
the same way) and ends with cpuviz's own verdict: `recommend` and its thresholds are copied
in as their source, so the sentence is the app's, not a second rule.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Sequence

from cpuviz.core.runs import recommendation
from cpuviz.core.runs.plan import Mode
from cpuviz.core.stdlib_code.kernels import kernel_parts, number
from cpuviz.core.stdlib_code.work import ShownWork

_STANDARD_IMPORTS = (
    "import argparse",
    "import multiprocessing",
    "import platform",
    "import sys",
    "import threading",
    "import time",
    "from collections.abc import Callable",
    "from dataclasses import dataclass",
    "from enum import Enum",
)
_INTERPRETERS_IMPORT = """try:
    from concurrent.futures import InterpreterPoolExecutor
except ImportError:  # before 3.14: the interpreters-pep-734 backport, if it is installed
    try:
        from interpreters_backports.concurrent.futures import InterpreterPoolExecutor
    except ImportError:
        InterpreterPoolExecutor = None"""
# The modes the script knows how to run with the standard library alone (cluster needs Dask).
SCRIPT_MODES = (Mode.THREADS, Mode.PROCESSES, Mode.ASYNCIO, Mode.INTERPRETERS, Mode.FREE_THREADED)
_THRESHOLDS = ("HELPS", "THREADS_NEARLY_AS_GOOD", "MOVING_MATTERS_S")

_MODES = '''
# Each subinterpreter sleeps this long before the clock starts: time for all of them to be up.
WARM_UP_S = 0.2


@dataclass(frozen=True, slots=True)
class Timing:
    elapsed_s: float
    note: str = ""


def share(worker: int, workers: int, chunks: int) -> list:
    """Chunks worker, worker + workers, …: how cpuviz splits them between its workers."""
    return [CALL for i in range(worker, chunks, workers)]


def run_serial(workers: int, chunks: int) -> Timing:
    """Every chunk, one after another, in this thread: what every speedup is measured against."""
    started_s = time.perf_counter()
    share(0, 1, chunks)
    return Timing(time.perf_counter() - started_s)


def run_threads(workers: int, chunks: int) -> Timing:
    """A thread per worker in this process: they share one GIL (unless this Python has none)."""
    results: list = [None] * workers

    def run(worker: int) -> None:
        results[worker] = share(worker, workers, chunks)

    threads = [threading.Thread(target=run, args=(w,)) for w in range(workers)]
    started_s = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Timing(time.perf_counter() - started_s)


def wait_for_the_others(barrier: multiprocessing.synchronize.Barrier) -> None:
    """Each worker process, once it is up, waits until all of them and the parent are."""
    barrier.wait()


def run_processes(workers: int, chunks: int) -> Timing:
    """A process per worker, each with a GIL of its own, started with spawn as on Windows and
    macOS (and in cpuviz everywhere): each child imports this file afresh, which is why the
    runs start only under `if __name__ == "__main__":`, or every child would start a pool.
    The clock starts once every worker is up, as cpuviz's are before Start is pressed."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(workers + 1)
    begun_s = time.perf_counter()
    with context.Pool(workers, wait_for_the_others, (barrier,)) as pool:
        barrier.wait()
        startup_s = time.perf_counter() - begun_s
        started_s = time.perf_counter()
        tasks = [pool.apply_async(share, (w, workers, chunks)) for w in range(workers)]
        for task in tasks:
            task.get()
        elapsed_s = time.perf_counter() - started_s
    return Timing(elapsed_s, f" (starting them took {startup_s:.2f} s more)")


def run_interpreters(workers: int, chunks: int) -> Timing:
    """A subinterpreter per worker, each with a GIL of its own, in this one process."""
    assert InterpreterPoolExecutor is not None
    with InterpreterPoolExecutor(workers) as pool:
        list(pool.map(time.sleep, [WARM_UP_S] * workers))
        started_s = time.perf_counter()
        tasks = [pool.submit(share, w, workers, chunks) for w in range(workers)]
        for task in tasks:
            task.result()
        return Timing(time.perf_counter() - started_s)
'''
_ASYNCIO = '''

async def share_awaiting(worker: int, workers: int, chunks: int) -> list:
    """The same chunks as share(), awaiting wherever they wait, so that other tasks run."""
    results = []
    for i in range(worker, chunks, workers):
        WAIT
        results.append(AWAITED_CALL)
    return results


async def gather_shares(workers: int, chunks: int) -> list:
    return await asyncio.gather(*(share_awaiting(w, workers, chunks) for w in range(workers)))


def run_asyncio(workers: int, chunks: int) -> Timing:
    """A task per worker on this one thread: they overlap only while they wait."""
    started_s = time.perf_counter()
    asyncio.run(gather_shares(workers, chunks))
    return Timing(time.perf_counter() - started_s)
'''
_MAIN = '''

def offered_modes() -> dict[str, Callable[[int, int], Timing]]:
    """Serial first (every speedup is against it), then each mode this Python offers."""
    modes = {"serial": run_serial, "threads": run_threads, "processes": run_processes}ASYNCIO_MODE
    if InterpreterPoolExecutor is not None:
        modes["interpreters"] = run_interpreters
    if not getattr(sys, "_is_gil_enabled", lambda: True)():
        modes["free-threaded"] = run_threads  # the same threads, on a Python without a GIL
    return {name: run for name, run in modes.items() if name == "serial" or name in COMPARED}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--chunks", type=int, default=CHUNKS, help="how much work (%(default)s)")
    parser.add_argument("--workers", type=int, default=WORKERS, help="(default %(default)s)")
    options = parser.parse_args()
    print(
        f"{NAME}: {options.chunks} chunks, {options.workers} workers, "
        f"Python {platform.python_version()}"
    )
    speedups: dict[str, float] = {}
    serial_s = 0.0
    for name, run in offered_modes().items():
        timing = run(options.workers, options.chunks)
        serial_s = serial_s or timing.elapsed_s
        speedups[name] = serial_s / timing.elapsed_s
        print(
            f"{name:<13} Done in {timing.elapsed_s:.2f} sec, "
            f"{speedups[name]:.2f}× serial{timing.note}"
        )
    verdict = recommend(NAME, {mode: speedups[mode.value] for mode in Mode})
    if verdict is not None:
        print(f"cpuviz would say: {verdict.sentence}")


if __name__ == "__main__":
    main()
'''
_VERDICT_MODES = '''class Mode(str, Enum):  # noqa: UP042 - StrEnum is 3.11+; this runs on 3.10
    """The modes cpuviz's verdict chooses between."""

    SERIAL = "serial"
    THREADS = "threads"
    PROCESSES = "processes"'''


def take_home_script(work: ShownWork, workers: int, compared: Sequence[Mode] = tuple(Mode)) -> str:
    """The whole script for `work` with `workers` workers by default (`--chunks` and
    `--workers` change them when it runs), comparing each of `compared` that the Python
    running it offers with serial."""
    kernel = kernel_parts(work)
    awaited = kernel_parts(work, awaited=True)
    imports = {*_STANDARD_IMPORTS, *kernel.imports}
    if work.waits:
        imports.add("import asyncio")
    if work.code is not None:
        imports.add("import importlib.util")
    header = [
        _docstring(work),
        "from __future__ import annotations",
        "\n".join(sorted(imports, key=lambda line: (line.startswith("from"), line))),
        _INTERPRETERS_IMPORT,
    ]
    sections = [
        "\n\n".join(header),
        *([_user_function(work)] if work.code is not None else []),
        *kernel.definitions,
        _settings(work, workers, compared),
        _MODES.replace("CALL", kernel.call),
    ]
    if work.waits:
        wait = f"{awaited.wait}\n        " if awaited.wait else ""
        sections.append(
            _ASYNCIO.replace("WAIT\n        ", wait).replace("AWAITED_CALL", awaited.call)
        )
    sections += [_verdict(), _MAIN.replace("ASYNCIO_MODE", _asyncio_mode(work))]
    return "\n\n\n".join(section.strip("\n") for section in sections) + "\n"


def _docstring(work: ShownWork) -> str:
    needs = (
        f"the standard library and {work.code.file_name}"
        if work.code is not None
        else "only the standard library"
    )
    return (
        f'"""{work.name} in every mode this Python offers: serial, threads, processes and more.\n'
        "\n"
        "Saved by cpuviz (the Code page's Save as script…, or `cpuviz script`).\n"
        f"It needs Python 3.10 or newer and {needs}.\n"
        "Run it with `python` and this file's name; `--chunks N` sets the amount of work.\n"
        "It prints how long each mode took and its speedup against serial, then what cpuviz\n"
        'would say. Spawn-safe: it runs the same on Linux, macOS and Windows.\n"""'
    )


def _user_function(work: ShownWork) -> str:
    """Their file imported by path in this process and in every child (which imports the
    script again), registered under its name so its results pickle."""
    assert work.code is not None
    return (
        "# Your function, imported from its file (change the path if you move it).\n"
        f"USER_FILE = {_string(work.code.path)}\n"
        f"_SPEC = importlib.util.spec_from_file_location({_string(work.module_name)}, USER_FILE)\n"
        'assert _SPEC is not None and _SPEC.loader is not None, f"cannot import {USER_FILE}"\n'
        "_MODULE = importlib.util.module_from_spec(_SPEC)\n"
        "sys.modules[_SPEC.name] = _MODULE  # the classes of its results pickle by this name\n"
        "_SPEC.loader.exec_module(_MODULE)\n"
        f"{work.code.function} = _MODULE.{work.code.function}"
    )


def _settings(work: ShownWork, workers: int, compared: Sequence[Mode]) -> str:
    lines = [f"NAME = {_string(work.name)}", f"CHUNKS = {number(work.chunks)}"]
    lines.append(f"WORKERS = {number(workers)}")
    names = [_string(mode.value) for mode in compared if mode in SCRIPT_MODES]
    lines.append("# Compared with serial, each where the Python running this offers it:")
    lines.append(f"COMPARED = ({', '.join(names)}{',' if len(names) == 1 else ''})")
    if work.code is None:
        lines.append(f"ITERATIONS = {number(work.iterations_per_chunk)}")
    return "\n".join(lines)


def _verdict() -> str:
    """cpuviz's verdict, as its source: the modes it names, its thresholds, its sentences."""
    thresholds = "\n".join(f"{name} = {getattr(recommendation, name)!r}" for name in _THRESHOLDS)
    return "\n\n\n".join(
        [
            _VERDICT_MODES,
            "# cpuviz's thresholds (cpuviz/core/runs/recommendation.py)\n" + thresholds,
            inspect.getsource(recommendation.Recommendation).strip("\n"),
            inspect.getsource(recommendation.recommend).strip("\n"),
        ]
    )


def _string(text: str) -> str:
    """A Python string literal in double quotes, as the project's formatter writes them."""
    return json.dumps(text, ensure_ascii=False)


def _asyncio_mode(work: ShownWork) -> str:
    return '\n    modes["asyncio"] = run_asyncio' if work.waits else ""
