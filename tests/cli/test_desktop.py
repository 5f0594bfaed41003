"""The menu entry a teacher double-clicks: valid, installed per user, removed cleanly."""

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cpuviz.cli.desktop import ICON_SIZES, installed_files
from tests.cli.conftest import PROJECT_ROOT, cpuviz_env

DESKTOP_FILE = PROJECT_ROOT / "resources" / "cpuviz.desktop"


@pytest.fixture
def validate():
    """validate(PATH): desktop-file-validate's verdict on an entry, which must be clean.

    Without the validator the test is skipped, with the reason; under CI=true it fails
    instead, since .ci/run installs it: a check that CI silently leaves out is no check."""
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        reason = (
            "desktop-file-validate is not installed (Debian: apt-get install desktop-file-utils)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; .ci/run installs it when run as root")
        pytest.skip(reason)

    def run(path: Path) -> None:
        checked = subprocess.run([validator, path], capture_output=True, text=True, check=False)
        assert (checked.returncode, checked.stdout + checked.stderr) == (0, "")

    return run


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


def test_the_desktop_file_validates(validate):
    validate(DESKTOP_FILE)


def test_install_then_uninstall_desktop_for_this_user(run_cpuviz, tmp_path):
    env = cpuviz_env(XDG_DATA_HOME=str(tmp_path))
    installed = run_cpuviz("--install-desktop", env=env)
    assert installed.returncode == 0, installed.stderr
    files = installed_files(tmp_path)
    assert all(path.is_file() for path in files)
    launcher = exec_words(desktop_entry(files[0])["Exec"])[0]
    assert Path(launcher).is_file()  # this very installation, not whatever `cpuviz` is on PATH

    removed = run_cpuviz("--uninstall-desktop", env=env)
    assert removed.returncode == 0, removed.stderr
    assert not any(path.exists() for path in files)


def test_an_installation_under_a_path_with_spaces_and_a_dollar_is_launched_from_there(
    run_cpuviz, tmp_path, validate
):
    """The entry's Exec quotes the path as the desktop spec says (\\$ inside double quotes),
    so the menu starts this installation, not a path cut at the space or a $HOME expanded."""
    odd = tmp_path / "my $HOME copy" / "venv"
    odd.parent.mkdir()
    odd.symlink_to(Path(sys.executable).parents[1], target_is_directory=True)
    data = tmp_path / "data"
    installed = subprocess.run(
        [odd / "bin" / "python", "-m", "cpuviz", "--install-desktop"],
        cwd=PROJECT_ROOT,
        env=cpuviz_env(XDG_DATA_HOME=str(data)),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    entry = installed_files(data)[0]
    validate(entry)
    assert exec_words(desktop_entry(entry)["Exec"]) == [str(odd / "bin" / "cpuviz")]


def exec_words(exec_value: str) -> list[str]:
    """An Exec value split into words as a launcher does. The spec's quoting is a POSIX
    shell's double quotes (a backslash escapes " ` $ and itself in them), which shlex does not
    follow: sh itself splits it, printing each word."""
    printed = subprocess.run(
        ["sh", "-c", f"printf '%s\\0' {exec_value}"], capture_output=True, text=True, check=True
    )
    return printed.stdout.split("\0")[:-1]


@pytest.mark.parametrize("xdg_data_home", [None, "relative/share"], ids=["unset", "relative"])
def test_without_an_absolute_xdg_data_home_the_entry_goes_under_home(
    run_cpuviz, tmp_path, xdg_data_home
):
    """The XDG spec: an unset or relative XDG_DATA_HOME means ~/.local/share."""
    env = cpuviz_env(HOME=str(tmp_path), XDG_DATA_HOME=xdg_data_home)
    installed = run_cpuviz("--install-desktop", env=env)
    assert installed.returncode == 0, installed.stderr
    files = installed_files(tmp_path / ".local" / "share")
    assert all(path.is_file() for path in files)
    assert installed.stdout.strip() == f"cpuviz: added to the app menu ({files[0]})"
    assert not (PROJECT_ROOT / "relative").exists()
