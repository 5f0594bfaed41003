"""Choosing the mode and the workload, by mouse and by key, and what greys out."""

from PySide6.QtCore import Qt

from cpuviz.core.runs.availability import unavailable
from cpuviz.core.runs.plan import Mode
from cpuviz.core.work.workloads import Workload


def test_clicking_a_mode_changes_the_mode_and_explains_it(shared_window, qtbot):
    window = shared_window
    toggle = window.controls.mode_toggle
    qtbot.mouseClick(toggle.button(Mode.PROCESSES), Qt.MouseButton.LeftButton)
    assert toggle.value is Mode.PROCESSES
    assert "its own GIL" in window.status.caption.text()
    qtbot.mouseClick(toggle.button(Mode.THREADS), Qt.MouseButton.LeftButton)
    assert toggle.value is Mode.THREADS
    assert "sharing one GIL" in window.status.caption.text()


def test_keys_t_p_s_choose_the_mode(shared_window, qtbot):
    window = shared_window
    for key, mode in (
        (Qt.Key.Key_P, Mode.PROCESSES),
        (Qt.Key.Key_S, Mode.SERIAL),
        (Qt.Key.Key_T, Mode.THREADS),
    ):
        qtbot.keyClick(window, key)
        assert window.controls.mode is mode


def test_serial_mode_has_no_worker_count_to_choose(shared_window, qtbot):
    window = shared_window
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert window.controls.workers.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_S)
    assert not window.controls.workers.isEnabled()


def test_keys_1_2_3_choose_the_workload_and_say_what_it_is(shared_window, qtbot):
    window = shared_window
    for key, workload, words in (
        (Qt.Key.Key_2, Workload.IO, "waits 20 ms"),
        (Qt.Key.Key_3, Workload.NATIVE, "hashlib"),
        (Qt.Key.Key_1, Workload.CPU, "pure Python"),
    ):
        qtbot.keyClick(window, key)
        assert window.controls.workload is workload
        assert words in window.status.caption.text()


def test_asyncio_is_greyed_out_with_its_reason_until_the_work_waits(shared_window, qtbot):
    window = shared_window
    asyncio_button = window.controls.mode_toggle.button(Mode.ASYNCIO)
    assert not asyncio_button.isEnabled()
    assert asyncio_button.text() == "asyncio\nI/O only"
    qtbot.keyClick(window, Qt.Key.Key_A)
    assert window.controls.mode is Mode.THREADS
    assert "asyncio is not available here: asyncio only overlaps waiting" in (
        window.status.caption.text()
    )
    qtbot.keyClick(window, Qt.Key.Key_2)  # I/O
    assert asyncio_button.isEnabled() and asyncio_button.text() == "asyncio"
    qtbot.keyClick(window, Qt.Key.Key_A)
    assert window.controls.mode is Mode.ASYNCIO
    qtbot.keyClick(window, Qt.Key.Key_1)  # back to CPU: asyncio cannot stay chosen
    assert window.controls.mode is Mode.THREADS
    assert not asyncio_button.isEnabled()


def test_modes_this_python_lacks_stay_visible_greyed_out_with_the_reason(shared_window):
    window = shared_window
    for mode in Mode:
        button = window.controls.mode_toggle.button(mode)
        why_not = unavailable(mode, Workload.CPU, window.runtime)
        assert button.isVisible()
        assert button.isEnabled() is (why_not is None)
        if why_not is not None:
            assert button.toolTip() == f"{mode.title}: {why_not.reason}"
    assert window.runtime_label.text().replace("\n", " · ").startswith(window.runtime.describe())
