"""`cpuviz run --json`: start (or attach to) a program, watch it to its end, print its figures.

A command that cannot be started, or a PID that cannot be watched, is one line and the usage
exit code, as every command's bad input is. Everything the program itself does (failing,
exiting at once, starting many processes, forking and exiting) ends as figures, and cpuviz
exits 0. Ctrl+C ends a started program's whole tree, then prints what was seen until then.
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Sequence

import psutil

from cpuviz.core.sampling.process_cores import process_cores
from cpuviz.core.watch.program import AttachedProgram, ProgramError, StartedProgram
from cpuviz.core.watch.watch import ProgramWatch
from cpuviz.options import EXIT_USAGE


def run_program_headless(command: Sequence[str], attach: int | None) -> int:
    """Watch `command` (started) or the process `attach` until it ends; 0, or EXIT_USAGE."""
    try:
        program = AttachedProgram(attach) if attach is not None else StartedProgram(command)
    except ProgramError as error:
        print(f"cpuviz run: {error}", file=sys.stderr)
        return EXIT_USAGE
    watch = None
    try:
        watch = ProgramWatch(program, process_cores(psutil.cpu_count() or 1))
        watch.follow()
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not cut the end short
        watch = watch or ProgramWatch(program, process_cores(psutil.cpu_count() or 1))
        watch.stop()
    print(json.dumps(watch.report().as_json()), flush=True)
    return 0
