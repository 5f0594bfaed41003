"""`cpuviz snapshot`: the real window, offscreen, saved as a PNG of the asked size."""

from PySide6.QtGui import QImage


def distinct_colours(image: QImage, step: int = 8) -> int:
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def test_snapshot_writes_a_png_of_the_asked_size_that_is_not_blank(run_cpuviz, tmp_path):
    out = tmp_path / "window.png"
    # Small work: a serial baseline of ~2 s before it, not a timed run's 5 s.
    finished = run_cpuviz(
        "snapshot", str(out), "--size", "800x600", "--size", "small", "--mode", "processes",
        "--seconds", "0.5",
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (800, 600)
    assert distinct_colours(image) > 20  # text, bars and panels, not one flat fill
