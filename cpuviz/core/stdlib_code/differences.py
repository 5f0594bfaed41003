"""Which lines changed from one snippet to the next: what the page marks when the mode flips."""

from __future__ import annotations

import difflib


def changed_lines(before: str, after: str) -> set[int]:
    """The lines of `after` (counted from 0) that `before` does not have at that place:
    replaced or inserted ones, as difflib matches the two line by line."""
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    return {
        line
        for tag, _, _, first, end in matcher.get_opcodes()
        if tag != "equal"
        for line in range(first, end)
    }
