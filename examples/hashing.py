"""Hashing a big buffer with sha256: C code that lets go of the GIL while it works.

    cpuviz --work examples/hashing.py:digest

hashlib releases the GIL for buffers over 2 KiB, so threads hash side by side on every core,
and they need no pickling or extra processes to do it: threads are enough.
"""

import hashlib

BUFFER = bytes(range(256)) * (8 * 1024 * 1024 // 256)  # 8 MiB, made once per process
PASSES = 6  # about 30 ms a chunk here


def digest(chunk: int) -> str:
    """The sha256 of this chunk's number followed by the 8 MiB buffer, PASSES times over."""
    hasher = hashlib.sha256(chunk.to_bytes(8, "little"))
    for _ in range(PASSES):
        hasher.update(BUFFER)
    return hasher.hexdigest()
