"""Parsing JSON: the json module's C scanner holds the GIL.

    cpuviz --work examples/json_parse.py:parse

Threads take turns; processes parse side by side.
"""

import json

DOCUMENT = json.dumps([{"id": n, "name": f"item {n}", "tags": ["a", "b"]} for n in range(4_000)])


def parse(chunk: int) -> int:
    """Parse the document 15 times; return how many items had an id divisible by the chunk."""
    total = 0
    for _ in range(15):
        items = json.loads(DOCUMENT)
        total += sum(1 for item in items if item["id"] % (chunk + 1) == 0)
    return total
