"""Find files of the top-level resources/ folder, from a source tree or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # cpuviz/, above cli/
# An installed wheel carries them inside the package; a source tree keeps them beside it.
_CANDIDATES = (_PACKAGE / "resources", _PACKAGE.parent / "resources")


def resource_path(name: str) -> Path:
    for folder in _CANDIDATES:
        path = folder / name
        if path.is_file():
            return path
    looked_in = ", ".join(str(folder) for folder in _CANDIDATES)
    raise FileNotFoundError(f"cpuviz resource {name!r} is missing (looked in {looked_in})")
