"""How a run ended: finished with a report, stopped, or failed with a reason.

Every kind of run feed (the live controller, a replay, a watched program) ends each run with
exactly one of these, so the window, the recorder and the commands handle an ending in one
place, and a recording stores the same values it replays.
"""

from __future__ import annotations

from dataclasses import dataclass

from cpuviz.core.runs.results import RunReport


@dataclass(frozen=True, slots=True)
class RunFinished:
    """The run went to its end; the report has its figures and the baseline it compares with."""

    report: RunReport


@dataclass(frozen=True, slots=True)
class RunStopped:
    """The run was stopped (by the user, or by the end of `cpuviz record --seconds`)."""


@dataclass(frozen=True, slots=True)
class RunFailed:
    """A worker raised or died, or the machinery broke; the reason is one line for the user."""

    reason: str


RunOutcome = RunFinished | RunStopped | RunFailed
