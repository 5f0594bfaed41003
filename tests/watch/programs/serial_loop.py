"""A serial loop: one thread, one core."""

from work import say_tree_cpu, seconds_argument, spin

spin(seconds_argument(1.0))
print("serial done")
say_tree_cpu()
