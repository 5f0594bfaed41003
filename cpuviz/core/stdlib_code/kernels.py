"""The app's own kernels as source text: the constants, functions and imports a chunk needs.

Taken with `inspect.getsource` from cpuviz/core/work/workloads.py, so the code on the page and
in a saved script is the code the workers run, not a look-alike; only docstrings may be left
out, where the page has no room for them.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable
from dataclasses import dataclass

from cpuviz.core.stdlib_code.work import ShownWork
from cpuviz.core.work import workloads
from cpuviz.core.work.workloads import Workload


@dataclass(frozen=True, slots=True)
class KernelParts:
    """What computing one chunk takes; `call` computes chunk `i`, after `wait` (asyncio only)."""

    imports: tuple[str, ...]
    definitions: tuple[str, ...]  # the constants, then each function, ready to be joined
    call: str
    wait: str = ""


@dataclass(frozen=True, slots=True)
class _Recipe:
    imports: tuple[str, ...]
    constants: tuple[str, ...]
    functions: tuple[Callable, ...]


_CACHE = "from functools import cache"
_IO_CONSTANTS = ("REFERENCE_STEPS_PER_S", "IO_PYTHON_SHARE")
_NATIVE_CONSTANTS = ("NATIVE_BYTES_PER_STEP", "NATIVE_BUFFER_BYTES")
_RECIPES = {
    Workload.CPU: _Recipe((), (), (workloads.cpu_chunk,)),
    Workload.IO: _Recipe(
        ("import time",),
        _IO_CONSTANTS,
        (workloads.cpu_chunk, workloads.io_wait_s, workloads.io_reply_checksum, workloads.io_chunk),
    ),
    Workload.NATIVE: _Recipe(
        ("import hashlib", _CACHE),
        _NATIVE_CONSTANTS,
        (workloads._native_buffer, workloads.native_chunk),
    ),
    Workload.DATA: _Recipe(
        (_CACHE,),
        ("NATIVE_BUFFER_BYTES", "DATA_BYTES_PER_STEP"),
        (workloads._native_buffer, workloads.data_chunk),
    ),
}
# asyncio tasks await the wait that io_chunk sleeps through, then handle the reply, as the
# app's tasks do (cpuviz/core/processes/worker.py).
_AWAITED_IO = _Recipe(
    (), _IO_CONSTANTS, (workloads.cpu_chunk, workloads.io_wait_s, workloads.io_reply_checksum)
)
_AWAIT_THE_REPLY = "await asyncio.sleep(io_wait_s(ITERATIONS))"
# Work that never waits runs whole between awaits: asyncio cannot overlap it with anything.
_AWAIT_NOTHING = "await asyncio.sleep(0)"


def kernel_parts(work: ShownWork, *, awaited: bool = False, docstrings: bool = True) -> KernelParts:
    """The built-in workload's kernel as source, called with ITERATIONS; the user's function as
    a call only (the snippet or script imports their file). `awaited`: inside an asyncio task."""
    if work.code is not None:
        call = f"{work.code.function}(i)"
        if not work.is_async:
            return KernelParts((), (), call, _AWAIT_NOTHING if awaited else "")
        if awaited:
            return KernelParts((), (), f"await {call}")
        return KernelParts(("import asyncio",), (), f"asyncio.run({call})")
    recipe = _AWAITED_IO if awaited and work.workload.waits else _RECIPES[work.workload]
    constants = "\n".join(_constant(name) for name in recipe.constants)
    functions = (_source(function, docstrings=docstrings) for function in recipe.functions)
    wait = ""
    if awaited:
        wait = _AWAIT_THE_REPLY if recipe is _AWAITED_IO else _AWAIT_NOTHING
    return KernelParts(
        recipe.imports,
        (*([constants + "\n"] if constants else []), *functions),
        f"{recipe.functions[-1].__name__}(i, ITERATIONS)",
        wait,
    )


def number(value: int | float) -> str:
    """A figure as Python source, in thousands where that reads better: 120_000."""
    return f"{value:_}" if isinstance(value, int) and value >= 10_000 else repr(value)


def _constant(name: str) -> str:
    return f"{name} = {number(getattr(workloads, name))}"


def _source(function: Callable, *, docstrings: bool) -> str:
    """The function's own source (with its decorators), less its docstring if asked."""
    source = inspect.getsource(function)
    if docstrings:
        return source
    body = ast.parse(source).body[0]
    assert isinstance(body, ast.FunctionDef)
    first = body.body[0]
    if ast.get_docstring(body) is None or first.end_lineno is None:
        return source
    lines = source.splitlines(keepends=True)
    return "".join(lines[: first.lineno - 1] + lines[first.end_lineno :])
