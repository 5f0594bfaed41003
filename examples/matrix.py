"""A numpy matrix product: BLAS does the work in C, without the GIL.

    pip install numpy      # into the same environment as cpuviz (.venv/bin/pip)
    OMP_NUM_THREADS=1 cpuviz --work examples/matrix.py:product

Threads run the products side by side. (BLAS may use several threads of its own per product;
OMP_NUM_THREADS=1 keeps each product on one core, so cpuviz's workers are what you see.)
"""

import numpy as np

SIZE = 400
ROUNDS = 10  # products per chunk: about 20 ms here
# Made once per process: random numbers and fresh memory are not what this example is about.
A = np.random.default_rng(1).random((SIZE, SIZE))
B = np.random.default_rng(2).random((SIZE, SIZE))


def product(chunk: int) -> float:
    """Multiply the matrices ROUNDS times; return the product's trace, scaled by the chunk."""
    result = np.empty((SIZE, SIZE))
    for _ in range(ROUNDS):
        np.matmul(A, B, out=result)
    return float(np.trace(result)) * (chunk + 1)
