"""watch_busy_error: how far the watch's busy cores are from the kernel's own account of the tree.

Two programs the chapter is about, each watched as `cpuviz run --json` watches one: two
CPU-bound threads in one process, and the same work in a multiprocessing.Pool(2). The kernel's
figure is (user + sys) ÷ elapsed for the whole tree: what it accounted for the program when
cpuviz reaped it, its reaped children included (the figure `/usr/bin/time` prints), over the
watch's own elapsed time. The worse of the two programs is the measurement.
"""

from __future__ import annotations

import os

import psutil

from benchmarks.measurement import Measurement, emit, log
from benchmarks.watch_program import command
from cpuviz.core.watch.program import StartedProgram
from cpuviz.core.watch.watch import ProgramWatch

PROGRAMS = (("threads", "2"), ("pool", "2"))
PROGRAM_CPU_S = 6.0


def busy_error(shape: tuple[str, ...]) -> float:
    program = command(*shape, str(PROGRAM_CPU_S))
    with open(os.devnull, "wb") as quiet:
        watch = ProgramWatch(StartedProgram(program, stdout=quiet), psutil.cpu_count() or 1)
        watch.follow()
    report = watch.report()
    assert report.exit_code == 0 and report.os_cpu_s is not None, report
    kernel_busy = report.os_cpu_s / report.elapsed_s
    log(
        f"  {' '.join(shape)}: busy {report.busy_cores:.3f}, kernel {kernel_busy:.3f}, "
        f"cores {report.core_busy}"
    )
    return abs(report.busy_cores - kernel_busy)


def measure() -> list[Measurement]:
    errors = {" ".join(shape): busy_error(shape) for shape in PROGRAMS}
    return [
        Measurement(
            "watch_busy_error",
            max(errors.values()),
            note="the worse of "
            + ", ".join(f"{name}: {error:.3f}" for name, error in errors.items())
            + f" ({PROGRAM_CPU_S:g} CPU s each; `threads 2` is two CPU-bound threads)",
        )
    ]


if __name__ == "__main__":
    emit(measure())
