"""A numpy matrix product: BLAS does the work in C, without the GIL.

    pip install numpy      # into the same environment as cpuviz (.venv/bin/pip)
    cpuviz --work examples/matrix.py:product

Threads run the products side by side. (BLAS may use several threads of its own per product;
OMP_NUM_THREADS=1 keeps each product on one core, so cpuviz's workers are what you see.)
"""

import numpy as np

SIZE = 300


def product(chunk: int) -> float:
    """Multiply two random matrices seeded by the chunk; return the trace of the product."""
    generator = np.random.default_rng(chunk)
    a = generator.random((SIZE, SIZE))
    b = generator.random((SIZE, SIZE))
    return float(np.trace(a @ b))
