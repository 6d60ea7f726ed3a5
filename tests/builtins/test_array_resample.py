"""ArrayResample (wlnet.builtins.array_resample): dimension specs, the "Point" and "Bin"
schemes, resampling methods, padding, antialiasing, exact/symbolic/machine arrays."""

import numpy as np
import pytest

from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("array_resample"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text, expected", [
    # "Point": the ends coincide
    ("ArrayResample[{1, 2, 3}, 5]", "{1, 3/2, 2, 5/2, 3}"),
    ("ArrayResample[{1, 2, 3, 4}, 2]", "{1, 4}"),
    ("ArrayResample[{1, 2, 3, 4}, Scaled[1/2]]", "{1, 4}"),
    ("ArrayResample[{{1, 2}, {3, 4}}, {3, 3}]", "{{1, 3/2, 2}, {2, 5/2, 3}, {3, 7/2, 4}}"),
    ("ArrayResample[{{1, 2}, {3, 4}}, 3]", "{{1, 3/2, 2}, {2, 5/2, 3}, {3, 7/2, 4}}"),
    ("ArrayResample[{{1, 2}, {3, 4}, {5, 6}}, {5}]",            # {n}: the rest All
     "{{1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}}"),
    # "Bin": samples at the bins' centres (or alignment), the end element beyond the ends
    ('ArrayResample[{1, 2, 3, 4}, 2, "Bin"]', "{3/2, 7/2}"),
    ('ArrayResample[{1, 2, 3, 4}, 8, "Bin"]', "{1, 5/4, 7/4, 9/4, 11/4, 13/4, 15/4, 4}"),
    ('ArrayResample[{1, 2, 3, 4}, 8, {"Bin", Left}]', "{1, 3/2, 2, 5/2, 3, 7/2, 4, 4}"),
    # padding and methods
    ('ArrayResample[{1, 2, 3, 4}, 8, "Bin", Padding -> 0]',
     "{3/4, 5/4, 7/4, 9/4, 11/4, 13/4, 15/4, 3}"),
    ('ArrayResample[{1, 2, 3, 4}, 8, "Bin", Padding -> "Periodic"]',
     "{7/4, 5/4, 7/4, 9/4, 11/4, 13/4, 15/4, 13/4}"),
    ('ArrayResample[{1, 2, 3, 4}, 6, Resampling -> "Nearest"]', "{1, 2, 2, 3, 3, 4}"),
    # symbolic and arbitrary-precision arrays
    ("ArrayResample[{a, b, c}, 5]", "{a, a/2 + b/2, b, b/2 + c/2, c}"),
    ("Precision /@ ArrayResample[{1.5`20, 2, 3}, 3]", "{20., 20., 20.}"),
    ("ArrayResample[{1., 2., 3.}, 5]", "{1., 1.5, 2., 2.5, 3.}"),
    ("Dimensions[ArrayResample[RandomReal[1, {10, 20}], {5, Automatic}]]", "{5, 10}"),
])
def test_array_resample(session, text, expected):
    session.messages.clear()
    assert output_form(session.evaluate(text)) == expected
    assert not session.messages, session.messages


def test_methods_agree_between_exact_and_machine_arrays(session):
    for method in ("Linear", "Nearest", "Cubic"):
        exact = np.array(to_python(session.evaluate(
            f'N[ArrayResample[{{1, 5, 2, 8, 3}}, 7, "Bin", Resampling -> "{method}"]]')), float)
        machine = np.array(to_python(session.evaluate(
            f'ArrayResample[{{1., 5., 2., 8., 3.}}, 7, "Bin", Resampling -> "{method}"]')), float)
        assert np.allclose(exact, machine), method
    lanczos = np.array(to_python(session.evaluate(
        'ArrayResample[{1., 2., 3., 4., 5.}, 9, Resampling -> "Lanczos"]')), float)
    assert np.allclose(lanczos[::2], [1, 2, 3, 4, 5])           # it interpolates


def test_every_resampling_method_of_the_option(session):
    # "Cubic" is the interpolating cubic spline (as ImageResize's), not Keys' cubic
    cubic = np.array(to_python(session.evaluate(
        'ArrayResample[{1., 5., 2., 8., 3.}, 9, Resampling -> "Cubic"]')), float)
    keys = np.array(to_python(session.evaluate(
        'ArrayResample[{1., 5., 2., 8., 3.}, 9, Resampling -> {"Keys", -0.5}]')), float)
    assert np.allclose(cubic[::2], [1, 5, 2, 8, 3]) and np.allclose(keys[::2], [1, 5, 2, 8, 3])
    assert np.allclose(keys[1::2], [3.1875, 3.375, 5.125, 5.875])   # Keys' weights -1/16, 9/16
    assert not np.allclose(cubic, keys, atol=1e-3)
    # a spline reproduces the polynomials of its degree (away from the padded ends)
    ramp = np.array(to_python(session.evaluate(
        'ArrayResample[N[Range[0, 60]^2], 121, Resampling -> "Quintic"]')), float)
    np.testing.assert_allclose(ramp[50:71], (np.arange(50, 71) / 2) ** 2, rtol=1e-6)
    # a smoothing B-spline does not pass through the samples
    smooth = to_python(session.evaluate('ArrayResample[{0., 1., 0.}, 5, '
                                        'Resampling -> {"BSpline", 3}]'))
    assert smooth[2] < 1


def test_a_symbolic_array_by_a_spline_has_no_rounding_dust(session):
    assert output_form(session.evaluate('ArrayResample[{a, b}, 3, Resampling -> "Cubic"]')) \
        == "{1. a, 0.5 a + 0.5 b, 1. b}"


def test_antialiasing_averages_what_an_output_bin_covers(session):
    got = np.array(to_python(session.evaluate(
        'ArrayResample[{0, 0, 0, 8., 0, 0, 0, 0}, 4, "Bin", Antialiasing -> True]')), float)
    assert got.sum() == pytest.approx(4.0) and got[0] == 0 and got[1] > got[2] > 0
    plain = to_python(session.evaluate('ArrayResample[{0, 0, 0, 8., 0, 0, 0, 0}, 4, "Bin"]'))
    assert sum(plain) == pytest.approx(4.0)


@pytest.mark.parametrize("text, tag", [
    ("ArrayResample[{1, 2, 3}, x]", "ArrayResample::dspec"),
    ("ArrayResample[{1, 2, 3}, {2, 2}]", "ArrayResample::dspec"),
    ('ArrayResample[{1, 2, 3}, 5, "Foo"]', "ArrayResample::scheme"),
    ('ArrayResample[{1, 2, 3}, 5, Resampling -> "Foo"]', "ArrayResample::resamp"),
    ('ArrayResample[{1, 2, 3}, 5, Resampling -> {"Lanczos", 0}]', "ArrayResample::resamp"),
    ('ArrayResample[{1, 2, 3}, 5, Padding -> "Foo"]', "ArrayResample::padding"),
    ("ArrayResample[x, 5]", "ArrayResample::array"),
    # an unknown option was dropped; DataRange gives a subrange's coordinates
    ("ArrayResample[{1, 2, 3}, 5, Foo -> 1]", "ArrayResample::optx"),
    ("ArrayResample[{1, 2, 3}, 5, DataRange -> {{0, 1}}]", "ArrayResample::subrange"),
])
def test_messages(session, text, tag):
    session.messages.clear()
    assert session.evaluate(text).head.name == "ArrayResample"
    assert [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0]
            for m in session.messages] == [tag]
