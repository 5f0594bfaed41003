from PySide6.QtCore import Qt

from cpuviz.core.plan import Mode


def test_clicking_a_mode_changes_the_mode_and_explains_it(open_window, qtbot):
    window = open_window(mode=Mode.THREADS)
    toggle = window.controls.mode_toggle
    qtbot.mouseClick(toggle.button(Mode.PROCESSES), Qt.MouseButton.LeftButton)
    assert toggle.mode is Mode.PROCESSES
    assert "its own GIL" in window.status.caption.text()
    qtbot.mouseClick(toggle.button(Mode.THREADS), Qt.MouseButton.LeftButton)
    assert toggle.mode is Mode.THREADS
    assert "sharing one GIL" in window.status.caption.text()


def test_keys_t_p_s_choose_the_mode(open_window, qtbot):
    window = open_window(mode=Mode.THREADS)
    for key, mode in (
        (Qt.Key.Key_P, Mode.PROCESSES),
        (Qt.Key.Key_S, Mode.SERIAL),
        (Qt.Key.Key_T, Mode.THREADS),
    ):
        qtbot.keyClick(window, key)
        assert window.controls.mode_toggle.mode is mode


def test_serial_mode_has_no_worker_count_to_choose(open_window, qtbot):
    window = open_window(mode=Mode.PROCESSES)
    assert window.controls.workers.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_S)
    assert not window.controls.workers.isEnabled()
