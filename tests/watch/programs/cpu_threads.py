"""Two CPU-bound threads: the GIL lets one run at a time, so one core at most."""

import threading

from work import say_tree_cpu, seconds_argument, spin

each_s = seconds_argument(1.0)
threads = [threading.Thread(target=spin, args=(each_s,), name=f"spin-{n}") for n in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("threads done")
say_tree_cpu()
