"""Net surgery on the IR (wlnet/net/surgery.py): NetExtract, NetReplacePart, Part, Length
and Normal of nets, without a session (the WL face is tested in test_wl_face.py)."""

import numpy as np
import pytest

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.numeric_array import NumericArray
from wlnet.net.containers.chain import build_chain
from wlnet.net.errors import NetSpecError
from wlnet.net.initialize import initialize
from wlnet.net.surgery import (
    extract, layer_name, net_length, net_normal, net_part, replace_part, sub_net,
)
from wlnet.net.wlform import net_from_expr, net_to_expr

from _netutil import layer, lst, sym


def chain(named: bool = False):
    """LinearLayer[3, "Input" -> 2] then Ramp, as a chain (with names "lin", "act")."""
    names = ("lin", "act") if named else ("1", "2")
    return build_chain([(names[0], layer("LinearLayer", 3, Input=2)),
                        (names[1], layer("ElementwiseLayer", sym("Ramp")))])


def keys(assoc):
    return [r.args[0].value for r in assoc.args]


def test_layer_names_by_position_name_and_from_the_end():
    net = chain(named=True)
    assert layer_name(net, Integer(1)) == "lin" and layer_name(net, Integer(-1)) == "act"
    assert layer_name(net, String("act")) == "act"
    assert layer_name(net, Integer(3)) is None and layer_name(net, String("x")) is None
    assert layer_name(layer("LinearLayer", 3), Integer(1)) is None     # not a container


def test_sub_net_takes_its_arrays_along():
    net = initialize(chain(), seed=1)
    lin = sub_net(net, "1")
    assert lin.root.type == "Linear"
    assert set(lin.arrays) == {p[2:] for p in net.arrays if p[:2] == ("Nodes", "1")}


def test_extract_along_a_path():
    net = initialize(chain(named=True), seed=1)
    w = extract(net, lst("lin", "Weights"))
    assert isinstance(w, NumericArray) and w.shape == (3, 2)
    assert w == net.arrays[("Nodes", "lin", "Arrays", "Weights")]
    assert extract(net, Integer(2)).head is Symbol("ElementwiseLayer")
    assert extract(net, lst("lin", "nope")) is None and extract(net, lst()) is None
    assert extract(layer("LinearLayer", 3), String("Weights")) is Symbol("Automatic")
    assert extract(layer("GatedRecurrentLayer", 4), String("OutputSize")) == Integer(4)
    assert keys(extract(net, S.All)) == ["lin", "act"]


def test_replace_an_array_then_a_layer():
    net = chain()
    weights = lst(lst(1, 2), lst(3, 4), lst(5, 6))
    new = replace_part(net, lst(1, "Weights"), weights)
    assert new.arrays[("Nodes", "1", "Arrays", "Weights")].array.tolist() == [[1, 2], [3, 4], [5, 6]]
    assert net.arrays == chain().arrays                       # the original is unchanged
    tanh = replace_part(new, Integer(2), net_to_expr(layer("ElementwiseLayer", sym("Tanh"))))
    assert extract(tanh, lst(2, "Function")) is Symbol("Tanh")
    assert ("Nodes", "1", "Arrays", "Weights") in tanh.arrays


@pytest.mark.parametrize("spec", [Integer(5), String("nope"), lst()])
def test_replacing_nothing_is_an_error(spec):
    with pytest.raises(NetSpecError) as info:
        replace_part(chain(), spec, Integer(1))
    assert info.value.tag == "nopart"


def test_part_length_normal_of_chains():
    net = net_to_expr(build_chain([("1", layer("LinearLayer", 3, Input=2)),
                                   ("2", layer("ElementwiseLayer", sym("Ramp"))),
                                   ("3", layer("LinearLayer", 1))]))
    assert net_length(net) == Integer(3)
    assert net_part(net, Integer(2)).head is Symbol("ElementwiseLayer")
    assert net_part(net, Integer(-1)) == net_part(net, Integer(3))
    assert net_part(net, Integer(7)) is None
    layers = net_normal(net)
    assert layers.head is S.List and [x.head for x in layers.args] == [
        Symbol("LinearLayer"), Symbol("ElementwiseLayer"), Symbol("LinearLayer")]
    named = net_to_expr(chain(named=True))
    assert net_part(named, String("act")).head is Symbol("ElementwiseLayer")
    assert keys(net_normal(named)) == ["lin", "act"]
    assert net_length(net_to_expr(layer("LinearLayer", 3))) is None


def test_normal_of_a_layer_lists_arrays_and_parameters():
    lin = net_from_expr(net_to_expr(initialize(layer("LinearLayer", 3, Input=2), seed=2)))
    out = net_normal(lin)
    assert keys(out)[:2] == ["Weights", "Biases"] and "OutputDimensions" in keys(out)
    assert isinstance(out.args[0].args[1], NumericArray)
    assert np.all(np.isfinite(out.args[0].args[1].array))
    assert net_normal(Expr(S.List, Integer(1))) is None
