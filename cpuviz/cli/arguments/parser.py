"""The one parser class every command uses: a bad argument is one line and exit status 2."""

from __future__ import annotations

import argparse

from cpuviz.options import EXIT_USAGE


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line instead of usage plus error."""

    def __init__(self, **kwargs: object) -> None:
        # No abbreviated flags: '--mod' for '--mode' would hide that the user chose a mode.
        super().__init__(allow_abbrev=False, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> None:  # type: ignore[override]
        # What the user typed is echoed back; a newline or control character in it is shown
        # escaped, so the complaint stays one line.
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {shown} (see {self.prog} --help)\n")
