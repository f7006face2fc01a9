"""The data layer: the toy vocabulary and the guide's examples (toy.py), notebook 10's sentences (senses.py)
and Shakespeare's plays as characters (shakespeare.py, read from data/shakespeare/ when asked).

Numbers only: nothing here computes attention. Imports nothing above it (only attnlib._validate).
"""
