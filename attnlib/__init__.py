"""attnlib: small, clean helpers for learning self-attention step by step. This file is the lesson API:
every name a notebook uses is `al.<name>` (with `import attnlib as al`).

The package in layers, each importing only the ones before it:
    _validate.py   the input checks every layer uses
    data/          the toy vocabulary and examples; notebook 10's sentences; Shakespeare's plays
    maths/         similarity, softmax, attention, heads, positions, the RNN and costs, gradients, the
                   bigram and n-gram baselines and a Transformer block's pieces (blocks.py)
    models/        notebook 10's trained layer; the real all-MiniLM-L6-v2; notebook 12's tiny GPT
    viz/           colours, plots and heatmaps, the widgets and what they show
    exercises/     the checking engine and each lesson's exercises (lesson_00.py ... lesson_12.py)
    grade.py       python -m attnlib.grade, for teachers
    gpt.py         notebook 12's tiny GPT under short names (import attnlib.gpt as gpt), for use outside the lessons

Light on import: only numpy is loaded. The plotting and widget names (al.plot_heatmap, al.show (a figure
with alt text), al.build_softmax_widget, ...) load matplotlib or ipywidgets the first time you use one;
load_minilm() loads safetensors and tokenizers.
"""

from .data.senses import CUE_PHRASES, SENSES, VOCABULARY, WORD_SENSES, make_sense_sentences, sentences_from_text
from .data.shakespeare import VALIDATION_TITLES, load_plays, train_validation
from .data.shakespeare import batches as text_batches
from .data.shakespeare import decode as decode_text
from .data.shakespeare import encode as encode_text
from .data.shakespeare import vocabulary as char_vocabulary
from .data.toy import (
    BANK_SENTENCE,
    CAT_SAT_MAT,
    FEATURES,
    GUIDE_MIX_WEIGHTS,
    LOOKUP_KEYS,
    LOOKUP_VALUE_NAMES,
    LOOKUP_VALUES,
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
from .exercises.answers import apple_on_phones
from .exercises.lesson_10 import attention_gradient_problem, buggy_self_attention_backward
from .maths.attention import (
    SelfAttentionResult,
    attention,
    attention_scores,
    causal_mask,
    self_attention,
    soft_lookup,
    weighted_sum,
)
from .maths.bigram import bigram_counts, bigram_loss
from .maths.costs import attention_cost, longest_sequence, rnn_cost, weight_matrix_bytes
from .maths.gradients import (
    AttentionGradients,
    SelfAttentionGradients,
    attention_backward,
    gradient_check,
    self_attention_backward,
    softmax_backward,
)
from .maths.mixing import mix_profile, rebalance
from .maths.multihead import (
    MultiHeadAttentionResult,
    merge_heads,
    multi_head_attention,
    random_projections,
    split_heads,
)
from .maths.ngram import ngram_loss, ngram_seen, ngram_unseen
from .maths.positions import sinusoidal_positional_encoding
from .maths.rnn import rnn_first_word_influence, rnn_forward
from .maths.scaling import score_statistics
from .maths.similarity import (
    compare_vectors,
    cosine_similarity,
    cosine_similarity_matrix,
    dot_similarity,
    dot_similarity_matrix,
    euclidean_distance,
    euclidean_distance_matrix,
    polar_to_xy,
)
from .maths.softmax import softmax
from .models.gpt import PIECES as GPT_PIECES
from .models.gpt import forward as gpt_forward
from .models.gpt import init_params as gpt_init_params
from .models.gpt import loss_and_gradients as gpt_loss_and_gradients
from .models.gpt import n_params as gpt_n_params
from .models.gpt import sample as gpt_sample
from .models.gpt_train import GPTRun, train_gpt
from .models.gpt_train import evaluate as gpt_evaluate
from .models.minilm import EncodeResult, MiniLM, load_minilm
from .models.sense_model import (
    Batch,
    accuracy,
    copies,
    decide,
    encode_sentences,
    forward,
    init_params,
    loss_and_gradients,
    parameter_free_outputs,
)
from .models.training import train_readout, train_sense_model
from .viz.defaults import MINILM_OTHER, MINILM_SENTENCE, VECTOR_SETTINGS
from .viz.readouts import contextualize, heads_weights

__version__ = "0.1.0"

# Names that load matplotlib or ipywidgets, imported the first time a notebook uses one: name -> module.
_LAZY = {
    **dict.fromkeys(("projector_style", "word_colour", "word_colours"), "viz.style"),
    **dict.fromkeys(("plot_heatmap", "show_heatmaps"), "viz.heatmaps"),
    **dict.fromkeys(("plot_bars", "plot_profiles", "plot_vectors_2d"), "viz.plots"),
    **dict.fromkeys(
        ("show", "describe_bars", "describe_heatmap", "describe_heatmaps", "describe_profiles", "describe_vectors"),
        "viz.alt",
    ),
    **dict.fromkeys(
        (
            "build_softmax_widget",
            "build_profile_widget",
            "build_mixing_widget",
            "build_vector_widget",
            "build_sentence_widget",
            "build_soft_lookup_widget",
            "build_scaling_widget",
            "build_cost_widget",
            "build_heads_widget",
            "build_training_widget",
        ),
        "viz.widgets",
    ),
    "build_minilm_widget": "viz.minilm_widget",
    "build_gpt_widget": "viz.gpt_widget",
}

# fmt: off
__all__ = [
    # data: the toy vocabulary and examples (notebooks 00-09), notebook 10's sentences
    "BANK_SENTENCE", "CAT_SAT_MAT", "FEATURES", "GUIDE_MIX_WEIGHTS", "LOOKUP_KEYS", "LOOKUP_VALUES",
    "LOOKUP_VALUE_NAMES", "VECTORS_2D", "Embedding", "embed", "format_profiles", "known_words", "lookup",
    "tech_fruit_split", "tokenize", "CUE_PHRASES", "SENSES", "VOCABULARY", "WORD_SENSES",
    "make_sense_sentences", "sentences_from_text",
    "load_plays", "train_validation", "VALIDATION_TITLES", "char_vocabulary", "encode_text", "decode_text",
    "text_batches",  # notebook 12's Shakespeare
    # maths: mixing, similarity, softmax, scaling, attention, heads, positions, the RNN and costs, gradients
    "mix_profile", "rebalance", "compare_vectors", "cosine_similarity", "cosine_similarity_matrix",
    "dot_similarity", "dot_similarity_matrix", "euclidean_distance", "euclidean_distance_matrix",
    "polar_to_xy", "softmax", "score_statistics", "SelfAttentionResult", "attention", "attention_scores",
    "causal_mask", "self_attention", "soft_lookup", "weighted_sum", "MultiHeadAttentionResult", "merge_heads",
    "multi_head_attention", "random_projections", "split_heads", "sinusoidal_positional_encoding",
    "rnn_forward", "rnn_first_word_influence", "attention_cost", "rnn_cost", "weight_matrix_bytes",
    "longest_sequence", "AttentionGradients", "SelfAttentionGradients", "attention_backward", "gradient_check",
    "self_attention_backward", "softmax_backward", "bigram_counts", "bigram_loss", "ngram_loss", "ngram_seen",
    "ngram_unseen",
    # models: notebook 10's trained layer, the real all-MiniLM-L6-v2 (notebook 11)
    "Batch", "encode_sentences", "copies", "decide", "init_params", "forward", "accuracy", "loss_and_gradients",
    "parameter_free_outputs", "train_sense_model", "train_readout", "EncodeResult", "MiniLM", "load_minilm",
    "GPT_PIECES", "gpt_init_params", "gpt_forward", "gpt_loss_and_gradients", "gpt_sample", "gpt_n_params",
    "GPTRun", "train_gpt", "gpt_evaluate",  # notebook 12's tiny GPT
    # what the widgets compute and start with; pictures and widgets (loaded on first use)
    "contextualize", "heads_weights", "VECTOR_SETTINGS", "MINILM_SENTENCE", "MINILM_OTHER", *_LAZY,
    # exercises, and the material some of them give
    "check", "evaluate", "buggy_self_attention_backward", "attention_gradient_problem", "apple_on_phones",
]
# fmt: on


def __getattr__(name: str) -> object:
    """Import a plotting or widget name (_LAZY) on first use, so `import attnlib` loads only numpy."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value  # later uses find it directly
        return value
    raise AttributeError(f"module 'attnlib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
