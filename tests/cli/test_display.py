"""Without a screen the app says so in one line instead of letting Qt abort."""

import pytest

from cpuviz.cli.window import XCB_LIBRARIES, library_found
from tests.cli.conftest import cpuviz_env


def test_no_display_is_one_clear_line(run_cpuviz):
    env = cpuviz_env(DISPLAY=None, WAYLAND_DISPLAY=None, QT_QPA_PLATFORM=None)
    finished = run_cpuviz(env=env)
    assert finished.returncode == 1
    assert finished.stderr.startswith("cpuviz: no display found")
    assert "cpuviz snapshot" in finished.stderr and "cpuviz bench" in finished.stderr
    assert finished.stderr.count("\n") == 1


@pytest.mark.skipif(
    all(library_found(library) for library in XCB_LIBRARIES),
    reason="every library Qt's X11 plugin needs is installed here",
)
def test_missing_x11_libraries_are_named_with_the_command_that_installs_them(run_cpuviz):
    missing = [package for library, package in XCB_LIBRARIES.items() if not library_found(library)]
    finished = run_cpuviz(env=cpuviz_env(DISPLAY=":99", WAYLAND_DISPLAY=None, QT_QPA_PLATFORM=None))
    assert finished.returncode == 1
    assert finished.stderr.count("\n") == 1
    assert f"sudo apt-get install {' '.join(missing)}" in finished.stderr
