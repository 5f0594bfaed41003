"""A regular expression over text: the re module holds the GIL while it matches.

    cpuviz --work examples/regex.py:count_words

It is C code, but C code that keeps the GIL: threads take turns, as with pure Python.
"""

import re

WORD = re.compile(r"\b[a-z]{5,}ing\b")
TEXT = " ".join(f"walking talking ringing sing {n} thinking running" for n in range(60_000))


def count_words(chunk: int) -> int:
    """How many long -ing words the text has, starting a little later for each chunk."""
    return len(WORD.findall(TEXT, chunk % 100))
