"""The maths layer: similarity, softmax, attention, heads, positions, the RNN, the cost counts, the
backward passes, the bigram and n-gram baselines and a Transformer block's pieces with theirs (blocks.py), as pure
functions on numpy arrays. Imports only the data layer and attnlib._validate.
"""
