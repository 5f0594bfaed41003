"""The same work in a multiprocessing.Pool(2): a process per worker, each on its own core."""

import multiprocessing

from work import say_tree_cpu, seconds_argument, spin

if __name__ == "__main__":
    each_s = seconds_argument(1.0)
    with multiprocessing.Pool(2) as pool:
        pool.map(spin, [each_s / 2] * 4, chunksize=1)
        pool.close()
        pool.join()
    print("pool done")
    say_tree_cpu()
