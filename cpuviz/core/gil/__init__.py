"""Watching, from outside the workers, which of their threads run: the GIL changing hands.

Readers look at the kernel's view of each thread (/proc, or psutil's clocks elsewhere); the
trace turns those readings into turns, hand-offs a second and time spent waiting. Nothing is
asked of the watched process, so watching costs its GIL nothing.
"""
