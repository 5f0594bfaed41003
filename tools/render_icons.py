"""Render resources/cpuviz.svg to the PNG sizes desktops ask for: `make icons`.

The PNGs are committed (desktops and bundlers want files, not a renderer); run this again
whenever the SVG changes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from cpuviz.cli.desktop import ICON_SIZES

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def render(svg: Path, size: int, out: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    if not image.save(str(out), "PNG"):
        raise OSError(f"could not write {out}")


def main() -> int:
    QGuiApplication(sys.argv)
    svg = RESOURCES / "cpuviz.svg"
    for size in ICON_SIZES:
        out = RESOURCES / "icons" / f"cpuviz-{size}.png"
        out.parent.mkdir(exist_ok=True)
        render(svg, size, out)
        print(out.relative_to(RESOURCES.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
