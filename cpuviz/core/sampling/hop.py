"""Is one core's worth of the run's work moving between cores? The threads picture, named.

Under the GIL, CPU-bound threads keep about one core busy, yet no core's graph shows one full
core: the scheduler runs whichever thread holds the GIL on whichever core is free, so the one
core's worth is spread over several graphs, each part full. A viewer sees "both cores half
busy" while the caption says "one core", and that is the moment that needs a sentence. A
serial run hops the same way, and the same sentence is true of it.

The shares are smoothed over about a second, so a spread that flickers from sample to sample
reads as one steady state, and the verdict has a margin each way, so it does not blink.
"""

from __future__ import annotations

from collections.abc import Sequence

# Each sample moves the smoothed shares this far towards the new one (about a second at 10 Hz).
SMOOTHING = 0.15
# The run keeps about one core busy: at most this many cores' worth (and, to say it holds,
# at most HOPPING_BELOW_CORES; to say it stopped, above it plus the margin) ...
HOPPING_BELOW_CORES = 1.3
# ... and at least two cores each carry this much of it, in percent of a core.
CARRYING_PCT = 20.0
MARGIN_PCT = 5.0
# Less than this in all is not a run's work at all (a run that waits on I/O).
AT_LEAST_CORES = 0.5


class HopWatch:
    """Follows the run's share of each core and says how many cores one core's worth of
    work is spread over (0 while it is not: idle, one core full, or several cores busy)."""

    def __init__(self, core_count: int) -> None:
        self._shares_pct = [0.0] * core_count
        self.cores_shared = 0

    def reset(self) -> None:
        """A new run: what the last one did says nothing about it."""
        self._shares_pct = [0.0] * len(self._shares_pct)
        self.cores_shared = 0

    def add(self, run_pct: Sequence[float]) -> int:
        """The run's share of each core in one sample; returns `cores_shared`."""
        shares = self._shares_pct
        for core, pct in enumerate(run_pct[: len(shares)]):
            shares[core] += SMOOTHING * (pct - shares[core])
        margin = MARGIN_PCT if self.cores_shared else -MARGIN_PCT
        total_cores = sum(shares) / 100
        carrying = sum(1 for pct in shares if pct >= CARRYING_PCT - margin)
        one_core = AT_LEAST_CORES <= total_cores <= HOPPING_BELOW_CORES + margin / 100
        self.cores_shared = carrying if one_core and carrying >= 2 else 0
        return self.cores_shared
