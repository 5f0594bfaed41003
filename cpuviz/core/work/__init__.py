"""The work itself: the built-in kernels and the user's own function, and how to run them.

Runs inside worker threads and processes, subinterpreters and Dask tasks, so it imports only
the standard library: whatever runs a chunk of work loads nothing else to do it.
"""
