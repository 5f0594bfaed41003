"""The bottom panel: a page each for the runs, the lanes, the GIL, the speedup chart, the
summary and the code, each titled with its key, in the order `cpuviz snapshot --page` names
them.

The cores are the star: the panel has room for a few worker lanes and no more, and while a run
goes it gives the cores a little of that, unless the GIL page is up (then the presenter is
showing the GIL, and it needs the room). The code page is a slide of its own: while it is shown
the panel takes the window's height, so the whole of the code reads from the back row.
"""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QTabWidget, QWidget

from cpuviz.options import PAGES
from cpuviz.ui.keymap import PAGE_KEYS

RUNS_TAB, WORKERS_TAB, GIL_TAB, SPEEDUP_TAB, SUMMARY_TAB, CODE_TAB = (
    PAGES.index(name) for name in ("runs", "workers", "gil", "speedup", "summary", "code")
)
TABS_MIN_PX, TABS_MAX_PX, TABS_RUN_MAX_PX = 150, 230, 170
UNBOUNDED_PX = (1 << 24) - 1  # Qt's QWIDGETSIZE_MAX, which PySide6 does not export


TITLES = {
    "runs": "Runs",
    "workers": "Workers",
    "gil": "GIL",
    "speedup": "Speedup chart",
    "summary": "Summary",
    "code": "Code",
}


class BottomPages(QTabWidget):
    def __init__(self, **pages: QWidget) -> None:
        """`pages`: each page's widget, by its name in PAGES."""
        super().__init__()
        for name, page in pages.items():
            self.insertTab(PAGES.index(name), page, f"{TITLES[name]} ({PAGE_KEYS[name]})")
        self.setMinimumHeight(TABS_MIN_PX)
        self.setMaximumHeight(TABS_MAX_PX)

    def show_page(self, index: int) -> None:
        """Show that page; asked again (its key pressed twice), go back to the runs."""
        self.setCurrentIndex(RUNS_TAB if self.currentIndex() == index else index)

    def show_run(self) -> None:
        """A run starts: from the runs, go to the lanes, which are the story while it goes."""
        if self.currentIndex() == RUNS_TAB:
            self.setCurrentIndex(WORKERS_TAB)

    @property
    def gil_shown(self) -> bool:
        return self.currentIndex() == GIL_TAB

    @property
    def code_shown(self) -> bool:
        return self.currentIndex() == CODE_TAB

    def fit(self, running: bool) -> None:
        """Give the cores some height while a run goes, unless the GIL page is shown; all of
        the height to the code page."""
        shrunk = TABS_RUN_MAX_PX if running and not self.gil_shown else TABS_MAX_PX
        self.setMaximumHeight(UNBOUNDED_PX if self.code_shown else shrunk)
        grows = QSizePolicy.Policy.Expanding if self.code_shown else QSizePolicy.Policy.Preferred
        self.setSizePolicy(QSizePolicy.Policy.Preferred, grows)
