"""attnlib: small, clean helpers for learning self-attention step by step.

Light on import: only numpy is loaded. Plots (`attnlib.plots`) load matplotlib and widgets
(`attnlib.widgets`) load ipywidgets when you first use them.
"""

from .attention import (
    SelfAttention,
    attention,
    attention_scores,
    causal_mask,
    contextualize,
    self_attention,
    soft_lookup,
    weighted_sum,
)
from .data import (
    BANK_SENTENCE,
    CAT_SAT_MAT,
    FEATURES,
    GUIDE_MIX_WEIGHTS,
    LOOKUP_KEYS,
    LOOKUP_VALUE_NAMES,
    LOOKUP_VALUES,
    VECTOR_SETTINGS,
    VECTORS_2D,
    Embedding,
    embed,
    format_profiles,
    known_words,
    lookup,
    tech_fruit_split,
    tokenize,
)
from .exercises import check, evaluate
from .mixing import mix_profile, rebalance
from .multihead import (
    MultiHeadAttention,
    heads_weights,
    merge_heads,
    multi_head_attention,
    random_projections,
    split_heads,
)
from .positions import sinusoidal_positional_encoding
from .scaling import score_statistics
from .similarity import (
    compare_vectors,
    cosine_similarity,
    cosine_similarity_matrix,
    distance_matrix,
    dot_similarity,
    euclidean_distance,
    polar_to_xy,
    similarity_matrix,
)
from .softmax import softmax

__version__ = "0.1.0"

__all__ = [
    "CAT_SAT_MAT", "FEATURES", "VECTOR_SETTINGS", "VECTORS_2D", "Embedding", "SelfAttention",
    "attention", "attention_scores", "causal_mask", "check", "cosine_similarity",
    "cosine_similarity_matrix", "distance_matrix", "dot_similarity", "embed",
    "euclidean_distance", "format_profiles", "evaluate", "known_words", "lookup", "self_attention",
    "similarity_matrix", "softmax", "tech_fruit_split", "tokenize", "weighted_sum",
    "MultiHeadAttention", "merge_heads", "multi_head_attention", "random_projections", "split_heads",
    "sinusoidal_positional_encoding", "soft_lookup",
    "BANK_SENTENCE", "GUIDE_MIX_WEIGHTS", "LOOKUP_KEYS", "LOOKUP_VALUES", "LOOKUP_VALUE_NAMES",
    "compare_vectors", "contextualize", "heads_weights", "mix_profile", "polar_to_xy", "rebalance",
    "score_statistics",
]

_LAZY_MODULES = ("plots", "widgets", "figures", "sequence")


def __getattr__(name: str) -> object:
    """Import the submodules in _LAZY_MODULES (plots, widgets, figures, sequence) on first use: `al.plots...`."""
    if name in _LAZY_MODULES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'attnlib' has no attribute {name!r}")
