"""Which core the program's CPU time was spent on, charged as its clocks are read.

The clocks that the lanes and the figures come from are read once a tick, and each thread's
stat says the core it ran on last, so the per-core share costs no reading of its own: a
thread's time since the last reading is charged to that core, and what a process's clock
gained beyond its threads' (threads that ended between two readings) to the process's own
last core. A thread that moved cores within a tick lends one core's share to the other for
that tick. What no reading can place (a child's last moments before its parent reaped it, a
child that began and ended between two looks at the process table, both known only from the
parent's clock of its reaped children) is spread over the cores evenly, so that the cores add
up to the tree's busy cores.
"""

from __future__ import annotations


class CoreLedger:
    """CPU seconds on each core since the watch began; a core beyond the count (a CPU brought
    online since) is charged to the last one."""

    def __init__(self, core_count: int, tick_s: float) -> None:
        self.core_s = [0.0] * max(1, core_count)
        self._tick_s = tick_s
        self._charged_ticks = 0

    def charge(self, core: int, ticks: int) -> None:
        if ticks > 0:
            self.core_s[min(max(core, 0), len(self.core_s) - 1)] += ticks * self._tick_s
            self._charged_ticks += ticks

    def spread(self, ticks: int) -> None:
        """Time on no core that can be named (psutil gives no per-thread core): evenly."""
        if ticks > 0:
            share_s = ticks * self._tick_s / len(self.core_s)
            self.core_s = [core_s + share_s for core_s in self.core_s]
            self._charged_ticks += ticks

    def settle(self, tree_ticks: int) -> None:
        """The tree has used `tree_ticks` since the watch began: spread what is not charged."""
        self.spread(tree_ticks - self._charged_ticks)
