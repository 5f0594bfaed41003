"""The CPU-bound kernel every mode runs.

Pure Python on purpose: each step is a few bytecodes on small ints, so a thread running it holds
the GIL all the time and only one such thread can make progress at once.
"""

from __future__ import annotations

CHECKSUM_MASK = (1 << 64) - 1


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


def combine(checksum: int, chunk_checksum: int) -> int:
    """Fold chunk checksums together; order-free, so the workers can finish in any order."""
    return (checksum + chunk_checksum) & CHECKSUM_MASK


def serial_checksum(chunks: int, iterations: int) -> int:
    """The reference answer, computed in the calling thread (used by tests and the bench)."""
    checksum = 0
    for chunk_index in range(chunks):
        checksum = combine(checksum, cpu_chunk(chunk_index, iterations))
    return checksum
