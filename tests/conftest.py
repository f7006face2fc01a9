"""Shared test set-up: a non-interactive matplotlib backend, chosen by environment, not rcParams."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
