"""An async function that waits on I/O (a stand-in for an HTTP request).

    cpuviz --work examples/fetch.py:fetch --mode asyncio

In asyncio mode the tasks wait together on one thread; in the other modes each chunk runs its
own event loop (asyncio.run), so threads overlap the waits too.
"""

import asyncio

LATENCY_S = 0.05


async def fetch(chunk: int) -> str:
    """Wait as a network reply would, then build a small "response"."""
    await asyncio.sleep(LATENCY_S)
    return f"response {chunk}"
