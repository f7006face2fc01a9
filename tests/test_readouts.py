"""attnlib.viz.readouts: what each widget shows (describe_*) and the computations behind it, checked without
a widget; clear errors for bad input (warnings are errors). The widgets themselves: test_widgets.py."""

import numpy as np
import pytest

import attnlib as al
from attnlib.viz import readouts

pytestmark = pytest.mark.filterwarnings("error")


def test_describe_softmax_matches_softmax():
    html = readouts.describe_softmax([-2, 8, 8], ["love", "Apple", "phones"])
    assert "0.00002" in html and "0.49999" in html and "sum = 1.00000" in html


def test_describe_mix_matches_tech_fruit_split():
    html = readouts.describe_mix([0.1, 0.5, 0.4], "love apple juice", 1)
    assert "Tech 30% / Fruit 70%" in html and "apple' = 0.10·love + 0.50·apple + 0.40·juice" in html


def test_contextualize_is_parameter_free_attention():
    tokens, w, new = readouts.contextualize("love apple phones", "2d")
    x = al.embed("love apple phones", "2d").vectors
    np.testing.assert_allclose(w[1], al.softmax([-2, 8, 8]))
    np.testing.assert_allclose(new, w @ x)


def test_zero_length_vector_message():
    assert "Length 0" in readouts.describe_vector_pair(30, 0)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: readouts.heads_weights(n_heads=3), ValueError, r"n_heads"),
        (lambda: readouts.heads_weights(query_key_gain="4"), TypeError, r"query_key_gain must be a number, got str"),
        (
            lambda: readouts.contextualize("I love laptops"),
            ValueError,
            r"'laptops' is not one of the 15 words the features table knows",
        ),
    ],
)
def test_widget_maths_refuses_bad_input_clearly(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_widget_maths_is_finite_at_the_extremes():
    _, weights, new = readouts.contextualize("I love Apple phones", scale=1e300)
    assert np.isfinite(weights).all() and np.isfinite(new).all()
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0)
