from PySide6.QtCore import Qt

from cpuviz.bridge.message_stats import MessageStats
from cpuviz.core.system.percentiles import percentile


def test_key_u_shows_the_ui_smoothness_and_hides_it_again(open_window, qtbot):
    window = open_window()
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


def test_the_probe_hears_every_frame_and_its_p99_is_a_real_interval(open_window, qtbot):
    window = open_window()
    probe = window.frame_probe
    probe.start()
    qtbot.waitUntil(lambda: len(probe.intervals_ms()) >= 30, timeout=5_000)
    intervals = probe.intervals_ms()
    assert probe.p99_ms() == percentile(intervals, 0.99)  # of what it heard, not a guess
    assert probe.p99_ms() in intervals  # a real interval, one frame's own
    probe.reset()
    assert probe.p99_ms() is None


def test_message_stats_add_up_time_within_one_frame_and_keep_the_worst():
    stats = MessageStats()
    stats.add(3, 0.002, at_s=10.000)
    stats.add(2, 0.003, at_s=10.001)  # same 60 Hz frame: 5 ms in all
    stats.add(1, 0.001, at_s=10.100)  # a later frame starts afresh
    assert stats.messages == 6 and stats.batches == 3
    assert abs(stats.worst_frame_s - 0.005) < 1e-9
    assert abs(stats.busy_s - 0.006) < 1e-9
