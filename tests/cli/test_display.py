"""Without a screen the app says so in one line instead of letting Qt abort."""

import shutil
import subprocess
import sys

import pytest

from cpuviz.cli.window import XCB_LIBRARIES, library_found
from tests.cli.conftest import PROJECT_ROOT, cpuviz_env

X11_ENV = {"DISPLAY": ":99", "WAYLAND_DISPLAY": None, "QT_QPA_PLATFORM": None}


def test_no_display_is_one_clear_line(run_cpuviz):
    env = cpuviz_env(DISPLAY=None, WAYLAND_DISPLAY=None, QT_QPA_PLATFORM=None)
    finished = run_cpuviz(env=env)
    assert finished.returncode == 1
    assert finished.stderr.startswith("cpuviz: no display found")
    assert "cpuviz snapshot" in finished.stderr and "cpuviz bench" in finished.stderr
    assert finished.stderr.count("\n") == 1


def missing_packages() -> list[str]:
    return [package for library, package in XCB_LIBRARIES.items() if not library_found(library)]


def installed_path(library: str) -> str | None:
    """Where the dynamic linker's cache says `library` is, e.g. /lib/…/libxcb-icccm.so.4."""
    listing = subprocess.run(
        ["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=True
    ).stdout
    for line in listing.splitlines():
        if f"lib{library}.so" in line and "=>" in line:
            return line.rsplit("=> ", 1)[1].strip()
    return None


def test_missing_x11_libraries_are_named_with_the_command_that_installs_them(run_cpuviz):
    """Where a library is missing, as on a bare Debian; where all are installed, one is hidden
    for real: in a private mount namespace, an empty file is mounted over it."""
    missing = missing_packages()
    if missing:
        finished = run_cpuviz(env=cpuviz_env(**X11_ENV))
    else:
        hidden = installed_path("xcb-icccm")
        if hidden is None or shutil.which("unshare") is None:
            pytest.skip("cannot hide a library here (no ldconfig entry or no unshare)")
        hide = f"mount --bind /dev/null {hidden} && exec {sys.executable} -m cpuviz"
        finished = subprocess.run(
            ["unshare", "--mount", "sh", "-c", hide],
            cwd=PROJECT_ROOT,
            env=cpuviz_env(**X11_ENV),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if "mount" in finished.stderr or "unshare" in finished.stderr:
            pytest.skip(f"mount namespaces are not allowed here: {finished.stderr.strip()}")
        missing = [XCB_LIBRARIES["xcb-icccm"]]
    assert finished.returncode == 1, finished.stderr
    assert finished.stderr.count("\n") == 1
    assert f"sudo apt-get install {' '.join(missing)}" in finished.stderr
