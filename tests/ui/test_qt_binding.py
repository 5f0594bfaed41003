"""Guards for the Qt binding itself: a bad release must fail here, not abort CI at exit."""

import sys

import pytest
from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(bool)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="True is immortal from Python 3.12")
def test_emitting_a_signal_keeps_the_reference_count_of_true():
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for _ in range(50):
        emitter.changed.emit(True)
    assert sys.getrefcount(True) > before - 25  # 6.12.0 lost one reference per emit
