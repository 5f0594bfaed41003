"""A watched program's own words in the window: its name and time on the progress bar, its
newest printed line and, at its end, its plain line in the caption.

For every window that shows a program: `cpuviz run`'s, and the app's own once a program is
picked in it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpuviz.core.runs.outcome import RunFinished
from cpuviz.core.watch.program_run import ProgramReport

if TYPE_CHECKING:
    from cpuviz.bridge.program_feed import ProgramFeed
    from cpuviz.core.runs.outcome import RunOutcome
    from cpuviz.core.runs.plan import RunPlan
    from cpuviz.ui.main_window import MainWindow


def show_program(window: MainWindow, feed: ProgramFeed) -> None:
    """The program's name and elapsed time on the progress bar, its newest line in the
    caption, and the plain line at its end. Connected after the window's own wiring, so these
    words come after (and stand instead of) the narration's for cpuviz's own runs."""
    status = window.status

    def started(plan: RunPlan) -> None:
        status.begin(f"Watching {feed.title}", plan.mode)
        status.say(f"{feed.title} runs: its processes and threads as it starts them.")

    def elapsed(_fraction: float, elapsed_s: float | None) -> None:
        status.progress.setFormat(f"Watching {feed.title} · {elapsed_s or 0:.1f} s")

    def ended(outcome: RunOutcome) -> None:
        if isinstance(outcome, RunFinished) and isinstance(outcome.report, ProgramReport):
            report = outcome.report
            # What it printed last ("Done in 7.8 sec") on the bar, read from the back; the
            # plain line in the caption, which then keeps to the lines it has room for.
            last = report.watch.last_output_line if report.watch else ""
            said = f" · it said: {last}" if last else ""
            ended_in = f"{feed.title} ended in {report.result.elapsed_s:.2f} s{said}"
            status.end(ended_in, completed=True)
            status.say(f"{report.line}.")

    feed.run_started.connect(started)
    feed.progress.connect(elapsed)
    feed.output_line.connect(lambda line: status.say(f"{feed.title} says: {line}"))
    feed.run_ended.connect(ended)
    window.results.program_baseline_chosen.connect(feed.use_baseline)
