"""One table of each mode's looks, read by the banner, the lanes, the summary and the themes."""

from dataclasses import fields

import pytest
from PySide6.QtGui import QColor

from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.runtime import detect_runtime
from cpuviz.ui.banner import ModeBanner
from cpuviz.ui.mode_looks import MODE_LOOKS, workers_named
from cpuviz.ui.summary import SUMMARY_MODES, SummaryPage
from cpuviz.ui.theme import THEMES, Theme
from cpuviz.ui.worker_lanes import WorkerLanes
from tests.conftest import TINY


def test_every_mode_has_its_looks_and_every_colour_role_is_a_theme_colour():
    assert set(MODE_LOOKS) == set(Mode)
    colour_fields = {field.name for field in fields(Theme)}
    for mode, look in MODE_LOOKS.items():
        assert look.colour_role in colour_fields, mode
        for theme in THEMES.values():
            assert QColor(theme.mode_colour(mode)).isValid()
    # Each theme tells the modes apart: no two share a colour.
    for theme in THEMES.values():
        assert len({theme.mode_colour(mode) for mode in Mode}) == len(Mode)


@pytest.mark.parametrize("mode", list(Mode))
def test_the_banner_reads_the_table(qtbot, mode):
    theme = THEMES["light"]
    banner = ModeBanner(mode, theme)
    qtbot.addWidget(banner)
    assert banner.text() == MODE_LOOKS[mode].banner
    assert banner.styleSheet() == f"color: {theme.mode_colour(mode)};"


def test_the_lanes_name_their_workers_from_the_table(qtbot):
    lanes = WorkerLanes(THEMES["projector"], cores=4)
    qtbot.addWidget(lanes)
    lanes.show_run(RunPlan(Mode.CLUSTER, 3, TINY))
    assert lanes.summary.text() == "3 Dask workers"
    lanes.show_run(RunPlan(Mode.PROCESSES, 1, TINY))
    assert lanes.summary.text() == "1 process"
    assert workers_named(Mode.PROCESSES, 2) == "processes"
    assert workers_named(Mode.ASYNCIO, 2) == "tasks"


def test_the_summary_columns_take_the_short_titles_and_introductions(qtbot):
    summary = SummaryPage(THEMES["projector"], detect_runtime())
    qtbot.addWidget(summary)
    for column, mode in enumerate(SUMMARY_MODES):
        header = summary.table.horizontalHeaderItem(column)
        assert header.text() == MODE_LOOKS[mode].short_title
        assert header.toolTip() == MODE_LOOKS[mode].introduction
    assert MODE_LOOKS[Mode.FREE_THREADED].short_title == "No GIL"
