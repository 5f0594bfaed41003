"""What the shown code computes: a built-in workload or the user's function, chunk by chunk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cpuviz.core.runs.plan import ITERATIONS_PER_CHUNK, WORK_SIZES
from cpuviz.core.work.user_code import UserCode, UserCodeError, functions_in
from cpuviz.core.work.workloads import Workload

DEFAULT_CHUNKS = WORK_SIZES["small"].chunks


@dataclass(frozen=True, slots=True)
class ShownWork:
    """`chunks` chunks of a workload's kernel, or of the user's `code` (which replaces it)."""

    workload: Workload = Workload.CPU
    code: UserCode | None = None
    chunks: int = DEFAULT_CHUNKS
    iterations_per_chunk: int = ITERATIONS_PER_CHUNK

    @property
    def name(self) -> str:
        """What the verdict names, as bench does: the function, or the workload's title."""
        return self.code.function if self.code is not None else self.workload.title

    @property
    def module_name(self) -> str:
        """The name the user's file is imported under: its stem, made an identifier."""
        assert self.code is not None
        stem = Path(self.code.path).stem
        return stem if stem.isidentifier() else "user_code"

    @property
    def is_async(self) -> bool:
        """Is the user's function an `async def` (read from the file's text, never run)?"""
        if self.code is None:
            return False
        try:
            found = functions_in(self.code.path)
        except UserCodeError:
            return False
        return any(function.is_async for function in found if function.name == self.code.function)

    @property
    def waits(self) -> bool:
        """Does asyncio have anything to overlap here (the app offers asyncio only then)?"""
        return self.is_async if self.code is not None else self.workload.waits
