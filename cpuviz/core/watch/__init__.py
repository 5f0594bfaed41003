"""Watching a program cpuviz did not write: start it or attach to it, follow its process tree
as processes come and go, and read each process's and thread's CPU clock and what it waits on,
all from outside (/proc, psutil). Nothing is injected into the program: it runs unchanged.

    program     start a command (or attach to a PID) and end a started one's whole tree
    tree        which processes are the program's now: its descendants, found by their parents
    threads     each process's clocks and each thread's state and wait, read once a tick
    cores       which core its time was spent on, charged from those same readings
    watch       the loop's work for one tick, and the report it adds up to
    lanes       a tick of its lanes as plain data, and the lanes laid out from them
    report      the plain figures a watch ends with, and their JSON
"""
