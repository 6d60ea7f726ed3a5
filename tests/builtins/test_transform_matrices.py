"""RotationMatrix, ScalingMatrix, ReflectionMatrix (wlnet/builtins/transform_matrices.py)."""

import numpy as np
import pytest

from tests.builtins._support import (
    Runner, check_example, declared_examples, differential_table)
from wlnet.core.expr import to_python

CASES = [
    ("RotationMatrix[t]", "{{Cos[t], -Sin[t]}, {Sin[t], Cos[t]}}"),
    ("RotationMatrix[Pi/2]", "{{0, -1}, {1, 0}}"),
    ("RotationMatrix[2 Pi/3, {1, 1, 1}]", "{{0, 0, 1}, {1, 0, 0}, {0, 1, 0}}"),
    ("RotationMatrix[{{1, 0}, {1, 1}}]", "{{1/Sqrt[2], -(1/Sqrt[2])}, {1/Sqrt[2], 1/Sqrt[2]}}"),
    ("RotationMatrix[{{1, 0, 0}, {0, 1, 0}}]", "{{0, -1, 0}, {1, 0, 0}, {0, 0, 1}}"),
    ("RotationMatrix[{{1, 0, 0}, {2, 0, 0}}]", "RotationMatrix[{{1, 0, 0}, {2, 0, 0}}]"),
    ("ScalingMatrix[{2, 3}]", "{{2, 0}, {0, 3}}"),
    ("ScalingMatrix[3, {0, 1}]", "{{1, 0}, {0, 3}}"),
    ("ReflectionMatrix[{0, 1}]", "{{1, 0}, {0, -1}}"),
    ("ReflectionMatrix[{1, 1, 0}]", "{{0, -1, 0}, {-1, 0, 0}, {0, 0, 1}}"),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = \
    differential_table(CASES, "transform_matrices")


@pytest.mark.parametrize("name,text,expected", declared_examples("transform_matrices"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_rotations_are_orthogonal_and_take_u_to_v():
    runner = Runner()
    r = np.array(to_python(runner.run("RotationMatrix[0.7, {1., -2., 0.5}]")), dtype=float)
    np.testing.assert_allclose(r @ r.T, np.eye(3), atol=1e-12)
    assert np.linalg.det(r) == pytest.approx(1)
    np.testing.assert_allclose(r @ np.array([1., -2., 0.5]), [1., -2., 0.5], atol=1e-12)
    m = np.array(to_python(runner.run("N[RotationMatrix[{{1, 2, 3}, {-2, 1, 1}}]]")), dtype=float)
    u, v = np.array([1, 2, 3.]), np.array([-2, 1, 1.])
    np.testing.assert_allclose(m @ u / np.linalg.norm(u), v / np.linalg.norm(v), atol=1e-12)
