"""tools/bench_gpt_goal.py: notebook 12's training timed to its goal, and the --longer models (#26). Training itself
is left to make benchmark; these check that the bench trains what the notebook trains."""

import json

import bench_gpt_goal
import pytest
from _common import ROOT

import attnlib as al


def test_the_bench_times_the_notebooks_own_block():
    notebook = json.loads((ROOT / "notebooks" / "12_a_tiny_gpt.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    sizes = eval(code.split("SIZES = ", 1)[1].split("\n", 1)[0].split("#")[0], {"vocab_size": 65})  # the literal
    assert "al.gpt_init_params(**SIZES, n_heads=4, seed=0)" in code, "the full block has 4 heads"
    assert {**sizes, "n_heads": 4} == {"vocab_size": 65, **bench_gpt_goal.NOTEBOOK}
    assert "steps=750, batch_size=32, lr=0.003" in code, "the bench trains 750 steps at batch 32, lr 0.003"


@pytest.mark.parametrize("name", list(bench_gpt_goal.LONGER))
def test_the_longer_models_are_valid_and_bigger_or_longer(name):
    sizes, steps, every = bench_gpt_goal.LONGER[name]
    params = al.gpt_init_params(65, **sizes, seed=0)
    assert steps % every == 0 and steps > 1500 and al.gpt_n_params(params) >= 62_272


def test_longer_is_only_on_request():
    assert not bench_gpt_goal.parse([]).longer and bench_gpt_goal.parse(["--longer"]).longer
