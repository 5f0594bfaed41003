"""Subinterpreters (PEP 684/734): several interpreters in one process, each with its own GIL.

The public API arrived in Python 3.14 (`concurrent.interpreters`, also installable as the
`interpreters-pep-734` backport); 3.12 and 3.13 have the same machinery in private modules.
Whichever is present, a worker thread owns one interpreter and runs its chunks in it: while it
does, the thread holds that interpreter's GIL, not the host's, so workers run in parallel.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import threading
from collections.abc import Callable, Iterator
from functools import partial
from types import ModuleType

from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Kernel, Workload

# Runs once in a new interpreter: it shares nothing with ours, so it imports the kernel itself.
_SETUP = """
import os, sys
sys.path[:] = {path!r}
from cpuviz.core.work.workloads import Workload, chunk_checksum
from cpuviz.core.work import user_code
def _emit(workload, iterations, chunk_index):
    checksum = chunk_checksum(Workload(workload).kernel(iterations)(chunk_index))
    os.write({reply_fd}, checksum.to_bytes(8, "little"))
def _emit_code(path, function, chunk_index):
    code = user_code.UserCode(path, function)
    checksum = user_code.result_digest(user_code.kernel(code)(chunk_index))
    os.write({reply_fd}, checksum.to_bytes(8, "little"))
"""
CHECKSUM_BYTES = 8


class SubinterpreterError(RuntimeError):
    """Code in a subinterpreter raised; the message is its exception, as it printed there."""


def _first_module(*names: str) -> ModuleType | None:
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def _public_module() -> ModuleType | None:
    return _first_module("concurrent.interpreters", "interpreters_backports.interpreters")


def _private_module() -> ModuleType | None:
    return _first_module("_interpreters", "_xxsubinterpreters")  # 3.13, 3.12


def unavailable_reason() -> str | None:
    """Why this Python cannot run subinterpreters with their own GIL, or None if it can."""
    if sys.version_info < (3, 12):
        return "needs Python 3.12+ (one GIL per interpreter)"
    if _public_module() is None and _private_module() is None:
        return "this Python has no subinterpreter module"
    return None


def _open() -> tuple[Callable[[str], None], Callable[[], None]]:
    """A new isolated interpreter as (run code in it, destroy it)."""
    public = _public_module()
    if public is not None:
        interpreter = public.create()

        def run_public(code: str) -> None:
            try:
                interpreter.exec(code)
            except public.ExecutionFailed as error:  # it names the error raised in there
                raise SubinterpreterError(str(error)) from None

        return run_public, interpreter.close
    private = _private_module()
    if private is None:
        raise SubinterpreterError(unavailable_reason() or "no subinterpreter module")
    interpreter_id = private.create()

    def run_private(code: str) -> None:
        try:
            failure = private.run_string(interpreter_id, code)  # 3.13 returns what it raised
        except getattr(private, "RunFailedError", ()) as error:  # 3.12 raises instead
            raise SubinterpreterError(str(error)) from None
        if failure is not None:
            raise SubinterpreterError(getattr(failure, "formatted", None) or str(failure))

    return run_private, lambda: private.destroy(interpreter_id)


class Subinterpreter:
    """One isolated interpreter and the pipe its checksums come back on.

    Only a few kinds of object may cross between interpreters; an 8-byte write works the same on
    every Python that has them.
    """

    def __init__(self) -> None:
        self._reply_read, self._reply_write = os.pipe()
        self._close = lambda: None
        try:
            self._run, self._close = _open()
            self._run(_SETUP.format(path=list(sys.path), reply_fd=self._reply_write))
        except BaseException:
            self.close()
            raise

    def compute(self, workload: Workload, iterations: int, chunk_index: int) -> int:
        self._run(f"_emit({workload.value!r}, {iterations}, {chunk_index})")
        return int.from_bytes(os.read(self._reply_read, CHECKSUM_BYTES), "little")

    def load(self, code: UserCode) -> None:
        """Import the user's file in here; SubinterpreterError says why it would not."""
        self._run(f"user_code.load_function(user_code.UserCode({code.path!r}, {code.function!r}))")

    def compute_code(self, code: UserCode, chunk_index: int) -> int:
        """A chunk of the user's function, imported into this interpreter (once per file)."""
        self._run(f"_emit_code({code.path!r}, {code.function!r}, {chunk_index})")
        return int.from_bytes(os.read(self._reply_read, CHECKSUM_BYTES), "little")

    def close(self) -> None:
        self._close()
        os.close(self._reply_read)
        os.close(self._reply_write)


class SubinterpreterPool:
    """Interpreters outlive runs: making one and importing the kernel into it takes ~40 ms, which
    would otherwise be charged to every interpreters run."""

    def __init__(self) -> None:
        self._idle: list[Subinterpreter] = []
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def kernel(
        self, workload: Workload, iterations: int, code: UserCode | None = None
    ) -> Iterator[Kernel]:
        """A chunk kernel computing in an interpreter of its own, for one worker's run: the
        user's function if there is one, else the workload's."""
        with self._lock:
            interpreter = self._idle.pop() if self._idle else None
        interpreter = interpreter or Subinterpreter()
        try:
            if code is not None:
                yield partial(interpreter.compute_code, code)
            else:
                yield partial(interpreter.compute, workload, iterations)
        finally:
            with self._lock:
                self._idle.append(interpreter)
