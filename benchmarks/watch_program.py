"""The programs the watch benchmarks watch, run as a script: `watch_program.py SHAPE CPU_S`.

    threads N CPU_S          N CPU-bound threads in one process (they take turns at its GIL)
    pool N CPU_S             the same work in a multiprocessing.Pool(N)
    tree P T CPU_S           P processes (this one and P - 1 children) of T CPU-bound threads

Work is sized in CPU seconds, not wall time, so a shared machine stretches a run but not its
work. A script (not a module of the package) so that what is watched is a plain program, as a
user's would be.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
import time
from pathlib import Path


def command(*arguments: str) -> list[str]:
    """The command that runs this program as a script, with `arguments`."""
    return [sys.executable, str(Path(__file__).resolve()), *arguments]


def spin(cpu_s: float) -> float:
    """Keep this thread on a CPU until it has used `cpu_s` seconds of it."""
    start_s = time.thread_time()
    while time.thread_time() - start_s < cpu_s:
        pass
    return cpu_s


def threads(count: int, each_s: float) -> None:
    running = [threading.Thread(target=spin, args=(each_s,)) for _ in range(count)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()


def tree(processes: int, threads_each: int, each_s: float) -> None:
    children = [
        multiprocessing.Process(target=threads, args=(threads_each, each_s))
        for _ in range(processes - 1)
    ]
    for child in children:
        child.start()
    threads(threads_each, each_s)
    for child in children:
        child.join()


def main(arguments: list[str]) -> None:
    shape, *numbers = arguments
    if shape == "threads":
        threads(int(numbers[0]), float(numbers[1]) / int(numbers[0]))
    elif shape == "pool":
        count, cpu_s = int(numbers[0]), float(numbers[1])
        with multiprocessing.Pool(count) as pool:
            pool.map(spin, [cpu_s / (2 * count)] * (2 * count), chunksize=1)
    elif shape == "tree":
        processes, threads_each, cpu_s = int(numbers[0]), int(numbers[1]), float(numbers[2])
        tree(processes, threads_each, cpu_s / (processes * threads_each))
    print(f"{shape} done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
