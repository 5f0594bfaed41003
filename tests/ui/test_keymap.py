"""The key table: every key in it is bound once and listed in the `?` overlay.

What each key does, the window's tests press (test_presenter_keys, test_mode_toggle, …)."""

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QWidget

from cpuviz.core.runs.plan import Mode
from cpuviz.options import PAGES
from cpuviz.ui.controls import mode_toggle
from cpuviz.ui.keymap import KEY_TABLE, MODE_KEYS, PAGE_KEYS, bind_keys, key_list
from cpuviz.ui.shortcuts_overlay import ShortcutsOverlay


def every_key() -> list[str]:
    return [QKeySequence(key.keys).toString() for row in KEY_TABLE for key in row.keys]


def test_every_key_in_the_table_is_bound_once_and_listed_in_the_overlay(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    bind_keys(window, window)  # nothing is pressed here: the keys are only counted
    overlay = ShortcutsOverlay(window, key_list())
    bound = [shortcut.key().toString() for shortcut in window.findChildren(QShortcut)]
    assert sorted(bound) == sorted(every_key())
    assert len(set(bound)) == len(bound)  # a key bound twice is ambiguous: neither would fire
    shown = {label.text() for label in overlay.findChildren(QLabel)}
    for row in KEY_TABLE:
        assert row.shown in shown and row.description in shown
        for key in row.keys:
            assert key.keys in row.shown.split("  ")


def test_every_mode_and_page_has_a_key_and_the_buttons_name_it(qtbot):
    assert set(MODE_KEYS) == set(Mode)
    assert set(PAGE_KEYS) == set(PAGES)
    toggle = mode_toggle(Mode.THREADS)
    qtbot.addWidget(toggle)
    assert toggle.button(Mode.PROCESSES).toolTip() == "Processes (key P)"
