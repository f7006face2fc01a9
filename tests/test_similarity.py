"""attnlib.maths.similarity: the guide's dot products, cosine and distance, their matrices, the extremes,
polar_to_xy and compare_vectors (notebook 03's widget), and clear errors for bad input (warnings are errors)."""

import numpy as np
import pytest

import attnlib as al

pytestmark = pytest.mark.filterwarnings("error")


def v2(word):
    return al.lookup(word, "2d")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("apple", "phones", 8.0), ("apple", "love", -2.0), ("apple", "juice", 8.0), ("apple", "apple", 8.0)],
)
def test_guide_dot_products(a, b, expected):
    assert al.dot_similarity(v2(a), v2(b)) == expected


def test_cosine_and_distance_tell_phones_and_juice_apart():
    # same dot product (8) with Apple, but phones sits on Apple and juice does not
    assert al.cosine_similarity(v2("apple"), v2("phones")) == pytest.approx(1.0)
    assert al.cosine_similarity(v2("apple"), v2("juice")) == pytest.approx(np.sqrt(0.5))
    assert al.euclidean_distance(v2("apple"), v2("phones")) == 0.0
    assert al.euclidean_distance(v2("apple"), v2("juice")) == pytest.approx(np.sqrt(8))


def test_similarity_matrix_matches_loop_and_is_symmetric():
    x = al.embed("cat sat mat", "cat_sat_mat").vectors
    s = al.dot_similarity_matrix(x)
    loop = [[sum(a * b for a, b in zip(x[i], x[j])) for j in range(3)] for i in range(3)]
    np.testing.assert_array_equal(s, loop)
    np.testing.assert_array_equal(s, s.T)
    np.testing.assert_array_equal(s, [[5, 5, 8], [5, 10, 9], [8, 9, 13]])


def test_matrix_with_second_argument_and_batch():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4))
    s = al.dot_similarity_matrix(x, y)
    assert s.shape == (2, 3, 5)
    np.testing.assert_allclose(s[1, 2, 4], x[1, 2] @ y[1, 4])


def test_cosine_matrix_and_distance_matrix():
    x = al.embed("love apple juice", "2d").vectors
    c = al.cosine_similarity_matrix(x)
    np.testing.assert_allclose(np.diag(c), 1.0)
    np.testing.assert_allclose(c[1, 2], al.cosine_similarity(x[1], x[2]))
    d = al.euclidean_distance_matrix(x)
    np.testing.assert_allclose(d[0, 2], al.euclidean_distance(x[0], x[2]))
    np.testing.assert_allclose(np.diag(d), 0.0)


def test_float32_kept():
    x = np.ones((2, 3), dtype=np.float32)
    assert al.dot_similarity_matrix(x).dtype == np.float32
    assert al.cosine_similarity_matrix(x).dtype == np.float32


def test_length_mismatch():
    with pytest.raises(
        ValueError, match=r"a and b must have the same length; got a of shape \(2,\) and b of shape \(3,\)"
    ):
        al.dot_similarity([1, 2], [1, 2, 3])


def test_pair_needs_vectors():
    with pytest.raises(ValueError, match=r"a must be a 1-D vector \(d,\); got shape \(2, 2\) \(2-D\)"):
        al.dot_similarity([[1, 2], [3, 4]], [1, 2])


def test_zero_vector_cosine():
    with pytest.raises(ValueError, match=r"b has a zero-length vector; cosine similarity is undefined"):
        al.cosine_similarity([1, 2], [0, 0])


def test_zero_row_cosine_matrix():
    with pytest.raises(ValueError, match=r"x has a zero-length vector \(row 1\)"):
        al.cosine_similarity_matrix([[1, 2], [0, 0]])


def test_matrix_d_mismatch():
    with pytest.raises(
        ValueError, match=r"x and y must have the same vector length d .*x of shape \(2, 2\) and y of shape \(2, 3\)"
    ):
        al.dot_similarity_matrix(np.ones((2, 2)), np.ones((2, 3)))


def test_matrix_needs_2d():
    with pytest.raises(
        ValueError, match=r"x must have at least 2 dimensions \(n, d\): one row per word; got shape \(3,\)"
    ):
        al.dot_similarity_matrix([1, 2, 3])


def test_ragged_list():
    with pytest.raises(ValueError, match=r"x must be a rectangular array of numbers"):
        al.dot_similarity_matrix([[1, 2], [3]])


def test_string_input():
    with pytest.raises(TypeError, match=r"a must be an array of numbers, got str"):
        al.dot_similarity("apple", [1, 2])


def test_nan_input():
    with pytest.raises(ValueError, match=r"y contains NaN at index \(0, 1\)"):
        al.dot_similarity_matrix([[1.0, 2.0]], [[1.0, np.nan]])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda q, k: al.dot_similarity_matrix(q, k), r"x and y have leading \(batch\) dimensions"),
        (lambda q, k: al.cosine_similarity_matrix(q, k), r"x and y have leading \(batch\) dimensions"),
        (lambda q, k: al.euclidean_distance_matrix(q, k), r"x and y have leading \(batch\) dimensions"),
    ],
)
def test_batch_mismatch_is_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call(np.ones((2, 3, 4)), np.ones((5, 3, 4)))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: al.dot_similarity_matrix(np.ones((2, 2, 3)), np.ones((3, 2, 3))),
            ValueError,
            r"x and y have leading \(batch\) dimensions that do not broadcast",
        )
    ],
)
def test_error_names_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- extremes: a correct finite result, or a clear error ---------------------------------------------


def test_similarity_extremes():
    big = np.array([1e200, 1e200])
    assert al.cosine_similarity(big, big * 2) == pytest.approx(1.0)
    assert al.cosine_similarity([1e-200, 0.0], [0.0, 1e-200]) == 0.0  # tiny, not zero-length
    assert al.euclidean_distance([1e-200, 0.0], [0.0, 0.0]) == pytest.approx(1e-200)
    assert al.euclidean_distance([1e300, 0.0], [-1e300, 0.0]) == pytest.approx(2e300)
    np.testing.assert_allclose(
        al.cosine_similarity_matrix([[1e300, 1e300], [-1e300, 1e300]]), [[1, 0], [0, 1]], atol=1e-15
    )
    d = al.euclidean_distance_matrix(np.array([[3e38, 0.0]], dtype=np.float32), np.zeros((1, 2), np.float32))
    assert d.dtype == np.float32 and d[0, 0] == np.float32(3e38)
    with pytest.raises(ValueError, match=r"a · b is too large for float64"):
        al.dot_similarity([1e200], [1e200])
    with pytest.raises(ValueError, match=r"the distance \|a - b\| is too large for float64"):
        al.euclidean_distance([1.7e308], [-1.7e308])
    with pytest.raises(ValueError, match=r"a dot product x\[i\] · y\[j\] is too large for float32"):
        al.dot_similarity_matrix(np.full((1, 2), 1e20, np.float32))


# --- polar_to_xy and compare_vectors: the maths behind notebook 03's widget -----------------------------


def test_polar_and_compare_vectors():
    np.testing.assert_allclose(al.polar_to_xy(90, 2), [0, 2], atol=1e-12)
    m = al.compare_vectors([2, 2], [4, 0])
    assert m == pytest.approx({"dot": 8.0, "cosine": np.sqrt(0.5), "distance": np.sqrt(8)})


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: al.polar_to_xy("45", 2), TypeError, r"angle_degrees must be a number, got str"),
        (lambda: al.polar_to_xy(45, [2]), TypeError, r"length must be a number, got list"),
        (lambda: al.compare_vectors([1, 2], [1, 2, 3]), ValueError, r"\(2,\).*\(3,\)|must have the same"),
    ],
)
def test_widget_maths_refuses_bad_input_clearly(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_widget_maths_takes_0d_arrays_and_numpy_scalars():
    np.testing.assert_allclose(al.polar_to_xy(np.array(90.0), np.float32(2)), [0, 2], atol=1e-12)


def test_widget_maths_is_finite_at_the_extremes():
    assert np.isfinite(al.polar_to_xy(1e6, 1e300)).all()
