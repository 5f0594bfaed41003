"""How smooth the window is: the probe's p99 of frame intervals, and the readout that shows it."""

import itertools
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from cpuviz.bridge.message_stats import MessageStats
from cpuviz.ui import frame_probe
from cpuviz.ui.frame_probe import FrameProbe
from cpuviz.ui.readouts import SmoothnessReadout


@pytest.fixture
def ticked_probe(qtbot, monkeypatch):
    """ticked_probe(intervals_ms) -> a FrameProbe whose frames came exactly that far apart:
    its clock reads the scripted tick times, and each tick is the probe's own slot."""

    def ticked(intervals_ms):
        times_s = itertools.accumulate([0.0, *intervals_ms], lambda at, ms: at + ms / 1000)
        monkeypatch.setattr(frame_probe, "time", SimpleNamespace(perf_counter=lambda: now_s))
        probe = FrameProbe()
        for now_s in times_s:  # noqa: B007 - the clock above reads it
            probe._tick()
        return probe

    return ticked


def test_key_u_shows_the_ui_smoothness_and_hides_it_again(shared_window, qtbot):
    window = shared_window
    readout = window.smoothness
    assert not readout.isVisible()
    assert not window.frame_probe.running

    qtbot.keyClick(window, Qt.Key.Key_U)
    assert readout.isVisible()
    qtbot.waitUntil(lambda: "ms at 60 Hz" in readout.text(), timeout=5_000)
    assert len(window.frame_probe.intervals_ms()) > 10

    qtbot.keyClick(window, Qt.Key.Key_U)
    assert not readout.isVisible()
    assert not window.frame_probe.running


def test_the_probe_hears_every_frame_and_its_p99_is_a_real_interval(shared_window, qtbot):
    probe = shared_window.frame_probe
    probe.start()
    qtbot.waitUntil(lambda: len(probe.intervals_ms()) >= 30, timeout=30_000)
    assert probe.p99_ms() in probe.intervals_ms()  # a real interval, one frame's own
    probe.stop()
    probe.reset()
    assert probe.p99_ms() is None


def test_p99_of_a_hundred_frames_is_the_second_worst(ticked_probe):
    """98 frames 16 ms apart, one 40 ms late, one 100 ms: of 100 intervals sorted, the 99th
    percentile by nearest rank is index round(0.99 × 99) = 98, the 40 ms frame; neither the
    worst nor an average."""
    probe = ticked_probe([16.0] * 49 + [100.0] + [16.0] * 49 + [40.0])
    assert probe.intervals_ms() == pytest.approx([16.0] * 49 + [100.0] + [16.0] * 49 + [40.0])
    assert probe.p99_ms() == pytest.approx(40.0)


@pytest.mark.parametrize(
    ("intervals_ms", "shown"),
    [
        ([16.7] * 60, "UI p99 17 ms at 60 Hz · smooth"),
        ([16.7] * 50 + [30.0] * 10, "UI p99 30 ms at 60 Hz · stutters"),
        ([], "UI p99 measuring…"),
    ],
)
def test_the_readout_says_the_p99_and_whether_an_audience_sees_a_stutter(
    ticked_probe, qtbot, intervals_ms, shown
):
    readout = SmoothnessReadout(ticked_probe(intervals_ms))
    qtbot.addWidget(readout)
    readout.refresh()
    assert readout.text() == shown


def test_message_stats_add_up_time_within_one_frame_and_keep_the_worst():
    stats = MessageStats()
    stats.add(3, 0.002, at_s=10.000)
    stats.add(2, 0.003, at_s=10.001)  # same 60 Hz frame: 5 ms in all
    stats.add(1, 0.001, at_s=10.100)  # a later frame starts afresh
    assert stats.messages == 6 and stats.batches == 3
    assert abs(stats.worst_frame_s - 0.005) < 1e-9
    assert abs(stats.busy_s - 0.006) < 1e-9
