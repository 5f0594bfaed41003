"""The kinds of work every mode can run, chunk by chunk.

- cpu: pure Python. Each step is a few bytecodes on small ints, so a thread running it holds
  the GIL all the time and only one such thread can make progress at once.
- io: mostly waiting. A blocking sleep stands in for network latency (a database or an HTTP
  reply): a sleeping thread lets go of the GIL, so waiting threads overlap. A little Python
  then "parses the reply", as real I/O-bound code does.
- native: C code that lets go of the GIL. hashlib hashes buffers of 2 KiB and more without
  holding it, so threads hashing big buffers really do run on several cores at once.
- data: big results, cheap to make. Each chunk returns a few MiB; threads leave them in the
  memory they share, worker processes must pickle them and send them through a pipe. Moving
  them costs far more than making them: the case where processes lose to threads.

A chunk's size is given in cpu kernel steps; io and native turn that into the same amount of
wall time on the reference machine, so one work size means ~2 s serial for every workload.
"""

from __future__ import annotations

import hashlib
import time
import zlib
from collections.abc import Callable
from enum import StrEnum
from functools import cache, partial

CHECKSUM_MASK = (1 << 64) - 1
# cpu kernel steps per second on the 2-core reference machine: 120 000 steps ≈ 20 ms.
REFERENCE_STEPS_PER_S = 6_000_000
# The share of an io chunk spent in Python after the wait ("parsing the reply").
IO_PYTHON_SHARE = 0.01
# sha256 runs at ~1.5 GB/s here, so 256 bytes per step hash in about the time a step takes.
NATIVE_BYTES_PER_STEP = 256
NATIVE_BUFFER_BYTES = 1 << 20

# Bytes a data chunk returns per kernel step: 120 000 steps make 3.75 MiB.
DATA_BYTES_PER_STEP = 32

Kernel = Callable[[int], int | bytes]


class Workload(StrEnum):
    """What each chunk of work does; the same chunks in every mode."""

    CPU = "cpu"
    IO = "io"
    NATIVE = "native"
    DATA = "data"

    @property
    def title(self) -> str:
        return {"cpu": "CPU", "io": "I/O", "native": "Native C", "data": "Data"}[self]

    @property
    def waits(self) -> bool:
        """Does this work spend its time waiting (and not using a CPU)?"""
        return self is Workload.IO

    def kernel(self, iterations: int) -> Kernel:
        """The function that computes one chunk of this work: chunk index → its checksum, or
        (data) its result, whose checksum is its CRC."""
        compute = {
            Workload.CPU: cpu_chunk,
            Workload.IO: io_chunk,
            Workload.NATIVE: native_chunk,
            Workload.DATA: data_chunk,
        }
        return partial(compute[self], iterations=iterations)


def cpu_chunk(chunk_index: int, iterations: int) -> int:
    """Run one chunk of a linear congruential generator and return a checksum of its states.

    Deterministic in `chunk_index`, so any split of the chunks over workers gives the same total.
    """
    state = chunk_index + 1
    checksum = 0
    for _ in range(iterations):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        checksum ^= state
    return checksum


def io_wait_s(iterations: int) -> float:
    """How long an io chunk waits: as long as a cpu chunk of this size computes."""
    return iterations / REFERENCE_STEPS_PER_S


def io_reply_checksum(chunk_index: int, iterations: int) -> int:
    """The Python work after an io chunk's wait; also what asyncio tasks run between awaits."""
    return cpu_chunk(chunk_index, max(1, round(iterations * IO_PYTHON_SHARE)))


def io_chunk(chunk_index: int, iterations: int) -> int:
    """Wait (without the GIL, as a thread blocked on a socket does), then handle the reply."""
    time.sleep(io_wait_s(iterations))
    return io_reply_checksum(chunk_index, iterations)


def native_chunk(chunk_index: int, iterations: int) -> int:
    """Hash `iterations × NATIVE_BYTES_PER_STEP` bytes with sha256, seeded by the chunk index.

    Each update() gets a 1 MiB buffer, far above the 2 KiB from which hashlib releases the GIL.
    """
    remaining = iterations * NATIVE_BYTES_PER_STEP
    digest = hashlib.sha256(chunk_index.to_bytes(8, "little"))
    buffer = memoryview(_native_buffer())
    while remaining > 0:
        digest.update(buffer[: min(remaining, NATIVE_BUFFER_BYTES)])
        remaining -= NATIVE_BUFFER_BYTES
    return int.from_bytes(digest.digest()[:8], "little")


def data_chunk(chunk_index: int, iterations: int) -> bytes:
    """`iterations × DATA_BYTES_PER_STEP` bytes, rotated by the chunk index: two copies, a
    millisecond or two, and a result that is expensive to move to another process."""
    size = iterations * DATA_BYTES_PER_STEP
    data = _native_buffer() * (size // NATIVE_BUFFER_BYTES + 1)
    shift = chunk_index % 256
    return data[shift : shift + size]


@cache
def _native_buffer() -> bytes:
    """Made once per interpreter: building it is pure Python work we do not want to measure."""
    return bytes(range(256)) * (NATIVE_BUFFER_BYTES // 256)


def combine(checksum: int, chunk_checksum: int) -> int:
    """Fold chunk checksums together; order-free, so the workers can finish in any order."""
    return (checksum + chunk_checksum) & CHECKSUM_MASK


def serial_checksum(chunks: int, iterations: int, workload: Workload = Workload.CPU) -> int:
    """The reference answer, computed in the calling thread (used by tests and the bench)."""
    kernel = workload.kernel(iterations)
    checksum = 0
    for chunk_index in range(chunks):
        checksum = combine(checksum, chunk_checksum(kernel(chunk_index)))
    return checksum


def chunk_checksum(result: int | bytes) -> int:
    """A built-in chunk's part of the checksum: the kernel's own number, or the CRC of the
    bytes a data chunk made (as the user's functions' bytes are counted too)."""
    return result if isinstance(result, int) else zlib.crc32(result)
