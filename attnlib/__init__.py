"""attnlib: small, clean helpers for learning self-attention step by step.

Light on import: only numpy is loaded. Plots (`attnlib.plots`) load matplotlib and widgets
(`attnlib.widgets`) load ipywidgets when you first use them; load_minilm() loads safetensors and tokenizers.
"""

from .attention import (
    SelfAttention,
    SelfAttentionResult,
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
from .gradients import (
    AttentionGradients,
    SelfAttentionGradients,
    attention_backward,
    gradient_check,
    self_attention_backward,
    softmax_backward,
)
from .mixing import mix_profile, rebalance
from .multihead import (
    MultiHeadAttention,
    MultiHeadAttentionResult,
    heads_weights,
    merge_heads,
    multi_head_attention,
    random_projections,
    split_heads,
)
from .positions import sinusoidal_positional_encoding
from .pretrained import EncodeResult, MiniLM, load_minilm
from .scaling import score_statistics
from .sense_task import SENSES, encode_sentences, make_sense_sentences, sentences_from_text
from .similarity import (
    compare_vectors,
    cosine_similarity,
    cosine_similarity_matrix,
    distance_matrix,
    dot_similarity,
    dot_similarity_matrix,
    euclidean_distance,
    euclidean_distance_matrix,
    polar_to_xy,
    similarity_matrix,
)
from .softmax import softmax
from .training import init_params, loss_and_gradients, train_sense_model

__version__ = "0.1.0"

__all__ = [
    # data (notebooks 00-09)
    "BANK_SENTENCE", "CAT_SAT_MAT", "FEATURES", "GUIDE_MIX_WEIGHTS", "LOOKUP_KEYS", "LOOKUP_VALUES",
    "LOOKUP_VALUE_NAMES", "VECTOR_SETTINGS", "VECTORS_2D", "Embedding", "embed", "format_profiles",
    "known_words", "lookup", "tech_fruit_split", "tokenize",
    # mixing, similarity, softmax, scaling
    "mix_profile", "rebalance", "compare_vectors", "cosine_similarity", "cosine_similarity_matrix",
    "dot_similarity", "dot_similarity_matrix", "euclidean_distance", "euclidean_distance_matrix",
    "polar_to_xy", "similarity_matrix", "distance_matrix", "softmax", "score_statistics",
    # attention, heads, positions
    "SelfAttentionResult", "SelfAttention", "attention", "attention_scores", "causal_mask", "contextualize",
    "self_attention", "soft_lookup", "weighted_sum", "MultiHeadAttentionResult", "MultiHeadAttention",
    "heads_weights", "merge_heads", "multi_head_attention", "random_projections", "split_heads",
    "sinusoidal_positional_encoding",
    # learning the weights (notebook 10): gradients, the sense task, training
    "AttentionGradients", "SelfAttentionGradients", "attention_backward", "gradient_check",
    "self_attention_backward", "softmax_backward", "SENSES", "encode_sentences", "make_sense_sentences",
    "sentences_from_text", "init_params", "loss_and_gradients", "train_sense_model",
    # a real pretrained Transformer (notebook 11): all-MiniLM-L6-v2 on attnlib's attention
    "EncodeResult", "MiniLM", "load_minilm",
    # exercises
    "check", "evaluate",
]

_LAZY_MODULES = ("plots", "widgets", "figures", "sequence")


def __getattr__(name: str) -> object:
    """Import the submodules in _LAZY_MODULES (plots, widgets, figures, sequence) on first use: `al.plots...`."""
    if name in _LAZY_MODULES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'attnlib' has no attribute {name!r}")
