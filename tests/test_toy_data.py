"""attnlib.data.toy: the guide's toy data (vocabulary and features, 2-D vectors, cat/sat/mat), embed, lookup
and tokenize, tech_fruit_split and format_profiles; clear errors for bad input (warnings are errors)."""

import numpy as np
import pytest

import attnlib as al

pytestmark = pytest.mark.filterwarnings("error")


def test_apple_is_half_tech_half_fruit_in_both_sentences():
    assert al.tech_fruit_split(al.lookup("Apple")) == (0.5, 0.5)
    phones = al.embed("I love Apple phones")
    juice = al.embed("I love apple juice")
    np.testing.assert_array_equal(phones.vectors[2], juice.vectors[2])


@pytest.mark.parametrize(("context", "tech"), [("phones", 0.70), ("juice", 0.30)])
def test_guide_mixing_shares(context, tech):
    vectors = al.embed(f"love apple {context}").vectors
    mixed = al.weighted_sum([0.1, 0.5, 0.4], vectors)
    assert al.tech_fruit_split(mixed)[0] == pytest.approx(tech, abs=0.01)


def test_guide_2d_vectors():
    assert al.VECTORS_2D["apple"] == (2.0, 2.0)
    assert al.VECTORS_2D["phones"] == (2.0, 2.0)
    assert al.VECTORS_2D["love"] == (-4.0, 3.0)
    assert al.VECTORS_2D["juice"] == (4.0, 0.0)
    assert al.CAT_SAT_MAT == {"cat": (1.0, 2.0), "sat": (3.0, 1.0), "mat": (2.0, 3.0)}


def test_embed_tokens_and_shape():
    e = al.embed("The bank, by the river!")
    assert e.tokens == ["The", "bank", "by", "the", "river"]
    assert e.vectors.shape == (5, len(al.FEATURES))


def test_embed_list_and_custom_table():
    e = al.embed(["x", "Y"], table={"x": [1, 0], "y": [0, 1]})
    np.testing.assert_array_equal(e.vectors, np.eye(2))


def test_guide_words_are_known():
    for word in ["light", "Apple", "phones", "juice", "love", "watch", "bank", "river", "money", "I"]:
        assert al.lookup(word).shape == (len(al.FEATURES),)


def test_unknown_word_lists_known_words():
    with pytest.raises(ValueError, match=r"'bananas' is not one of the 15 words the features table knows: apple, bank"):
        al.embed("I love bananas")


def test_unknown_table():
    with pytest.raises(
        ValueError, match=r"table must be one of \['2d', 'cat_sat_mat', 'features'\] or a dict; got 'x'"
    ):
        al.embed("cat", table="x")


def test_empty_sentence():
    with pytest.raises(ValueError, match=r"sentence has no words: '  !'"):
        al.embed("  !")


def test_sentence_type():
    with pytest.raises(TypeError, match=r"sentence must be a string, got int"):
        al.tokenize(3)


def test_tech_fruit_split_errors():
    with pytest.raises(ValueError, match=r"vector must have 8 features"):
        al.tech_fruit_split([1.0, 2.0])
    with pytest.raises(ValueError, match=r"not both 0"):
        al.tech_fruit_split(np.zeros(8))


def test_format_profiles_table():
    text = al.format_profiles(al.embed("love Apple").vectors, ["love", "Apple"])
    lines = text.splitlines()
    assert lines[0].split() == list(al.FEATURES)
    assert lines[2].split() == ["Apple", "0.50", "0.50", "0.30", "0.50", "0.30", "0.40", "0.20", "0.00"]
    assert len({len(line) for line in lines}) == 1  # aligned columns
    with pytest.raises(ValueError, match=r"vectors must have shape \(1, 8\) for 1 labels and 8 features; got \(2, 8\)"):
        al.format_profiles(al.embed("love Apple").vectors, ["love"])


def test_known_words_and_custom_table():
    assert al.known_words("cat_sat_mat") == ["cat", "mat", "sat"]
    assert al.known_words({"X": [1.0]}) == ["x"]


def test_tech_fruit_split_does_not_overflow():
    assert al.tech_fruit_split([1e308, 1e308, 0, 0, 0, 0, 0, 0]) == (0.5, 0.5)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: al.embed("cat", table=[1, 2]), TypeError, r"table must be a table name or a non-empty dict"),
        (lambda: al.lookup(3), TypeError, r"word must be a string, got int"),
        (lambda: al.embed([]), ValueError, r"sentence has no words"),
    ],
)
def test_error_names_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda bad: al.format_profiles(np.ones(8), ["a"], decimals=bad),
            TypeError,
            r"decimals must be a whole number >= 0",
        )
    ],
)
@pytest.mark.parametrize("bad", ["2", None, [2]])
def test_wrong_type_names_the_argument(call, error, message, bad):
    with pytest.raises(error, match=message):
        call(bad)
