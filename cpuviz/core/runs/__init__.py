"""A run's plain data and rules, usable anywhere: in the window, a worker, the driver, bench.

The plan of a run and the messages its workers send; the bookkeeping that turns those messages
into a result; speedups, Amdahl's law and the verdict; which modes this Python offers. No
processes are started here and nothing is read from the machine beyond what Python says of
itself, so a replay or a test builds and checks runs without a worker in sight.
"""
