"""Findings of the session-6 review: fnp.sigmoid's new tail-accurate form.

Each test asserts what fnp.sigmoid's docstring promises ("the logistic sigmoid
1 / (1 + exp(-x))", "accurate in both tails, as scipy.special.expit is") at an
input where fad currently does something else.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special

import fad
import fad.numpy as fnp


# --- integer and boolean inputs ----------------------------------------------------
#
# fnp.sigmoid forms -|x| in the input's own dtype before any conversion to a
# float. For an unsigned dtype -|x| wraps round to a large positive number, so
# exp(-|x|) overflows and the value is 0 (sigmoid(uint8 5) is 0, not 0.993);
# for bool, NumPy refuses unary minus. Before session 6 (0.5 * (tanh(0.5 x) + 1))
# both gave the right values, as scipy.special.expit does.


@pytest.mark.parametrize("dt", [np.uint8, np.uint16, np.uint32, np.uint64])
def test_sigmoid_of_unsigned_integers_is_the_logistic_function(dt: type) -> None:
    x = np.array([0, 1, 5, 200], dt)
    got = np.asarray(fnp.sigmoid(x), np.float64)
    want = scipy.special.expit(x.astype(np.float64))
    # float16 is what NumPy's ufuncs give uint8; allow its rounding
    np.testing.assert_allclose(got, want, rtol=2e-3)


def test_sigmoid_of_booleans_is_the_logistic_function() -> None:
    x = np.array([True, False])
    got = np.asarray(fnp.sigmoid(x), np.float64)
    np.testing.assert_allclose(got, scipy.special.expit([1.0, 0.0]), rtol=2e-3)


# --- complex inputs ------------------------------------------------------------------
#
# Complex values keep the old 0.5 (tanh(x / 2) + 1) form, which rounds to 0 for
# Re x < -37 (and the slope y * sigmoid(-x) to 0 for Re x > 37): at a real value
# stored as complex the result differs from the real one fnp.sigmoid itself gives
# (4.2e-18 at -40), which the docstring states without restricting it to real x.
# e^z / (1 + e^z) for Re z < 0 is accurate there.


def test_complex_sigmoid_in_the_left_tail_matches_the_real_one() -> None:
    z = np.array([-40.0 + 0.0j, -40.0 + 1.0j, -60.0 - 0.5j])
    got = fnp.sigmoid(z)
    want = np.exp(z) / (1 + np.exp(z))
    np.testing.assert_allclose(got, want, rtol=1e-12)
    assert got[0].real == pytest.approx(float(fnp.sigmoid(-40.0)), rel=1e-12)


def test_complex_sigmoid_slope_in_the_right_tail() -> None:
    z = np.array([40.0 + 0.0j, 40.0 + 1.0j])
    _, slope = fad.jvp(fnp.sigmoid)((z,), (np.ones_like(z),))
    e = np.exp(-z)
    want = e / (1 + e) ** 2  # sigmoid(z) sigmoid(-z)
    np.testing.assert_allclose(slope, want, rtol=1e-12)
