"""The worker processes and the app's side of them: hosts, the pool, the results collector.

Code here runs in two places, and each module says which: the worker side (host, worker,
results collector) runs in child processes started with spawn; the app's side (pool, host
handle, cluster process) runs in the process that owns the run: the window's or bench's.
The workload never runs in the window's process.
"""
