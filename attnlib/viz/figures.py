"""Regenerate every figure under images/ from attnlib code: `python -m attnlib.viz.figures [OUTDIR]`.

Each figure is a function that returns a matplotlib Figure; FIGURES maps file names to them.
PNGs are written without timestamps or version metadata so a rebuild gives the same bytes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..data import toy
from ..data.toy import GUIDE_MIX_WEIGHTS
from ..maths.attention import weighted_sum
from ..maths.similarity import dot_similarity_matrix
from ..maths.softmax import softmax
from . import heatmaps, plots

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure


def draw_all_words_mixed() -> Figure:
    """Every word of "love Apple phones" becomes a weighted mix of all three (Apple' in its own colour)."""
    import matplotlib.pyplot as plt

    tokens, vectors = toy.embed("love Apple phones")
    mixed = weighted_sum(GUIDE_MIX_WEIGHTS, vectors)  # (3, 8)
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.3, 3.6), gridspec_kw={"width_ratios": [1, 1.6]})
    heatmaps.plot_heatmap(
        GUIDE_MIX_WEIGHTS,
        [t + "'" for t in tokens],
        tokens,
        ax=left,
        title="mixing weights\n(each row sums to 1)",
        xlabel="mixes in",
        ylabel="new word",
    )
    plots.plot_profiles(
        np.stack([vectors[1], mixed[1]]),
        ["Apple (static)", "Apple' (mixed)"],
        ax=right,
        title="Apple' = 0.1·love + 0.5·Apple + 0.4·phones",
    )
    right.tick_params(axis="x", labelrotation=45)  # 8 feature names in a narrow panel
    plt.setp(right.get_xticklabels(), ha="right", rotation_mode="anchor")
    fig.tight_layout()
    return fig


def draw_embedding_space() -> Figure:
    """The guide's 2-D vectors with their dot products against Apple."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 6))
    shown = {
        "Apple": toy.VECTORS_2D["apple"],
        "phones": toy.VECTORS_2D["phones"],
        "love": toy.VECTORS_2D["love"],
        "juice": toy.VECTORS_2D["juice"],
    }
    plots.plot_vectors_2d(shown, ax=ax, title="Words as 2-D vectors")
    apple = np.asarray(shown["Apple"])
    lines = [f"Apple · {w} = {float(apple @ np.asarray(v)):g}" for w, v in shown.items()]
    ax.text(
        0.02,
        0.02,
        "\n".join(lines),
        transform=ax.transAxes,
        fontsize=10,
        va="bottom",
        family="monospace",
        bbox=dict(facecolor="white", alpha=0.85, edgecolor="grey"),
    )
    fig.tight_layout()
    return fig


def draw_softmax() -> Figure:
    """Softmax turns Apple's scores [-2, 8, 8] into weights that are positive and sum to 1."""
    import matplotlib.pyplot as plt

    tokens, vectors = toy.embed("love Apple phones", "2d")
    scores = dot_similarity_matrix(vectors)[1]  # Apple's row: [-2, 8, 8]
    probs = softmax(scores)
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.3, 3.4))
    plots.plot_bars(scores, tokens, ax=left, title="scores: Apple · word", decimals=0)
    plots.plot_bars(probs, tokens, ax=right, title="softmax(scores): weights, sum = 1", decimals=5)
    right.set_ylim(0, 0.62)
    fig.suptitle("softmax: from any real scores to probabilities")
    fig.tight_layout()
    return fig


FIGURES: dict[str, Callable[[], Figure]] = {
    "all_words_mixed.png": draw_all_words_mixed,
    "embedding_space_2d.png": draw_embedding_space,
    "softmax.png": draw_softmax,
}


def save_figure(fig: Figure, path: Path) -> Path:
    """Write a figure as a PNG with no timestamp or software metadata; return the path."""
    import matplotlib.pyplot as plt

    fig.savefig(path, dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return path


def build_all(outdir: str | Path = "images") -> list[Path]:
    """Render every figure in FIGURES into outdir and return the written paths."""
    import matplotlib

    matplotlib.use("Agg")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    return [save_figure(draw(), out / name) for name, draw in FIGURES.items()]


if __name__ == "__main__":  # pragma: no cover
    for written in build_all(sys.argv[1] if len(sys.argv) > 1 else "images"):
        print(written)
