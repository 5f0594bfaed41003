"""Fails at once: an exception, so exit status 1 and the error as the last stderr line."""

raise SystemExit("crashing: the input file is missing")
