"""The Dask driver process and the tasks it sends: cluster mode, on this machine or many.

The only room that imports dask or distributed (checked by import-linter), and only inside the
driver process, so the window starts as fast with Dask installed as without it.
"""
