"""Forks a child that goes on working, and exits at once: the work outlives the program's root."""

import os
import sys

from work import seconds_argument, spin

if os.fork() == 0:
    spin(seconds_argument(0.5))
    print("orphan done", file=sys.stderr, flush=True)
    os._exit(0)
print("parent gone")
