"""cpuviz: watch CPU-bound Python threads share one core while processes use them all."""

__version__ = "0.1.0"
