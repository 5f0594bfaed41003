"""Make a child process end when the app that started it ends, however the app ends.

A window closed normally shuts its children down. But a GUI killed with SIGKILL, or a laptop
that runs out of battery mid-demo, runs no clean-up code at all; without this, the Manager and
any worker host would carry on as orphans, spinning at 100 % with nobody to show it.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from multiprocessing.connection import Connection

_PR_SET_PDEATHSIG = 1


def exit_with_parent() -> None:
    """Call first thing in a child started by multiprocessing (spawn or forkserver).

    Two mechanisms, because neither covers everything: on Linux the kernel sends SIGKILL the
    moment the parent dies (prctl PR_SET_PDEATHSIG; note it fires when the parent *thread* that
    started us exits, so pools are started from the GUI's main thread). Everywhere, a watchdog
    thread waits on multiprocessing's parent sentinel, which becomes ready when the parent is gone.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent.pid:  # the parent died before the kernel was told to watch it
        os._exit(1)
    threading.Thread(
        target=_exit_when_gone, args=(parent,), name="cpuviz-parent-watch", daemon=True
    ).start()


def next_command(commands: Connection) -> object:
    """The app's next command to a child; the child's exit once the app's end of the pipe is
    closed, which is how the app being gone shows first."""
    try:
        return commands.recv()
    except (EOFError, OSError):
        os._exit(0)


def _exit_when_gone(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # waits on the parent sentinel: returns only once the parent has ended
    os._exit(1)
