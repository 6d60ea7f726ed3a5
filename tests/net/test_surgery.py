"""Net surgery on the IR (wlnet/net/surgery.py): NetExtract, NetReplacePart, Part, Length
and Normal of nets, without a session (the WL face is tested in test_wl_face.py)."""

import numpy as np
import pytest

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.numeric_array import NumericArray
from wlnet.net.containers.chain import build_chain
from wlnet.net.errors import NetSpecError
from wlnet.net.initialize import initialize
from wlnet.net.net import layer_name, sub_net
from wlnet.net.surgery import extract, net_length, net_normal, net_part, replace_part
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
    # a part that names no layer is NetExtract's: net[[1, "OutputDimensions"]], layer[["Weights"]]
    assert net_part(net, Integer(1), String("OutputDimensions")) == extract(net_from_expr(net), Expr(
        S.List, Integer(1), String("OutputDimensions")))
    assert net_part(net, Integer(1), String("OutputDimensions")) is not None
    assert net_part(net_part(net, Integer(2)), String("Function")) == sym("Ramp")
    assert net_part(net, Integer(1), String("Nope")) is None


def test_normal_of_a_layer_lists_arrays_and_parameters():
    lin = net_from_expr(net_to_expr(initialize(layer("LinearLayer", 3, Input=2), seed=2)))
    out = net_normal(lin)
    assert keys(out)[:2] == ["Weights", "Biases"] and "OutputDimensions" in keys(out)
    assert isinstance(out.args[0].args[1], NumericArray)
    assert np.all(np.isfinite(out.args[0].args[1].array))
    assert net_normal(Expr(S.List, Integer(1))) is None


# ---------------------------------------------------------------------------- layer-list surgery

from wlnet.net import surgery  # noqa: E402


def three(named=True):
    names = ("a", "b", "c") if named else ("1", "2", "3")
    return initialize(build_chain([(names[0], layer("LinearLayer", 3, Input=2)),
                                   (names[1], layer("ElementwiseLayer", sym("Tanh"))),
                                   (names[2], layer("LinearLayer", 2))]), seed=2)


def test_take_and_drop_rekey_the_arrays_they_keep():
    net = three(named=False)
    tail = surgery.net_drop(net, Integer(1))
    assert list(tail.root.nodes) == ["1", "2"]            # positions are renumbered
    assert tail.arrays[("Nodes", "2", "Arrays", "Weights")] == net.arrays[("Nodes", "3", "Arrays", "Weights")]
    head = surgery.net_take(net, Integer(1), Integer(2))
    assert set(head.arrays) == {p for p in net.arrays if p[1] == "1"}
    assert tail.inputs()["Input"].dims == (3,)            # shapes re-inferred


def test_join_renames_repeated_names_and_keeps_both_arrays():
    net = three()
    joined = surgery.net_join([net, surgery.net_take(net, Integer(1), Integer(1))])
    assert list(joined.root.nodes) == ["a", "b", "c", "a2"]
    assert joined.arrays[("Nodes", "a2", "Arrays", "Biases")] == net.arrays[("Nodes", "a", "Arrays", "Biases")]


def test_insert_positions_and_names():
    net = three()
    ramp = Expr(S.Rule, String("r"), sym("Ramp"))
    assert list(surgery.net_insert(net, ramp, Integer(1)).root.nodes) == ["r", "a", "b", "c"]
    assert list(surgery.net_insert(net, ramp, String("c")).root.nodes) == ["a", "b", "r", "c"]
    assert list(surgery.net_insert(net, ramp, Integer(4)).root.nodes) == ["a", "b", "c", "r"]
    with pytest.raises(NetSpecError) as info:
        surgery.net_insert(net, ramp, Integer(9))
    assert info.value.tag == "invnetins4"                 # past one after the end
    assert list(surgery.net_insert(net, ramp, Integer(-1)).root.nodes) == ["a", "b", "c", "r"]


def test_rename_of_a_graph_moves_edges_and_arrays():
    from wlnet.net.containers.graph import build_graph
    g = initialize(build_graph([("x", layer("LinearLayer", 3, Input=2)), ("y", layer("LinearLayer", 1))],
                               [(("layer", "x"), ("layer", "y"), None)]), seed=1)
    r = surgery.net_rename(g, [(String("x"), String("first"))])
    assert list(r.root.nodes) == ["first", "y"]
    assert (("Nodes", "y", "Inputs", "Input"), ("Nodes", "first", "Outputs", "Output")) in r.root.edges
    assert r.arrays[("Nodes", "first", "Arrays", "Weights")] == g.arrays[("Nodes", "x", "Arrays", "Weights")]


def test_flatten_names_inner_layers_by_their_path():
    inner = three()
    outer = build_chain([("in", inner), ("out", layer("ElementwiseLayer", sym("Ramp")))])
    flat = surgery.net_flatten(outer)
    assert list(flat.root.nodes) == ["in/a", "in/b", "in/c", "out"]
    assert flat.arrays[("Nodes", "in/a", "Arrays", "Weights")] == inner.arrays[("Nodes", "a", "Arrays", "Weights")]
    assert surgery.net_flatten(outer, 0) is outer


def test_replace_part_none_removes_a_coder_wherever_it_sits():
    from wlnet.net.coders.decoders import decoder_from_spec
    dec = decoder_from_spec(lst("Class", lst("x", "y")))
    net = build_chain([("1", layer("LinearLayer", 2, Input=2))], coders={"Output": dec})
    bare = replace_part(net, String("Output"), sym("None"))
    assert "Output" not in bare.root.coders and "Output" in net.root.coders
