"""Shared test set-up.

Do not set MPLBACKEND here: notebook kernels started by nbval and by the browser test inherit the
environment, and they must keep matplotlib's inline backend. Tests that plot select Agg themselves.
"""
