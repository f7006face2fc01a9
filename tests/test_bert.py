"""attnlib.models.bert: Φ (the normal CDF behind the exact GELU) to the issue's accuracy, and GELU in float32."""

import math

import numpy as np

from attnlib.models import bert as _bert


def test_normal_cdf_is_accurate_to_5e_8_so_erf_to_1e_7():
    """GELU's Φ(x) = ½ (1 + erf(x / √2)): within 5e-8 of Φ is erf within 1e-7, the issue's bar."""
    x = np.concatenate([np.linspace(-12, 12, 400_001), [0.0, 1e-30, -1e-8, 7.99999, 8.0, 8.00001, 50.0, -50.0]])
    exact = np.array([0.5 * math.erfc(-v / math.sqrt(2)) for v in x])
    assert np.abs(_bert.normal_cdf(x) - exact).max() <= 5e-8
    x32 = x.astype(np.float32)
    got = _bert.normal_cdf(x32)
    assert got.dtype == np.float32
    assert (
        np.abs(got.astype(np.float64) - [0.5 * math.erfc(-v / math.sqrt(2)) for v in x32.astype(np.float64)]).max()
        <= 5e-8
    )
    np.testing.assert_allclose(_bert.normal_cdf(-x) + _bert.normal_cdf(x), 1.0, rtol=0, atol=1e-7)  # Φ(-x) = 1 - Φ(x)
    assert _bert.normal_cdf(np.float16(1.0)).dtype == np.float16 and _bert.normal_cdf(np.arange(3)).dtype == np.float64
    assert np.isnan(_bert.normal_cdf(np.array([np.nan], dtype=np.float32))).all()


def test_gelu_is_the_exact_erf_form_in_float32():
    x = np.linspace(-6, 6, 2001).astype(np.float32)
    exact = [v * 0.5 * (1 + math.erf(v / math.sqrt(2))) for v in x.astype(np.float64)]
    got = _bert.gelu(x)
    assert got.dtype == np.float32 and np.abs(got - exact).max() <= 1e-6
    assert (np.abs(got - exact) / np.maximum(1.0, np.abs(x))).max() <= 1.5e-7  # a float32 rounding or two
