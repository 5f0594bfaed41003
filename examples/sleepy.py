"""A blocking sleep, standing in for a blocking I/O call (a database driver, requests.get).

    cpuviz --work examples/sleepy.py:wait

A sleeping thread lets go of the GIL, so threads overlap their waits: N threads finish about
N× sooner, with no core busy at all. Processes do too, at the cost of starting them.
"""

import time

LATENCY_S = 0.05


def wait(chunk: int) -> int:
    """Block for a while, then answer."""
    time.sleep(LATENCY_S)
    return chunk
