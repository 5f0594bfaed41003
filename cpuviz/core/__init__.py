"""Everything that is not Qt: the work, the runs, the readings, and the processes that do them.

No module here imports Qt, and nothing of cpuviz outside core, so a worker process or the Dask
driver starts fast, stays small and can run on another Python than the window's. The rooms say
where their code runs, and each imports only the floors below it (checked by import-linter):

    headless               bench and the run-to-completion loop, for the commands
    processes | recording  the worker processes and the app's side of them | recordings, replays
    cluster | gil | sampling   the Dask driver | watching threads from outside | reading the CPU
      | stdlib_code            | the standard-library code each mode stands for
    runs                   a run's plain data and rules: plans, messages, results, verdicts
    system | work          small OS helpers | the kernels that workers compute
"""
