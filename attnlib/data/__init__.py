"""The data layer: the toy vocabulary and the guide's examples (toy.py), and notebook 10's sentences (senses.py).

Numbers only: nothing here computes attention. Imports nothing above it (only attnlib._validate).
"""
