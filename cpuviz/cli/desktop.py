"""`cpuviz --install-desktop`: put cpuviz in the desktop's app menu, for double-clicking.

Installs for the current user only, in the XDG data folder (~/.local/share unless
XDG_DATA_HOME says otherwise): no root, and `--uninstall-desktop` removes exactly what it added.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from cpuviz.cli.resources import resource_path
from cpuviz.core.system.files import copy_file, write_text

APP_ID = "cpuviz"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when unset or not absolute (as the spec says)."""
    configured = os.environ.get("XDG_DATA_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return Path.home() / ".local" / "share"


def launch_command() -> str:
    """How the menu entry starts this very installation: a bundle, a venv script, or python."""
    if getattr(sys, "frozen", False):
        return _quote(sys.executable)
    script = Path(sys.executable).with_name("cpuviz")
    if script.is_file():
        return _quote(str(script))
    return f"{_quote(sys.executable)} -m cpuviz"


def _quote(path: str) -> str:
    """Desktop-entry quoting: plain if safe, else double quotes with \\ " ` $ escaped."""
    if shlex.quote(path) == path:
        return path
    escaped = "".join("\\" + char if char in '\\"`$' else char for char in path)
    return f'"{escaped}"'


def installed_files(home: Path) -> list[Path]:
    """Every file --install-desktop writes, so that uninstalling removes exactly these."""
    icons = home / "icons" / "hicolor"
    return [
        home / "applications" / f"{APP_ID}.desktop",
        icons / "scalable" / "apps" / f"{APP_ID}.svg",
        *(icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png" for size in ICON_SIZES),
    ]


def install_desktop(home: Path | None = None) -> list[Path]:
    """Write the launcher and icons; returns the files written."""
    home = home or data_home()
    entry, svg, *pngs = installed_files(home)
    sources = [resource_path(f"icons/{APP_ID}-{size}.png") for size in ICON_SIZES]
    for target, source in [(svg, resource_path(f"{APP_ID}.svg")), *zip(pngs, sources, strict=True)]:
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_file(source, target)
    template = resource_path(f"{APP_ID}.desktop").read_text(encoding="utf-8")
    entry.parent.mkdir(parents=True, exist_ok=True)
    write_text(entry, template.replace(f"Exec={APP_ID}\n", f"Exec={launch_command()}\n"))
    return installed_files(home)


def uninstall_desktop(home: Path | None = None) -> list[Path]:
    """Remove what install_desktop wrote; returns the files that were there."""
    removed = []
    for path in installed_files(home or data_home()):
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed
