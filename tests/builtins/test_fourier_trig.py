"""FourierDCT and FourierDST (wlnet/builtins/fourier_trig.py): every type against its
defining sum written out in WL, the inverse pairs, arrays, messages."""

import pytest

from tests.builtins._support import check_example, declared_examples, run

_U = "{0.3, -1.2, 2.5, 0.7, 1.9}"

# the defining sums (WL's normalisation), n = 5, r and s from 1
_SUMS = {
    ("FourierDCT", 1): "Table[1/Sqrt[2 (n - 1)] (u[[1]] + (-1)^(s - 1) u[[n]] + "
                       "2 Sum[u[[r]] Cos[Pi (r - 1) (s - 1)/(n - 1)], {r, 2, n - 1}]), {s, n}]",
    ("FourierDCT", 2): "Table[1/Sqrt[n] Sum[u[[r]] Cos[Pi (s - 1) (r - 1/2)/n], {r, n}], {s, n}]",
    ("FourierDCT", 3): "Table[1/Sqrt[n] (u[[1]] + "
                       "2 Sum[u[[r]] Cos[Pi (r - 1) (s - 1/2)/n], {r, 2, n}]), {s, n}]",
    ("FourierDCT", 4): "Table[Sqrt[2/n] Sum[u[[r]] Cos[Pi (r - 1/2) (s - 1/2)/n], {r, n}], "
                       "{s, n}]",
    ("FourierDST", 1): "Table[Sqrt[2/(n + 1)] Sum[u[[r]] Sin[Pi r s/(n + 1)], {r, n}], {s, n}]",
    ("FourierDST", 2): "Table[1/Sqrt[n] Sum[u[[r]] Sin[Pi s (r - 1/2)/n], {r, n}], {s, n}]",
    ("FourierDST", 3): "Table[1/Sqrt[n] ((-1)^(s - 1) u[[n]] + "
                       "2 Sum[u[[r]] Sin[Pi r (s - 1/2)/n], {r, n - 1}]), {s, n}]",
    ("FourierDST", 4): "Table[Sqrt[2/n] Sum[u[[r]] Sin[Pi (r - 1/2) (s - 1/2)/n], {r, n}], "
                       "{s, n}]",
}


@pytest.mark.parametrize("name,text,expected", declared_examples("fourier_trig"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def _close(text: str) -> bool:
    return run(text).value.name == "True"


@pytest.mark.parametrize("head,kind", sorted(_SUMS))
def test_each_type_is_its_defining_sum(head, kind):
    assert _close(f"With[{{u = {_U}, n = 5}}, "
                  f"Max[Abs[{head}[u, {kind}] - {_SUMS[head, kind]}]] < 10^-12]")


@pytest.mark.parametrize("head", ["FourierDCT", "FourierDST"])
@pytest.mark.parametrize("forward,back", [(1, 1), (2, 3), (3, 2), (4, 4)])
def test_inverse_types(head, forward, back):
    assert _close(f"Max[Abs[{head}[{head}[{_U}, {forward}], {back}] - {_U}]] < 10^-12")


def test_default_type_roman_names_and_exact_input():
    assert _close(f"FourierDCT[{_U}] == FourierDCT[{_U}, 2] == FourierDCT[{_U}, \"II\"]")
    assert _close("FourierDST[{1, 2, 3}, \"IV\"] == FourierDST[{1., 2., 3.}, 4]")
    assert _close("MachineNumberQ[First[FourierDCT[{1, 2, 3}]]]")


def test_arrays_transform_along_every_dimension():
    m = "{{1., 2., 3.}, {4., 5., 7.}}"
    assert _close(f"Max[Abs[FourierDCT[{m}] - "
                  f"Transpose[FourierDCT /@ Transpose[FourierDCT /@ {m}]]]] < 10^-12")
    assert _close(f"Max[Abs[FourierDST[{m}, 3] - "
                  f"Transpose[FourierDST[#, 3] & /@ Transpose[FourierDST[#, 3] & /@ {m}]]]]"
                  " < 10^-12")


def test_complex_data_transform_linearly():
    assert _close("Max[Abs[FourierDCT[{1, 2 + I, 3}] - "
                  "(FourierDCT[{1, 2, 3}] + I FourierDCT[{0, 1, 0}])]] < 10^-12")


@pytest.mark.parametrize("text,tag", [
    ("FourierDCT[{a, b}]", "FourierDCT::fftl"),
    ("FourierDST[{}]", "FourierDST::fftl"),
    ("FourierDCT[{1, 2}, 5]", "FourierDCT::type"),
    ("FourierDST[{1, 2}, \"V\"]", "FourierDST::type"),
    ("FourierDCT[{1}, 1]", "FourierDCT::dct1"),
])
def test_messages(text, tag):
    result = run(text)
    assert result.tags == [tag]
    assert result.value.head.name == text.split("[")[0]
