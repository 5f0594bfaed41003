"""How long one chunk of each workload takes serially on this machine, from a short probe.

"About 15 s of serial work" then means 15 s here, on a slow laptop or a fast server alike,
where a fixed count of chunks would be over in a moment on one and drag on on the other.

A chunk's serial duration is the CPU time it took plus the time it waits (io sleeps a known
while): CPU time is what the probe's own thread got, so other processes starting up at the
same moment (more worker hosts, the window) slow the probe down without skewing the figure.
"""

from __future__ import annotations

import time

from cpuviz.core.work.workloads import Workload, chunk_checksum, io_wait_s

# Per workload; all four take about 0.4 s, in a worker host before it reports ready.
PROBE_S = 0.1


def probe_chunk_seconds(iterations: int) -> dict[Workload, float]:
    """Seconds one chunk of `iterations` takes serially, for each Workload."""
    return {workload: _probe(workload, iterations) for workload in Workload}


def _probe(workload: Workload, iterations: int) -> float:
    kernel = workload.kernel(iterations)
    kernel(0)  # once first: a workload's first chunk pays for setting itself up
    chunks = 0
    started_s, cpu_started_s = time.monotonic(), time.thread_time()
    while chunks == 0 or time.monotonic() - started_s < PROBE_S:
        chunk_checksum(kernel(chunks))  # as a run does: for data, the CRC of 4 MiB counts
        chunks += 1
    cpu_s = (time.thread_time() - cpu_started_s) / chunks
    return cpu_s + (io_wait_s(iterations) if workload.waits else 0.0)
