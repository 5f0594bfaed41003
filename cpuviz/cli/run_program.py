"""`cpuviz run [--json]`: start (or attach to) a program and watch it, in the window or not.

A command that cannot be started, or a PID that cannot be watched, is one line and the usage
exit code, as every command's bad input is, before any window opens. Everything the program
itself does (failing, exiting at once, starting many processes, forking and exiting) ends as
figures (`--json`) or as its row in Runs, and cpuviz exits 0. Ctrl+C, or closing the window,
ends a started program's whole tree; `--json` then prints what was seen until then.

In the window, the status line shows the program by name with its elapsed time, and the caption
its newest printed line, in the caption's large type: a script's own "Done in 7.8 sec" reads
from the back of the room. When it ends, the caption says in one plain line what happened.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import psutil

from cpuviz.core.watch.program import AttachedProgram, ProgramError, StartedProgram
from cpuviz.core.watch.watch import ProgramWatch
from cpuviz.options import EXIT_USAGE, GuiOptions

if TYPE_CHECKING:
    from cpuviz.bridge.program_feed import ProgramFeed
    from cpuviz.bridge.sampler import Sampler
    from cpuviz.core.watch.program import WatchedProgram


def watched_program(command: Sequence[str], attach: int | None) -> WatchedProgram:
    """`command`, started, or the running process `attach`; ProgramError if it cannot be."""
    return AttachedProgram(attach) if attach is not None else StartedProgram(command)


def run_program_headless(command: Sequence[str], attach: int | None) -> int:
    """Watch `command` (started) or the process `attach` until it ends; 0, or EXIT_USAGE."""
    try:
        program = watched_program(command, attach)
    except ProgramError as error:
        print(f"cpuviz run: {error}", file=sys.stderr)
        return EXIT_USAGE
    # Ctrl+C is heard between two readings, not in the middle of one: the watch then ends the
    # tree and still has every figure to print.
    interrupted = threading.Event()
    signal.signal(signal.SIGINT, lambda _signal, _frame: interrupted.set())
    watch = ProgramWatch(program, psutil.cpu_count() or 1)
    watch.follow(until=interrupted)
    if interrupted.is_set():
        watch.stop()
    print(json.dumps(watch.report().as_json()), flush=True)
    return 0


def run_program_window(command: Sequence[str], attach: int | None, options: GuiOptions) -> int:
    """Open the window on `command` (started) or the process `attach`; each Start runs the
    command again (an attached program is watched again while it runs). 0, or EXIT_USAGE."""
    from cpuviz.cli.program_words import show_program  # noqa: PLC0415
    from cpuviz.cli.window import (  # noqa: PLC0415 - Qt, lazily
        build_window,
        call_on_interrupt,
        display_problem,
        make_application,
    )
    from cpuviz.ui.settings import default_settings_file  # noqa: PLC0415

    problem = display_problem()  # before the program starts: it must not run unwatched
    if problem:
        print(f"cpuviz: {problem}", file=sys.stderr)
        return 1
    try:
        first = watched_program(command, attach)
    except ProgramError as error:
        print(f"cpuviz run: {error}", file=sys.stderr)
        return EXIT_USAGE
    feeds: list[ProgramFeed] = []

    def feed(sampler: Sampler) -> ProgramFeed:
        from cpuviz.bridge.program_feed import ProgramFeed  # noqa: PLC0415 - Qt, lazily
        from cpuviz.core.sampling.sources import PsutilSource  # noqa: PLC0415

        feeds.append(ProgramFeed(lambda: watched_program(command, attach), first, sampler.source))
        if isinstance(sampler.source, PsutilSource):  # the cores' share from the same readings
            sampler.source.share_from(feeds[0].core_share)
        return feeds[0]

    app = make_application()
    window = build_window(replace(options, settings_file=default_settings_file()), feed)
    show_program(window, feeds[0])
    window.show()
    call_on_interrupt(window, window.close)  # Ctrl+C closes it, which ends the tree
    return app.exec()
