"""What the presenter may choose now, what each choice greys out or readies, and starting it.

A mode this Python cannot run for the chosen work (a workload, or your own function) stays on
screen, greyed, with its reason; its key says the reason instead of switching. While a run goes
the choices belong to the run, and in a replay they belong to the recording, which says so
when a key asks for something else. Choosing processes or cluster mode readies its workers at
once, so Start never waits for them. A program picked to run whole is shown in place of the
app's own runs until a mode, a workload or your function is chosen again.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget

from cpuviz.bridge.run_feed import RunFeed
from cpuviz.core.runs.availability import available_runs, unavailable_modes
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.plan import Mode, RunPlan, chunks_of_code
from cpuviz.core.runs.runtime import Runtime
from cpuviz.core.work.code_check import CheckedCode
from cpuviz.core.work.user_code import DEFAULT_CHUNKS, UserCodeError
from cpuviz.core.work.workloads import Workload
from cpuviz.ui.code_picker import CodeChecker, pick_code
from cpuviz.ui.controls import Controls
from cpuviz.ui.narration import Narrator
from cpuviz.ui.program_picker import PickedProgram, pick_program


class Choices:
    """Between the presenter's keys and buttons, the controls they change, and the feed."""

    def __init__(
        self,
        window: QWidget,
        controls: Controls,
        feed: RunFeed,
        runtime: Runtime,
        narrator: Narrator,
        *,
        fault: Fault,
        code_file: str,
    ) -> None:
        """`window` is where the picker for your code opens, at `code_file`'s folder; every
        run is started with `fault` (the failure demo, or none)."""
        self.window, self.controls, self.feed = window, controls, feed
        self.runtime, self.narrator = runtime, narrator
        self.fault = fault  # the failure demo every run is asked to suffer, or none
        self.code_file = code_file  # where "Your code…" opens its picker next
        self.code: CheckedCode | None = None  # the user's own function, in place of the workload
        self.program: PickedProgram | None = None  # the last program picked to run whole
        self.workers_python = sys.executable  # what runs a picked program: the workers' Python
        self.code_checker = CodeChecker(window)
        self.code_checker.checked.connect(self.use_code)
        self.code_checker.failed.connect(narrator.warn)
        controls.code_requested.connect(self.choose_code)
        controls.program_requested.connect(self.choose_program)

    def begin(self) -> None:
        """The window opens: a replay says that it plays what was recorded; otherwise the
        modes are greyed for the chosen workload, and the chosen mode is introduced."""
        if not self.feed.offers_choices:
            self.controls.hide_choices()
        elif self.feed.fixed_plan is not None:
            self.narrator.replay_opened()
        else:
            self.grey_out_for(self.controls.workload)
            self.narrator.mode_chosen(self.controls.mode)

    def show_recording(self) -> None:
        """A replay's choices show the recording's first run, as it opens and each time it
        plays again from the beginning."""
        if (recorded := self.feed.fixed_plan) is not None:
            self.controls.show_recording(recorded)

    def follow_run(self, plan: RunPlan) -> bool:
        """A run of `plan` starts: a replay's choices show the recorded run (a recording may
        hold several modes), and a watched program's mode is kept for the banner once it has
        ended. True if the choices now show `plan`'s mode."""
        if plan.mode is Mode.SERIAL:
            return False
        if self.feed.fixed_plan is not None:
            self.controls.show_recording(plan)
        elif not self.feed.offers_choices:
            self.controls.mode_toggle.show_value(plan.mode)
        else:
            return False
        return True

    def fixed(self) -> bool:
        """True while a run goes, or always in a replay (which says so when asked)."""
        replaying = self.feed.fixed_plan is not None
        if replaying:
            self.narrator.replay_fixed()
        return self.feed.is_busy or replaying

    # --- the work and the mode ----------------------------------------------------------------

    def choose_mode(self, mode: Mode) -> None:
        """Switch mode, unless a run goes; an unavailable mode says why instead."""
        if self.fixed():
            return
        self.feed.use_own_runs()
        reason = self.controls.mode_toggle.reason(mode)
        if reason:
            self.narrator.not_available(mode, reason)
        self.controls.mode_toggle.set_value(mode)

    def choose_workload(self, workload: Workload) -> None:
        """Switch workload, unless a run goes; from your code, back to the built-in ones."""
        if self.fixed():
            return
        self.feed.use_own_runs()
        if self.code is not None:
            self.code = None
            self.controls.show_workloads()
            self.grey_out_for(workload)
        self.controls.workload_toggle.set_value(workload)

    def choose_code(self) -> None:
        """'Your code…' (key Y): a file and a function, checked off the GUI thread."""
        if self.fixed():
            return
        try:
            code = pick_code(self.window, self.code_file)
        except UserCodeError as error:
            self.narrator.warn(str(error))
            return
        if code is not None:
            self.code_file = code.path
            self.narrator.say(f"Checking {code} in a process of its own…")
            self.code_checker.check(code)

    def choose_program(self) -> None:
        """'Your program…' (key O): a .py file and its arguments, run whole with the workers'
        Python and watched as `cpuviz run` watches it, in place of the app's own runs."""
        if self.fixed():
            return
        last = self.program.arguments if self.program else ""
        try:
            picked = pick_program(self.window, self.code_file, last)
            if picked is None:
                return
            command = picked.command(self.workers_python)
        except UserCodeError as error:
            self.narrator.warn(str(error))
            return
        self.program, self.code_file = picked, picked.path
        problem = self.feed.watch_program(command)
        if problem is not None:
            self.narrator.warn(problem)

    def use_code(self, code: CheckedCode, chunks: int = DEFAULT_CHUNKS) -> None:
        """Run the user's checked function in place of the workload, `chunks` chunks a run."""
        self.feed.use_own_runs()
        self.code = code
        self.controls.show_code(code.code, chunks_of_code(chunks))
        self.grey_out_for(self.controls.workload)
        self.narrator.code_chosen(code.code, chunks)

    def workload_changed(self, workload: Workload) -> None:
        self.grey_out_for(workload)
        self.narrator.workload_chosen(workload)

    def grey_out_for(self, workload: Workload) -> None:
        """Grey out the modes this Python cannot run for `workload` (or your code), leaving a
        mode that can chosen."""
        reasons = unavailable_modes(workload, self.runtime, self.code)
        toggle = self.controls.mode_toggle
        if toggle.value in reasons:
            toggle.set_value(Mode.THREADS)
        toggle.set_unavailable(reasons)

    # --- the workers, ready before Start ------------------------------------------------------

    def prepare_workers(self) -> None:
        """Start the pool, and the cluster the moment its mode is chosen: Start then runs at
        once."""
        self.feed.prepare(self.controls.workers.value())
        if self.controls.mode is Mode.CLUSTER:
            self.feed.prepare_cluster(self.controls.workers.value())

    def mode_changed(self, mode: Mode) -> None:
        if mode in (Mode.PROCESSES, Mode.CLUSTER):
            self.prepare_workers()

    def workers_changed(self, workers: int) -> None:
        if self.controls.mode is Mode.PROCESSES:
            self.feed.prepare(workers)
        elif self.controls.mode is Mode.CLUSTER:
            self.feed.prepare_cluster(workers)

    # --- starting what is chosen --------------------------------------------------------------

    def start_chosen(self) -> None:
        controls, code = self.controls, self.code
        self.feed.start_all(
            [(controls.workload, controls.mode)],
            controls.workers.value(),
            controls.work_size,
            self.fault,
            code.code if code else None,
        )

    def start_every_mode(self) -> None:
        """Fill the summary: every workload in every mode this Python offers, one by one."""
        runs = [
            run for run in available_runs(list(Workload), self.runtime) if run[1] is not Mode.SERIAL
        ]
        self.feed.use_own_runs()
        self.feed.start_all(
            runs, self.controls.workers.value(), self.controls.work_size, self.fault
        )

    def toggle_run(self) -> None:
        if self.feed.is_busy:
            self.feed.stop()
        elif self.controls.start_stop.isEnabled():
            self.start_chosen()
