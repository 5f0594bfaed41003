"""--python (or $CPUVIZ_WORKER_PYTHON) and bench's --pythons, probed once the line has parsed.

Each names a Python the workers run on, by path or by a name on PATH (python3.14t). It is
probed in a child process of its own (core/system/pythons), never while parsing: a Python that
will not do is refused as any bad argument is, in one line, exit status 2.
"""

from __future__ import annotations

import os
import shutil

from cpuviz.cli.arguments.command_line import CommandLine
from cpuviz.core.system.pythons import (
    WORKER_PYTHON_VARIABLE,
    PythonInfo,
    UnusablePythonError,
    probe,
)


def take_workers_pythons(command_line: CommandLine) -> None:
    """Replace the text of --python (else the environment's) and of --pythons with what their
    probes found; exit 2 in one line for the first that will not do."""
    args = command_line.args
    if not hasattr(args, "python"):  # a script runs on whichever Python runs it
        return
    pythons = getattr(args, "pythons", None)
    if pythons is not None and (args.python is not None or args.work is not None):
        command_line.parser.error(
            "--pythons runs the built-in threads on each Python: leave out --python and --work"
        )
    named, flag = args.python, "--python"
    if named is None and os.environ.get(WORKER_PYTHON_VARIABLE):
        named, flag = os.environ[WORKER_PYTHON_VARIABLE], WORKER_PYTHON_VARIABLE
    args.python = None if named is None else _probed(command_line, flag, named)
    if pythons is not None:
        args.pythons = [_probed(command_line, "--pythons", name) for name in pythons]


def _probed(command_line: CommandLine, flag: str, named: str) -> PythonInfo:
    path = named if os.sep in named or not shutil.which(named) else shutil.which(named)
    try:
        return probe(str(path))
    except UnusablePythonError as problem:
        command_line.parser.error(f"{flag}: {problem}")
        raise  # error() exits; this only tells the type checker
