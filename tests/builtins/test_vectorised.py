"""The numpy forms of builtins on packed arrays (wlnet.builtins.vectorised) against the
element-by-element evaluation of the same expression on the unpacked list: the same result
and the same messages.  Total and Mean add machine numbers the same way packed or not
(numpy's pairwise order): they are compared exactly, like everything else but Dot (BLAS
orders its sums its own way), which is compared to 1e-12 relative."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wlnet.core.expr import Expr, to_python
from wlnet.core.packed import is_packed, pack, packed_array, to_packed
from wlnet.core.session import Session
from wlnet.syntax.printer import input_form

# templates: % is the array
EXACT = [
    "% + 1", "% - 2.5", "2 %", "% + %", "% %", "% - %", "-%", "%/3", "%/2.", "1/%",
    "%^2", "%^3", "%^-1", "%^0.5", "%^1.5", "2^%", "2.5^%", "Sqrt[%]",
    "Sin[%]", "Cos[%]", "Tan[%]", "Tanh[%]", "ArcTan[%]", "Log[%]", "Abs[%]", "N[%]",
    "Accumulate[%]", "Differences[%]", "Differences[%, 2]", "Transpose[%]", "Reverse[%]",
    "Flatten[%]", "Sort[%]", "Ordering[%]", "Max[%]", "Min[%]", "Max[%, %]",
    "%[[1]]", "%[[-1]]", "%[[All, 1]]", "%[[2 ;;]]", "%[[;; ;; 2]]", "%[[{1, 1}]]",
    "%[[{-1, 1}, 1]]", "%[[1, 2]]", "%[[9]]", "Take[%, 2]", "Take[%, -1]", "Take[%, {2, 3}]",
    "Drop[%, 1]", "Drop[%, -2]", "Join[%, %]", "Partition[%, 2]", "Dimensions[%]",
    "Length[%]", "Total[% - %]", "Map[Sin, %]", "% + {1, 2}",
    "Total[%, {2}]", "Map[Total, %]", "Map[Max, %]", "Map[Length, %]", "Map[#^2 + 1 &, %]",
    "Map[1/# &, %]", "Map[Function[y, Sin[y] + y], %]", "Select[%, EvenQ]",
    "Select[%, Positive]", "Select[%, # > 0.5 &]", "Select[%, 2 <= # &]", "Tally[%]",
    "Counts[%]", "Outer[Times, %, %]", "Outer[Plus, %, %]", "Clip[%]", "Clip[%, {-5, 5}]",
    "Clip[%, {-5., 5.}]", "Rescale[%]", "Variance[%]", "StandardDeviation[%]",
    "Total[%]", "Mean[%]", "Total[%, 2]", "Standardize[%]",
    "Round[%]", "Floor[%]", "Ceiling[%]", "IntegerPart[%]", "Round[%, 0.1]", "Floor[%, 0.5]",
    "Round[%, 2]", "Ceiling[%, 3]", "Round[%, -0.25]", "Norm[%]", "Normalize[%]",
    "Map[Norm, %]", "Map[Normalize, %]", "Rescale[%, {-3., 7.}, {0, 10}]",
    "Rescale[%, {0., 1.}, {-1., 1.}]", "Plus @@@ %", "Apply[Max, %, {1}]", "Min @@@ %",
    "List @@@ %", "MapThread[Plus, {%, %}]", "MapThread[Times, {%, 2 %}]",
    "Select[%, #[[1]] > 0.5 &]", "Select[%, 0 <= #[[-1]] && #[[1]] < 3 &]",
    "Select[%, #[[2]] == 0 || Negative[#[[1]]] &]", "Select[%, #[[9]] > 0 &]",
    "Transpose[{%, 2 %}]",
    # pure functions of a row's entries, mapped and as Select tests, over the columns
    "Map[#[[1]]^2 + #[[2]]^2 &, %]", "Map[#[[-1]] - 2 #[[1]] &, %]", "Map[# #[[1]] &, %]",
    "Map[Sin[#[[2]]] + 1 &, %]", "Map[#[[1]]/#[[2]] &, %]", "Select[%, Norm[#] < 10 &]",
    "Select[%, #[[1]]^2 + #[[2]]^2 < 100 &]", "Select[%, 0 <= #[[1]] - #[[-1]] &]",
    # pure functions of a row's entries applied to the rows (f @@@ m), and list bodies
    "(#1 + #2^2 &) @@@ %", "Function[{x, y}, Sqrt[x^2 + y^2]] @@@ %", "{#2, #1^2} & @@@ %",
    "Apply[#1 #2 &, %, {1}]", "(#1 - #9 &) @@@ %", "Map[{#[[2]], #[[1]] + 1} &, %]",
    "Map[{#[[1]], 2} &, %]", "Sqrt[Abs[%]]", "Map[Sqrt[#[[1]]^2 + #[[-1]]^2] &, %]",
    # numeric constants beside machine reals (signal synthesis: Sin[2 Pi f t] Exp[-3 t])
    "Pi %", "2 Pi %", "0.7 Pi %", "Pi/3 %", "Pi + %", "Degree %", "Pi % %", "E Pi %",
    "2 Pi 440 % + 0.3", "Exp[%]", "E^%", "Exp[-3 %]", "%^Pi", "Sin[2 Pi %] Exp[-%]",
]
SUMS = ["% . %", "Transpose[%] . %", "% . Transpose[%]"]


def arrays():
    """Packable arrays of rank 1-3: integers, reals (zeros of both signs among them) and,
    less often, complex numbers."""
    dims = st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple)
    ints = st.integers(-30, 30)
    # no magnitudes whose products underflow: WL warns (General::munfl) for unpacked
    # arithmetic only, so the two paths rightly differ there
    reals = st.one_of(st.floats(-100, 100, allow_nan=False).filter(
        lambda x: x == 0 or abs(x) > 1e-100), st.sampled_from([0.0, -0.0, 1.0]))
    complexes = st.complex_numbers(max_magnitude=50, allow_nan=False, allow_infinity=False)

    def filled(shape, elements, dtype):
        n = int(np.prod(shape))
        return st.lists(elements, min_size=n, max_size=n).map(
            lambda xs: np.array(xs, dtype=dtype).reshape(shape))

    return dims.flatmap(lambda shape: st.one_of(
        filled(shape, ints, np.int64), filled(shape, reals, np.float64),
        filled(shape, complexes, np.complex128)))


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


def run(session, template, value):
    """The result and the messages of the template applied to ``value`` (held in a
    variable, so that the packed array is evaluated as it is)."""
    session.evaluator.definitions.set_own(
        __import__("wlnet.core.expr", fromlist=["Symbol"]).Symbol("pk$data"), value, False,
        evaluated=True)
    result = session.evaluate(template.replace("%", "pk$data"))
    return result, list(session.messages)


def unpacked(arr):
    return session_free_unpack(pack(arr))


def session_free_unpack(e):
    from wlnet.core.packed import unpack
    return unpack(e)


def numbers(e):
    """The numbers of a result (a number, or a packed or unpacked array of them) as numpy."""
    if type(e) is not Expr:
        return np.array(to_python(e)) if to_python(e) is not e else None
    return packed_array(to_packed(e, coerce=True))


def close(a, b) -> bool:
    x, y = numbers(a), numbers(b)
    if x is None or y is None or x.shape != y.shape:
        return False
    return bool(np.allclose(x, y, rtol=1e-12, atol=1e-12))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arr=arrays(), template=st.sampled_from(EXACT))
def test_vectorised_forms_give_the_element_path_result(session, arr, template):
    p = pack(arr)
    fast, fast_msgs = run(session, template, p)
    slow, slow_msgs = run(session, template, unpacked(arr))
    assert fast == slow, (template, input_form(p), input_form(fast), input_form(slow))
    assert fast_msgs == slow_msgs, template


FIXED_VECTOR_AND_MATRIX = [np.array([0.5, -1.25, 2.0, 3.5]), np.array([3, -1, 0, 7]),
                           np.array([[0.5, -1.25], [2.0, 3.5], [1.0, 0.25]])]


@pytest.mark.parametrize("template", EXACT)
def test_every_form_on_a_fixed_vector_and_matrix(session, template):
    """Every template, not only those hypothesis draws: on vectors (a row-entry form must
    leave them to the element path) and on a matrix."""
    for arr in FIXED_VECTOR_AND_MATRIX:
        p = pack(arr)
        fast, fast_msgs = run(session, template, p)
        slow, slow_msgs = run(session, template, unpacked(arr))
        assert fast == slow, (template, input_form(p), input_form(fast), input_form(slow))
        assert fast_msgs == slow_msgs, template


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arr=arrays(), template=st.sampled_from(SUMS))
def test_sums_agree_to_rounding(session, arr, template):
    fast, fast_msgs = run(session, template, pack(arr))
    slow, slow_msgs = run(session, template, unpacked(arr))
    assert fast_msgs == slow_msgs, template
    if arr.dtype.kind == "i" or fast == slow:
        assert fast == slow, template
    else:
        assert close(fast, slow), (template, input_form(fast), input_form(slow))


@pytest.mark.parametrize("source", [
    "Range[10]^2", "RandomReal[1, {4, 3}] + 1", "Sin[N[Range[5]]]", "Transpose[Partition[Range[6], 2]]",
    "Total[RandomReal[1, {5, 2}]]", "Range[6][[2 ;; 4]]", "Accumulate[Range[5]]",
    "Exp[-3 Range[0., 1., 0.25]]", "2 Pi 440 Range[0., 1., 0.25] + 0.3", "E^N[Range[3]]",
    # as WL packs them: Map's numbers from 100 elements on, ConstantArray of a list of
    # numbers (a from-scratch network's labels and bias rows)
    "Boole[Norm[#] < 0.7] & /@ RandomReal[1, {120, 2}]", "Norm /@ RandomReal[1, {100, 3}]",
    "ConstantArray[{0.}, 200]", "ConstantArray[{1, 2}, {3, 2}]",
])
def test_results_of_vectorised_forms_are_packed(session, source):
    assert is_packed(session.evaluate(source)), source


@pytest.mark.parametrize("source", [
    "Norm /@ RandomReal[1, {99, 3}]", "f /@ Range[200]", "ConstantArray[{x}, 3]",
])
def test_short_maps_and_symbolic_results_stay_unpacked(session, source):
    assert not is_packed(session.evaluate(source)), source


@pytest.mark.parametrize("source, expected, messages", [
    ("Range[3]/0", "{ComplexInfinity, ComplexInfinity, ComplexInfinity}", 1),
    ("1/(Range[3] - 2)", "{-1, ComplexInfinity, 1}", 1),
    ("Log[Range[3] - 1.]", None, 0),
    ("Range[2] + Range[3]", "Range[2] + Range[3]", 1),
    ("(2^62 + Range[3]) * 4", "{18446744073709551620, 18446744073709551624, "
                              "18446744073709551628}", 0),
])
def test_cases_left_to_the_element_path(session, source, expected, messages):
    got = session.evaluate(source)
    assert len(session.messages) == messages, session.messages
    if expected is not None:
        assert got == session.evaluate("Hold[" + expected + "]").args[0] or \
            got == session.evaluate(expected)


@pytest.mark.parametrize("template", ["Total[%]", "Mean[%]", "Accumulate[%]", "Total[%, 2]",
                                      "Map[Total, %]", "Total[%, {2}]"])
def test_long_sums_are_the_same_packed_or_not(session, template):
    # long enough for numpy's pairwise blocks (a plain left-to-right sum differs here)
    rng = np.random.default_rng(7)
    arr = rng.standard_normal((300, 7)) * 10.0 ** rng.integers(-8, 8, (300, 7))
    fast, _ = run(session, template, pack(arr))
    slow, _ = run(session, template, unpacked(arr))
    assert fast == slow, template
    if template == "Total[%]":                    # the one defined order: numpy's
        assert numbers(fast).tolist() == np.add.reduce(arr, axis=0).tolist()


NEW_FORMS = ["Round[%]", "Floor[%, 0.5]", "Round[%, 2]", "Round[%, 0.1]", "Norm[%]",
             "Normalize[%]", "Map[Norm, %]", "Map[Normalize, %]", "Rescale[%]",
             "Rescale[%, {-3., 7.}, {0, 10}]", "Standardize[%]", "Plus @@@ %",
             "Apply[Max, %, {1}]", "MapThread[Plus, {%, %}]", "MapThread[Times, {%, -%}]",
             "Select[%, #[[1]] > 0.5 &]", "Select[%, 0 <= #[[-1]] && #[[1]] < 3 &]",
             "Select[%, #[[2]] < 0 || #[[1]] > 2 &]", "Transpose[{%, -%}]"]
FIXED_ARRAYS = [np.array([1.5, 2.5, -0.5, 2.7, -2.7, 0.05, 3.25]),
                np.array([[0.1, -0.2, 0.3], [1.5, 2.5, -3.5], [0.0, 0.0, 0.0], [7.0, 1e-3, 2.0]]),
                np.linspace(-4, 9, 24).reshape(8, 3),
                np.array([[-0.0, -0.0], [3.0, -3.0], [1e16, 1.0]]),
                np.array([[1, -2, 3], [4, 5, -6]])]


@pytest.mark.parametrize("template", NEW_FORMS)
@pytest.mark.parametrize("index", range(len(FIXED_ARRAYS)))
def test_rounding_norms_rescaling_and_standardizing_forms(session, template, index):
    """Every case of these forms on arrays with halves, zero rows and ranks 1 and 2: the
    element path's result exactly, and packed."""
    arr = FIXED_ARRAYS[index]
    fast, fast_msgs = run(session, template, pack(arr))
    slow, slow_msgs = run(session, template, unpacked(arr))
    assert fast == slow, (template, input_form(fast), input_form(slow))
    assert fast_msgs == slow_msgs
    # the forms cover machine reals (integer rounding and sums too); rows need a matrix
    row_form = "@@@" in template or "Apply" in template or template.startswith("Map") \
        or "#[[" in template
    covered = arr.dtype.kind == "f" and (arr.ndim == 2 or not row_form) \
        and not template.startswith("Map")            # Map packs from 100 elements on
    if type(fast) is Expr and not fast_msgs and covered:
        assert is_packed(fast) or packed_array(fast) is None and to_packed(fast) is None, \
            template
