"""The maths layer: similarity, softmax, attention, heads, positions, the RNN, the cost counts and the
backward passes, as pure functions on numpy arrays. Imports only the data layer and attnlib._validate.
"""
