"""Each chunk returns 4 MiB: quick to make, slow to move between processes.

    cpuviz --work examples/big_results.py:rotate

A thread hands its result back in memory the whole program shares. A worker process must
pickle it, push it through a pipe and have it unpickled on the other side, as every process
pool does: here that costs more than the work itself, and processes lose to threads. The Runs
table shows the cost as "moving"; bench --json as transfer_s.
"""

DATA = bytes(range(256)) * (4 * 1024 * 1024 // 256)  # 4 MiB, made once per process


def rotate(chunk: int) -> bytes:
    """The data rotated by the chunk's number of bytes: two copies of 4 MiB."""
    shift = chunk % 256
    return DATA[shift:] + DATA[:shift]
