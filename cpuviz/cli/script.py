"""`cpuviz script --work … -o FILE`: the take-home script for the command line.

The same file the Code page's "Save as script…" writes: every mode this Python offers on the
given work, timed, with cpuviz's verdict at the end. A file that cannot be written is refused
in one line, with the usage exit code, as every command does.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from cpuviz.core.runs.plan import Mode
from cpuviz.core.stdlib_code.script import take_home_script
from cpuviz.core.stdlib_code.work import ShownWork
from cpuviz.core.system.files import FileWriteError, write_text
from cpuviz.options import EXIT_USAGE


def run_script_command(
    work: ShownWork, workers: int, output: Path, compared: Sequence[Mode] = tuple(Mode)
) -> int:
    """Write the script for `work` with `workers` workers, comparing `compared` with serial,
    to `output`; 0, or EXIT_USAGE."""
    try:
        write_text(output, take_home_script(work, workers, compared))
    except FileWriteError as error:
        print(f"cpuviz script: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {output}: run it with python {output.name}")
    return 0
