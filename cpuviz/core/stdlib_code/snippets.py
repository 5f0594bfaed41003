"""Each mode as the few standard-library lines it stands for: what the Code page shows.

Written for a projector: short lines (64 characters at most for the CPU work), no docstrings,
and the threads and processes cases in about 22 lines, so the room reads them without
scrolling. They share everything but the lines that make the difference: threads and
processes split the chunks as cpuviz does (worker w takes chunks w, w + WORKERS, …) and
differ only in how the shares are started and their results collected.
"""

from __future__ import annotations

from pathlib import Path

from cpuviz.core.runs.plan import Mode
from cpuviz.core.stdlib_code.kernels import KernelParts, kernel_parts, number
from cpuviz.core.stdlib_code.work import ShownWork

_GUARD = 'if __name__ == "__main__":'
_MODE_IMPORTS = {
    Mode.THREADS: "import threading",
    Mode.FREE_THREADED: "import threading",
    Mode.PROCESSES: "import multiprocessing",
    Mode.ASYNCIO: "import asyncio",
    Mode.INTERPRETERS: (
        "try:\n"
        "    from concurrent.futures import InterpreterPoolExecutor\n"
        "except ImportError:  # before 3.14: pip install interpreters-pep-734\n"
        "    from interpreters_backports.concurrent.futures import (\n"
        "        InterpreterPoolExecutor,\n"
        "    )"
    ),
    Mode.CLUSTER: "from distributed import Client  # pip install distributed",
}
_THREADS = f"""{_GUARD}
    results = [None] * WORKERS
    def run(worker: int) -> None:
        results[worker] = share(worker)
    threads = [threading.Thread(target=run, args=(w,))
               for w in range(WORKERS)]
    [t.start() for t in threads]
    [t.join() for t in threads]"""
_MAINS = {
    Mode.THREADS: _THREADS,
    Mode.FREE_THREADED: "# run on a free-threaded Python (python3.13t, 3.14t): no GIL\n" + _THREADS,
    Mode.PROCESSES: f"""# spawned children import this file: only the parent runs this
{_GUARD}
    pool = multiprocessing.Pool(WORKERS)
    tasks = [pool.apply_async(share, (w,))
             for w in range(WORKERS)]
    pool.close()
    pool.join()
    results = [t.get() for t in tasks]""",
    Mode.INTERPRETERS: f"""{_GUARD}
    with InterpreterPoolExecutor(WORKERS) as pool:
        tasks = [pool.submit(share, w) for w in range(WORKERS)]
        results = [t.result() for t in tasks]""",
    Mode.CLUSTER: f"""{_GUARD}
    client = Client("tcp://scheduler:8786")  # your scheduler
    tasks = client.map(share, range(WORKERS))
    results = client.gather(tasks)""",
    Mode.ASYNCIO: f"""async def main() -> list:
    return await asyncio.gather(*(share(w) for w in range(WORKERS)))

{_GUARD}
    results = asyncio.run(main())""",
}


def snippet(mode: Mode, work: ShownWork, workers: int) -> str:
    """The code `mode` stands for, with this work, chunk count and worker count filled in."""
    kernel = kernel_parts(work, awaited=mode is Mode.ASYNCIO, docstrings=False)
    sections = [
        _imports(mode, work, kernel),
        "\n".join(kernel.definitions),
        _settings(mode, work, workers),
        _serial_main(kernel) if mode is Mode.SERIAL else _share(mode, kernel),
        *([] if mode is Mode.SERIAL else [_MAINS[mode]]),
    ]
    return "\n\n".join(section.strip("\n") for section in sections if section) + "\n"


def user_import(work: ShownWork) -> str:
    """`from primes import count_primes`, saying which file that is when the names differ."""
    assert work.code is not None
    line = f"from {work.module_name} import {work.code.function}"
    if work.module_name != Path(work.code.path).stem:
        line += f"  # {work.code.file_name}, saved as {work.module_name}.py"
    return line


def _imports(mode: Mode, work: ShownWork, kernel: KernelParts) -> str:
    standard = sorted({*kernel.imports, *([_MODE_IMPORTS[mode]] if mode in _MODE_IMPORTS else [])})
    standard.sort(key=lambda line: (line.startswith(("from", "try")), line))
    theirs = [user_import(work)] if work.code is not None else []
    return "\n\n".join(part for part in ("\n".join(standard), "\n".join(theirs)) if part)


def _settings(mode: Mode, work: ShownWork, workers: int) -> str:
    names = ["CHUNKS"] + ([] if mode is Mode.SERIAL else ["WORKERS"])
    values = [number(work.chunks)] + ([] if mode is Mode.SERIAL else [number(workers)])
    if work.code is None:
        names.append("ITERATIONS")
        values.append(number(work.iterations_per_chunk))
    return f"{', '.join(names)} = {', '.join(values)}"


def _share(mode: Mode, kernel: KernelParts) -> str:
    if mode is Mode.ASYNCIO:
        wait = f"        {kernel.wait}\n" if kernel.wait else ""
        return (
            "async def share(worker: int) -> list:\n"
            "    results = []\n"
            "    for i in range(worker, CHUNKS, WORKERS):  # cpuviz's split\n"
            f"{wait}"
            f"        results.append({kernel.call})\n"
            "    return results"
        )
    return (
        "def share(worker: int) -> list:\n"
        "    mine = range(worker, CHUNKS, WORKERS)  # cpuviz's split\n"
        f"    return [{kernel.call} for i in mine]"
    )


def _serial_main(kernel: KernelParts) -> str:
    return f"{_GUARD}\n    results = [{kernel.call} for i in range(CHUNKS)]"
