"""What the progress bar and the caption say as runs start and end and the presenter chooses.

The window only tells the narrator what happened (a run started, a run ended, a mode was
chosen); the words are chosen here, in one place, so a sentence the audience reads can be
found, changed and tested without a window or a worker.
"""

from __future__ import annotations

from cpuviz.core.runs.outcome import RunFailed, RunFinished, RunOutcome, RunStopped
from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.results import explain
from cpuviz.core.runs.switch_interval import PYTHONS_OWN, SwitchInterval
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload
from cpuviz.ui.captions import (
    REPLAY_FIXED,
    REPLAY_INTRODUCTION,
    WORKLOAD_INTRODUCTIONS,
    watch_hint,
)
from cpuviz.ui.mode_looks import MODE_LOOKS
from cpuviz.ui.status import RunStatus
from cpuviz.ui.theme import Theme


class Narrator:
    """Says each event's words on `status`: its progress bar and the caption under it."""

    def __init__(self, status: RunStatus) -> None:
        self.status = status

    def say(self, text: str) -> None:
        self.status.say(text)

    def warn(self, text: str) -> None:
        """Something did not happen as asked: one line in the error tone; the app carries on."""
        self.status.say(text, tone="error")

    # --- choices ------------------------------------------------------------------------------

    def mode_chosen(self, mode: Mode) -> None:
        self.say(MODE_LOOKS[mode].introduction)

    def workload_chosen(self, workload: Workload) -> None:
        self.say(WORKLOAD_INTRODUCTIONS[workload])

    def not_available(self, mode: Mode, reason: str) -> None:
        self.warn(f"{mode.title} is not available here: {reason}.")

    def code_chosen(self, code: UserCode, chunks: int) -> None:
        self.say(
            f"Your code: {code.title} runs {chunks} chunks in every mode; press Space, then "
            "compare threads and processes"
        )

    def replay_opened(self) -> None:
        self.say(REPLAY_INTRODUCTION)

    def replay_fixed(self) -> None:
        self.warn(REPLAY_FIXED)

    def switch_interval_chosen(self, interval: SwitchInterval) -> None:
        self.say(
            f"Each thread now holds the GIL up to {interval.label} before offering it"
            + (
                ", as Python does by default."
                if interval.is_pythons_own
                else f"; Python's own is {PYTHONS_OWN.label}."
            )
        )

    def cores_shown_as(self, view: str) -> None:
        self.say(f"Cores as {'history graphs' if view == 'graphs' else 'bars'} (B switches).")

    def theme_chosen(self, theme: Theme) -> None:
        self.say(f"Theme: {theme.name} (Ctrl+T for the next one).")

    # --- runs ---------------------------------------------------------------------------------

    def run_started(self, plan: RunPlan, chosen: Mode) -> None:
        """A run of `plan` starts while `chosen` is the mode chosen: a serial run of another
        mode is the baseline it is measured against, and is named so."""
        status = self.status
        if plan.mode is Mode.SERIAL and chosen is not Mode.SERIAL:
            status.begin(f"Measuring the serial baseline first · {plan.work_title}", plan.mode)
            self.say("Serial baseline: one worker on one core, so speedups are measured.")
        else:
            workers = "" if plan.mode is Mode.SERIAL else f" × {plan.worker_count}"
            status.begin(f"{plan.mode.title}{workers} · {plan.work_title}", plan.mode)
            self.say(watch_hint(plan.mode, plan.workload, plan.code))

    def run_ended(self, outcome: RunOutcome) -> None:
        match outcome:
            case RunFinished(report):
                self.status.end(f"Done in {report.result.elapsed_s:.2f} s", completed=True)
                self.say(explain(report))
            case RunStopped():
                self.status.end("Stopped", completed=False)
                self.say("Stopped. Press Start (or Space) to run again.")
            case RunFailed(reason):
                self.status.end("Failed", completed=False)
                self.warn(f"Run failed: {reason}")

    def runs_cleared(self) -> None:
        self.say("Cleared the runs. Serial baselines are kept, so the next run compares.")

    def cluster_lost(self, reason: str) -> None:
        self.warn(f"Cluster: {reason}")
