"""Counting primes in pure Python: every step holds the GIL.

    cpuviz --work examples/primes.py:count_primes

Threads take turns (about one core busy, ~1.0×); processes each have a GIL of their own.
"""

SPAN = 20_000  # numbers per chunk: 20 to 60 ms of work here


def count_primes(chunk: int) -> int:
    """How many primes there are in this chunk's span of numbers."""
    start = chunk * SPAN
    return sum(1 for number in range(max(start, 2), start + SPAN) if _is_prime(number))


def _is_prime(number: int) -> bool:
    divisor = 2
    while divisor * divisor <= number:
        if number % divisor == 0:
            return False
        divisor += 1
    return True
