"""Nearest-rank percentiles, shared by the frame probe and the benchmarks."""

from __future__ import annotations

from collections.abc import Collection


def percentile(values: Collection[float], share: float) -> float:
    """The value below which `share` of `values` lie; always one that was actually measured,
    so a p99 of frame intervals is a real frame, not an interpolation between two."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]
