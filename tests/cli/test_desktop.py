"""The menu entry a teacher double-clicks: valid, installed per user, removed cleanly."""

import configparser
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from cpuviz.cli.desktop import ICON_SIZES, installed_files
from tests.cli.conftest import PROJECT_ROOT, cpuviz_env

DESKTOP_FILE = PROJECT_ROOT / "resources" / "cpuviz.desktop"
needs_validator = pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate not installed (Debian: desktop-file-utils)",
)


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_file_names_the_app_its_icon_and_a_gui_launch():
    entry = desktop_entry(DESKTOP_FILE)
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "cpuviz" and entry["Icon"] == "cpuviz"
    assert entry["Terminal"] == "false"
    assert {f"icons/cpuviz-{size}.png" for size in ICON_SIZES} <= {
        str(path.relative_to(PROJECT_ROOT / "resources"))
        for path in (PROJECT_ROOT / "resources" / "icons").iterdir()
    }


@needs_validator
def test_the_desktop_file_validates():
    subprocess.run(["desktop-file-validate", str(DESKTOP_FILE)], check=True)


def test_install_then_uninstall_desktop_for_this_user(run_cpuviz, tmp_path):
    env = cpuviz_env(XDG_DATA_HOME=str(tmp_path))
    installed = run_cpuviz("--install-desktop", env=env)
    assert installed.returncode == 0, installed.stderr
    files = installed_files(tmp_path)
    assert all(path.is_file() for path in files)
    launcher = shlex.split(desktop_entry(files[0])["Exec"])[0]
    assert Path(launcher).is_file()  # this very installation, not whatever `cpuviz` is on PATH
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(files[0])], check=True)

    removed = run_cpuviz("--uninstall-desktop", env=env)
    assert removed.returncode == 0, removed.stderr
    assert not any(path.exists() for path in files)
