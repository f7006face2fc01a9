"""Notebook 12's tiny GPT in one place, for use outside the lessons: `import attnlib.gpt as gpt`.

The same functions the lessons call as al.gpt_init_params, al.gpt_forward, ... (attnlib.models.gpt and
attnlib.models.gpt_train), under their own short names:

    params = gpt.init_params(vocab_size, d_model, n_heads, n_layers, context, seed=0)
    logits = gpt.forward(params, tokens)                     # tokens (B, n) -> logits (B, n, vocab_size)
    loss, grads = gpt.loss_and_gradients(params, windows)     # windows (B, n + 1): inputs and their next ids
    run = gpt.train(params, train_ids, val_ids, steps=1500)   # Adam; run.params, run.train_loss, run.val_loss
    ids = gpt.sample(params, prompt_ids, 200, temperature=0.8, top_k=None, seed=0)
"""

from __future__ import annotations

from .models.gpt import PIECES, forward, init_params, loss_and_gradients, n_params, sample
from .models.gpt_train import GPTRun, evaluate
from .models.gpt_train import train_gpt as train

__all__ = [
    "PIECES",
    "GPTRun",
    "evaluate",
    "forward",
    "init_params",
    "loss_and_gradients",
    "n_params",
    "sample",
    "train",
]
