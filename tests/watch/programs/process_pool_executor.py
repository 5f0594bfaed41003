"""The same work in a ProcessPoolExecutor of 2 processes."""

from concurrent.futures import ProcessPoolExecutor

from work import say_tree_cpu, seconds_argument, spin

if __name__ == "__main__":
    each_s = seconds_argument(1.0)
    with ProcessPoolExecutor(2) as executor:
        list(executor.map(spin, [each_s / 2] * 4))
    print("executor done")
    say_tree_cpu()
