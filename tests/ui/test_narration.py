"""What the progress bar and the caption say as a run starts and ends, from plain values."""

from cpuviz.core.runs.outcome import RunFailed, RunFinished, RunStopped
from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.results import RunReport, RunResult, explain
from cpuviz.core.runs.switch_interval import PYTHONS_OWN, SwitchInterval
from cpuviz.ui.narration import Narrator
from cpuviz.ui.status import RunStatus
from tests.conftest import TINY

THREADS = RunPlan(Mode.THREADS, 4, TINY, run_id=2)


def narrator(qtbot) -> Narrator:
    status = RunStatus()
    qtbot.addWidget(status)
    return Narrator(status)


def said(narrator: Narrator) -> tuple[str, str, object]:
    status = narrator.status
    return status.progress.format(), status.caption.text(), status.caption.property("tone")


def test_a_finished_run_says_its_time_and_what_its_figures_mean(qtbot):
    speaker = narrator(qtbot)
    result = RunResult(THREADS, 1.234, checksum=7, chunks_done=12, cpu_s=1.2, busy_cores=1.0)
    report = RunReport(result, baseline_elapsed_s=1.3, cores=4)
    speaker.run_started(THREADS, chosen=Mode.THREADS)
    assert said(speaker)[0] == "Threads × 4 · CPU"
    speaker.run_ended(RunFinished(report))
    assert said(speaker) == ("Done in 1.23 s", explain(report), "good")
    assert speaker.status.progress.value() == speaker.status.progress.maximum()


def test_a_stopped_or_failed_run_says_so(qtbot):
    speaker = narrator(qtbot)
    speaker.run_started(THREADS, chosen=Mode.THREADS)
    speaker.run_ended(RunStopped())
    assert said(speaker) == ("Stopped", "Stopped. Press Start (or Space) to run again.", "good")
    speaker.run_ended(RunFailed("worker 0 failed: ZeroDivisionError"))
    assert said(speaker) == ("Failed", "Run failed: worker 0 failed: ZeroDivisionError", "error")


def test_the_serial_baseline_before_another_mode_is_named_as_what_it_is(qtbot):
    speaker = narrator(qtbot)
    speaker.run_started(RunPlan(Mode.SERIAL, 4, TINY), chosen=Mode.PROCESSES)
    progress, caption, _ = said(speaker)
    assert progress.startswith("Measuring the serial baseline first · CPU")
    assert caption.startswith("Serial baseline: one worker on one core")
    speaker.run_started(RunPlan(Mode.SERIAL, 4, TINY), chosen=Mode.SERIAL)
    assert said(speaker)[0] == "Serial · CPU"  # serial chosen: no "× workers"


def test_the_switch_interval_is_said_against_pythons_own(qtbot):
    speaker = narrator(qtbot)
    speaker.switch_interval_chosen(SwitchInterval(200))
    assert said(speaker)[1] == (
        "Each thread now holds the GIL up to 200 ms before offering it; Python's own is 5 ms."
    )
    speaker.switch_interval_chosen(PYTHONS_OWN)
    assert said(speaker)[1].endswith("up to 5 ms before offering it, as Python does by default.")
