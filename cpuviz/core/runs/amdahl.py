"""Amdahl's law, both ways: the serial fraction a measured speedup implies, and what it allows.

A run's serial fraction (the Karp–Flatt metric) is the part of the work that behaved as if it
could not be spread at all. Threads doing pure Python under the GIL measure close to 1 (as good
as serial); processes a few percent. Amdahl's curve then says how far more cores would get.
"""

from __future__ import annotations


def serial_fraction(speedup: float, processors: int) -> float | None:
    """The serial fraction that explains `speedup` on `processors`; None if one processor
    (nothing ran in parallel, so nothing can be inferred). Clamped to 0 … 1: a run can beat
    Amdahl a little (caches) or lose to serial (overheads), but the fraction means 0 … 1."""
    if processors <= 1 or speedup <= 0:
        return None
    fraction = (1 / speedup - 1 / processors) / (1 - 1 / processors)
    return min(1.0, max(0.0, fraction))


def amdahl_speedup(serial: float, processors: float) -> float:
    """The speedup Amdahl's law allows on `processors` when `serial` of the work cannot spread."""
    return 1 / (serial + (1 - serial) / processors)
