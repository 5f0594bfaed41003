"""Whatever is in the settings file (hand-edited, half-written, another program's), the window
opens with valid choices, and says in at most one line what it ignored."""

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QSettings

from cpuviz.core.runs.plan import MIN_WORKERS, Mode, max_workers
from cpuviz.core.work.workloads import Workload
from cpuviz.options import CORE_VIEWS, REMEMBERED_OPTIONS, GuiOptions
from cpuviz.ui.settings import recall
from cpuviz.ui.theme import THEMES
from tests.conftest import TINY
from tests.fuzz.conftest import file_holding

OPTIONS = GuiOptions(Mode.THREADS, 2, TINY)
keys = st.sampled_from([*REMEMBERED_OPTIONS, "geometry", "General", "", "mode/x"]) | st.text()
values = st.sampled_from(["threads", "io", "3", "-1", "light", "bars", "@ByteArray(x)"]) | st.text()
ini_text = st.lists(
    st.one_of(
        st.tuples(keys, values).map(lambda pair: f"{pair[0]}={pair[1]}"),
        st.sampled_from(["[General]", "[other]", "", "=", "[", "\\"]),
        st.text(),
    ),
    max_size=12,
).map("\n".join)


@given(st.one_of(ini_text, st.binary(max_size=300)))
def test_any_settings_file_opens_with_valid_choices(content):
    with file_holding(content, "settings.ini") as path:
        remembered = recall(OPTIONS, QSettings(str(path), QSettings.Format.IniFormat))
    options = remembered.options
    assert isinstance(options.mode, Mode) and isinstance(options.workload, Workload)
    assert MIN_WORKERS <= options.workers <= max_workers()
    assert options.theme in THEMES and options.view in CORE_VIEWS
    warning = remembered.warning()
    assert warning is None or "\n" not in warning
