"""One BLAS thread for the small matrix products of notebook 12's GPT (training, sampling, its widget).

OpenBLAS splits even a 64x256 product over every core; when another process keeps a core busy, its
threads wait on each other and a step that takes 12 ms on one thread takes seconds (measured on a
2-core machine with one core busy: sampling 120 characters went from 30 ms to 2.2 s). threadpoolctl
(scikit-learn's, in requirements.txt) limits the BLAS library of this process for a `with` block only.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from functools import cache


@cache
def _controller() -> object | None:
    """Return a threadpoolctl controller of this process's BLAS, or None without threadpoolctl."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - a set-up without requirements.txt's threadpoolctl
        return None
    return ThreadpoolController()


def one_blas_thread() -> AbstractContextManager:
    """Return a context in which BLAS runs on one thread (nothing changes without threadpoolctl)."""
    controller = _controller()
    return nullcontext() if controller is None else controller.limit(limits=1, user_api="blas")
