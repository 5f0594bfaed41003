"""Open the window: check there is a screen, build the app, run the event loop."""

from __future__ import annotations

import ctypes.util
import os
import signal
import socket
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from cpuviz.options import GuiOptions

if TYPE_CHECKING:  # Qt is imported lazily so that `cpuviz bench` and `--help` never load it
    from collections.abc import Callable

    from PySide6.QtCore import QObject, QRect, QSettings
    from PySide6.QtWidgets import QApplication, QWidget

    from cpuviz.bridge.controller import Controller
    from cpuviz.bridge.feed_switch import FeedSwitch
    from cpuviz.bridge.replay_controller import ReplayController
    from cpuviz.bridge.run_feed import RunFeed
    from cpuviz.bridge.sampler import Sampler
    from cpuviz.core.recording.format import Recording
    from cpuviz.core.system.pythons import PythonInfo
    from cpuviz.core.watch.program import WatchedProgram
    from cpuviz.ui.main_window import MainWindow
    from cpuviz.ui.python_picker import PythonPicker
    from cpuviz.ui.settings import Remembered

DEFAULT_WINDOW_SIZE = (1280, 860)
# Room kept for the window manager's frame, which is known only once the window is shown:
# a title bar and borders, so that the whole window, frame included, opens on screen.
FRAME_ALLOWANCE_PX = (16, 48)
# Libraries Qt's X11 plugin loads that a bare Debian lacks, and the packages that have them.
# Without them Qt aborts with a page of text that names only the first.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
}


def display_problem() -> str | None:
    """Why no window can open here, in one line, or None. Qt would abort with a page of text."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or platform not in ("", "xcb", "wayland"):
        return None
    wayland = bool(os.environ.get("WAYLAND_DISPLAY")) and platform != "xcb"
    if not wayland and not os.environ.get("DISPLAY"):
        return (
            "no display found (DISPLAY and WAYLAND_DISPLAY are unset); without a screen, try "
            "'cpuviz snapshot out.png' or 'cpuviz bench'"
        )
    missing = [package for library, package in XCB_LIBRARIES.items() if not library_found(library)]
    if not wayland and missing:
        return (
            f"Qt needs {' '.join(missing)} to open a window on X11; install with "
            f"'sudo apt-get install {' '.join(missing)}'"
        )
    return None


def library_found(library: str) -> bool:
    """Whether the dynamic linker can find and load `library` (e.g. "xcb-cursor"), as Qt's
    X11 plugin will have to: one that is listed but cannot be loaded is missing too."""
    name = ctypes.util.find_library(library)
    if name is None:
        return False
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def make_application() -> QApplication:
    """The QApplication with cpuviz's name and icon; created once per process."""
    import pyqtgraph as pg
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from cpuviz.cli.desktop import ICON_SIZES
    from cpuviz.cli.resources import resource_path

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("cpuviz")
    app.setOrganizationName("cpuviz")
    app.setDesktopFileName("cpuviz")
    icon = QIcon(str(resource_path("cpuviz.svg")))
    for size in ICON_SIZES:  # crisp at every size, also where no SVG plugin is available
        icon.addFile(str(resource_path(f"icons/cpuviz-{size}.png")))
    app.setWindowIcon(icon)
    pg.setConfigOptions(antialias=True)
    return app


def build_window(
    options: GuiOptions, feed: Callable[[Sampler], RunFeed] | None = None
) -> MainWindow:
    """The real window, controller and sampler, as the app and `cpuviz snapshot` both use it;
    `feed`, given the sampler, makes what the window shows in place of its own runs (a
    watched program)."""
    from PySide6.QtCore import QSettings

    from cpuviz.bridge.feed_switch import FeedSwitch
    from cpuviz.bridge.sampler import Sampler
    from cpuviz.cli.program_words import show_program
    from cpuviz.core.runs.runtime import detect_runtime
    from cpuviz.ui.controls import Controls
    from cpuviz.ui.main_window import MainWindow
    from cpuviz.ui.settings import recall
    from cpuviz.ui.theme import THEMES

    remembered = None
    if options.settings_file:
        store = QSettings(options.settings_file, QSettings.Format.IniFormat)
        remembered = recall(options, store)
        options = remembered.options
    runtime = detect_runtime(options.python)
    controls = Controls(options.mode, options.workers, options.size, options.workload)
    theme = THEMES[options.theme]
    replay = options.replay
    if feed is not None:
        sampler = Sampler(options.source, options.interval_ms)
        controller: RunFeed = feed(sampler)
    elif replay is None:
        controller, sampler = _own_parts(options, runtime.logical_cores)
    else:
        controller, sampler = _replay_parts(replay)
    window = MainWindow(
        controller,
        sampler,
        controls,
        runtime,
        theme,
        fault=options.fault,
        machine=None if replay is None else replay.header.runtime,
        view=options.view,
        code_file=options.code_file or (options.code.code.path if options.code else ""),
    )
    if options.code is not None:
        window.use_code(options.code, options.size.chunks)
    if options.python is not None:
        window.choices.workers_python = options.python.path
    controller.setParent(window)
    sampler.setParent(window)
    _place_on_screen(window)
    picker = None
    if isinstance(controller, FeedSwitch):  # the app's own window: it may run a program too
        show_program(window, controller.program)
        if options.settings_file:
            picker = _offer_pythons(window, controller.own, options)
    if remembered is not None:
        _remember_on_close(window, store, options, remembered, picker)
    window.gil_page.choose_interval(options.switch_interval)
    if replay is not None and (note := replay.cut_off_note()):
        window.status.say(f"{note}.", tone="error")
    if options.autostart:
        window.start_run()
    return window


def _own_parts(options: GuiOptions, cores: int) -> tuple[FeedSwitch, Sampler]:
    """The app's own runs (a controller and its worker pool) and a program picked in the
    window, behind one switch, and the sampler the window reads the cores with."""
    from cpuviz.bridge.controller import Controller
    from cpuviz.bridge.feed_switch import FeedSwitch
    from cpuviz.bridge.program_feed import ProgramFeed
    from cpuviz.bridge.sampler import Sampler

    own = Controller(
        cores=cores,
        cluster=options.cluster,
        interval_ms=options.interval_ms,
        python=options.python,
    )
    sampler = Sampler(options.source, options.interval_ms)
    program = ProgramFeed(_no_program_yet, None, sampler.source)
    return FeedSwitch(own, program, sampler.source), sampler


def _no_program_yet() -> WatchedProgram:
    """What Start runs before a program is picked: never called, as the window shows its own
    runs until one is (the switch shows the program feed only once it watches a program)."""
    from cpuviz.core.watch.program import ProgramError

    raise ProgramError("no program picked yet: press O")


def _replay_parts(recording: Recording) -> tuple[ReplayController, Sampler]:
    """A controller and a sampler that play `recording`, on one playback clock."""
    from cpuviz.bridge.replay_controller import ReplayController
    from cpuviz.bridge.sampler import Sampler
    from cpuviz.core.recording.replay import Playback, ReplaySource

    playback = Playback(recording)
    return ReplayController(playback), Sampler(ReplaySource(playback), recording.header.interval_ms)


def _offer_pythons(window: MainWindow, controller: Controller, options: GuiOptions) -> PythonPicker:
    """The header's picker of the workers' Python, filled by probes off the GUI thread. A
    Python picked is probed again (it may have changed since it was listed); once it will do,
    the hosts restart on it, and the modes and the runtime lines follow it."""
    from cpuviz.bridge.python_finder import PythonFinder
    from cpuviz.core.runs.runtime import detect_runtime
    from cpuviz.ui.header import runtime_text
    from cpuviz.ui.python_picker import PythonPicker
    from cpuviz.ui.settings import probe_cache_file

    theme = window.theme
    picker = PythonPicker(options.python, font_px=theme.base_px * 5 // 6, greyed=theme.muted)
    finder = PythonFinder(probe_cache_file(), window)
    window.header.add_picker(picker)

    def use(python: PythonInfo | None) -> None:
        if window.controller.is_busy or not controller.use_python(python):
            picker.refuse("a run is going: stop it first")
            return
        window.choices.workers_python = sys.executable if python is None else python.path
        runtime = detect_runtime(python)
        window.runtime = window.choices.runtime = runtime
        window.choices.grey_out_for(window.controls.workload)
        window.summary.use_runtime(runtime)
        machine = runtime_text(runtime.describe(), window.sampler.source.name, options.fault)
        window.header.set_runtime(machine)
        picker.keep(python)
        window.choices.prepare_workers()
        window.status.say(f"The workers now run on {runtime.describe().split(' · ')[-2]}.")

    def picked(python: PythonInfo | None) -> None:
        if python is None:
            use(None)
        else:
            finder.check(python.path)

    finder.found.connect(picker.set_found)
    finder.checked.connect(use)
    finder.refused.connect(picker.refuse)
    picker.chosen.connect(picked)
    window.closing.connect(finder.stop)
    finder.look()
    return picker


def _remember_on_close(
    window: MainWindow,
    store: QSettings,
    options: GuiOptions,
    remembered: Remembered,
    picker: PythonPicker | None,
) -> None:
    """Restore the saved geometry now, say what was wrong with the saved settings, and save the
    window's choices when it closes."""
    from cpuviz.ui.settings import keep_program, recall_program, remember

    window.choices.program = recall_program(store)
    if remembered.geometry is not None:
        # Qt moves and shrinks a geometry saved on a bigger (or detached) screen onto this one.
        window.restoreGeometry(remembered.geometry)
    warning = remembered.warning()
    if warning:
        print(f"cpuviz: {warning}", file=sys.stderr)
        window.status.say(f"Settings: {warning}.", tone="error")

    def save() -> None:
        controls = window.controls
        chosen = {  # a replay's controls show the recording's choices, not the user's
            "mode": controls.mode,
            "workload": controls.workload,
            "workers": controls.workers.value(),
            "code_file": window.choices.code_file,
            **({"python": picker.current} if picker is not None else {}),
        }
        current = replace(
            options,
            theme=window.theme.name,
            view=window.core_view.view,
            **({} if window.controller.fixed_plan is not None else chosen),
        )
        keep_program(store, window.choices.program)
        problem = remember(store, current, window.saveGeometry())
        if problem:
            print(f"cpuviz: {problem}", file=sys.stderr)

    window.closing.connect(save)


def run_gui(options: GuiOptions) -> int:
    """Open the window and run until it closes; exit status 1, in one line, if no screen."""
    problem = display_problem()
    if problem:
        print(f"cpuviz: {problem}", file=sys.stderr)
        return 1
    from cpuviz.ui.settings import default_settings_file

    app = make_application()
    window = build_window(replace(options, settings_file=default_settings_file()))
    window.showFullScreen() if options.fullscreen else window.show()
    call_on_interrupt(window, window.close)
    return app.exec()


def _available_area() -> QRect | None:
    """The primary screen less its panels and docks, or None without a screen."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    return None if screen is None else screen.availableGeometry()


def _place_on_screen(window: QWidget) -> None:
    """The default size, shrunk so that it and its frame fit the screen, centred there."""
    width, height = DEFAULT_WINDOW_SIZE
    available = _available_area()
    if available is None:
        window.resize(width, height)
        return
    frame_width, frame_height = FRAME_ALLOWANCE_PX
    width = min(width, available.width() - frame_width)
    height = min(height, available.height() - frame_height)
    window.resize(width, height)
    window.move(
        available.left() + (available.width() - width - frame_width) // 2,
        available.top() + (available.height() - height - frame_height) // 2,
    )


def call_on_interrupt(owner: QObject, action: Callable[[], object]) -> Callable[[], None]:
    """Ctrl+C in the terminal, or a polite kill (SIGTERM, e.g. at log-out), calls `action` at
    once: the window closes the normal way, so the workers are shut down rather than left to
    their parent-death watchdogs; a recording stops and keeps what it has.

    Python runs signal handlers only when it gets control, and Qt's loop does not give it any
    while idle. A polling timer would wake the app for nothing several times a second; instead
    the signal itself writes a byte to a socket Qt watches, which runs Python at once.
    Returns what puts the previous handlers back; that also happens when `owner` is destroyed.
    """
    from PySide6.QtCore import QSocketNotifier

    wake_read, wake_write = socket.socketpair()
    for end in (wake_read, wake_write):
        end.setblocking(False)
    previous_fd = signal.set_wakeup_fd(wake_write.fileno())
    previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    notifier = QSocketNotifier(wake_read.fileno(), QSocketNotifier.Type.Read, owner)
    notifier.activated.connect(lambda: wake_read.recv(64))
    released: list[bool] = []

    def release() -> None:
        if released:
            return
        released.append(True)
        notifier.setEnabled(False)
        signal.set_wakeup_fd(previous_fd)
        for number, handler in previous.items():
            signal.signal(number, handler)
        wake_read.close()
        wake_write.close()

    owner.destroyed.connect(release)  # also keeps both ends alive (and open) until then
    for number in previous:
        signal.signal(number, lambda *_: action())
    return release
