"""attnlib: small, clean helpers for learning self-attention step by step.

Light on import: only numpy is loaded. Plots (`attnlib.plots`) load matplotlib and widgets
(`attnlib.widgets`) load ipywidgets when you first use them.
"""

from .attention import (
    SelfAttention,
    SelfAttentionResult,
    attention,
    attention_scores,
    causal_mask,
    self_attention,
    soft_lookup,
    weighted_sum,
)
from .data import (
    CAT_SAT_MAT,
    FEATURES,
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
from .multihead import (
    MultiHeadAttention,
    MultiHeadAttentionResult,
    merge_heads,
    multi_head_attention,
    random_projections,
    split_heads,
)
from .positions import sinusoidal_positional_encoding
from .similarity import (
    cosine_similarity,
    cosine_similarity_matrix,
    distance_matrix,
    dot_similarity,
    dot_similarity_matrix,
    euclidean_distance,
    euclidean_distance_matrix,
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
    "SelfAttentionResult", "MultiHeadAttentionResult", "dot_similarity_matrix", "euclidean_distance_matrix",
]

_LAZY_MODULES = ("plots", "widgets", "figures", "sequence")


def __getattr__(name: str) -> object:
    """Import the heavy submodules (plots, widgets, figures) on first use: `al.plots...`."""
    if name in _LAZY_MODULES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'attnlib' has no attribute {name!r}")
