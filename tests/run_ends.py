"""Waiting for the runs of a feed to end, as the window hears it: in one run_ended signal.

A test says which ending it waits for (finished, stopped or failed) and reads what came with
it: the report of a finished run, the reason of a failed one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from cpuviz.bridge.run_feed import RunFeed
from cpuviz.core.runs.outcome import RunFailed, RunFinished, RunOutcome
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.results import RunReport


@dataclass
class Ending:
    """The endings waited for, once the `with` block of run_ends is over."""

    outcomes: list[RunOutcome] = field(default_factory=list)

    @property
    def outcome(self) -> RunOutcome:
        return self.outcomes[-1]

    @property
    def report(self) -> RunReport:
        """The last finished run's report."""
        assert isinstance(self.outcome, RunFinished), self.outcome
        return self.outcome.report

    @property
    def reason(self) -> str:
        """Why the last failed run failed."""
        assert isinstance(self.outcome, RunFailed), self.outcome
        return self.outcome.reason


@contextmanager
def run_ends(
    qtbot,
    feed: RunFeed,
    timeout_ms: int,
    kind: type[RunOutcome] = RunFinished,
    *,
    mode: Mode | None = None,
    runs: int = 1,
) -> Iterator[Ending]:
    """Wait, as the block ends, until `runs` runs of `feed` have ended in `kind` (finished
    runs of `mode` only, if given). Other endings do not end the wait: a test that waits for
    a finished run times out on a failed one, and says so."""
    ending = Ending()

    def counts(outcome: RunOutcome) -> bool:
        if not isinstance(outcome, kind):
            return False
        if mode is not None and outcome.report.result.plan.mode is not mode:
            return False
        ending.outcomes.append(outcome)
        return len(ending.outcomes) >= runs

    with qtbot.waitSignal(feed.run_ended, timeout=timeout_ms, check_params_cb=counts):
        yield ending


def collect_reports(feed: RunFeed) -> list[RunReport]:
    """Every finished run's report from now on, in order."""
    reports: list[RunReport] = []
    feed.run_ended.connect(
        lambda outcome: reports.append(outcome.report) if isinstance(outcome, RunFinished) else None
    )
    return reports
