"""The Expr ⇄ IR boundary (wlnet/net/wlform.py): the stored form reads back to itself."""

import pytest

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.numeric_array import NumericArray
from wlnet.net.coders.encoders import encoder_from_spec
from wlnet.net.containers.chain import build_chain
from wlnet.net.containers.graph import build_graph
from wlnet.net.errors import NetSpecError
from wlnet.net.initialize import initialize
from wlnet.net.wlform import is_net_expr, layer_from_expr, net_from_expr, net_to_expr

from _netutil import layer, lst, sym


def read_back(e):
    """The net read from a copy of ``e`` (net_to_expr keeps the net it wrote with the
    expression it wrote, so reading ``e`` itself would not read anything)."""
    return net_from_expr(Expr.from_args(e.head, e.args))

LAYERS = [
    lambda: layer("GatedRecurrentLayer", 3),
    lambda: layer("GatedRecurrentLayer", 2, Input=["Varying", 2], Dropout=0.5),
    lambda: layer("LinearLayer", 3, Biases=sym("None")),
    lambda: layer("LinearLayer"),
    lambda: layer("LinearLayer", lst(2, 3), Input=4),
    lambda: layer("UnitVectorLayer"),
    lambda: layer("SoftmaxLayer", -1),
    lambda: layer("ElementwiseLayer", sym("Ramp")),
    lambda: layer("DropoutLayer"),
    lambda: layer("SequenceLastLayer"),
    lambda: layer("MeanSquaredLossLayer"),
    lambda: layer("CrossEntropyLossLayer", "Probabilities"),
    lambda: initialize(layer("GatedRecurrentLayer", 2, Input=["Varying", 3])),
    lambda: build_chain([("1", layer("UnitVectorLayer")), ("2", layer("GatedRecurrentLayer", 4))],
                        coders={"Input": encoder_from_spec(lst("Characters", "abc"))}),
    lambda: initialize(build_chain([("a", layer("LinearLayer", 3, Input=2)), ("b", layer("SoftmaxLayer"))])),
    lambda: build_graph([("1", layer("GatedRecurrentLayer", 2, Input=["Varying", 2]))],
                        [(("graph", "InitialState"), ("port", "1", "State"), "e")]),
    # known channels before spatial dimensions of unknown rank (stored as SizeListT[{8}])
    lambda: build_chain([("1", layer("ConvolutionLayer", 8, 3)),
                         ("2", layer("ElementwiseLayer", sym("Ramp")))]),
]


def test_known_dimensions_before_an_unknown_rank_read_back():
    """A convolution then Ramp, rank not known: Ramp's dimensions are {8, …}, and the chain
    read back from its expression can still be given a 2-d input (it once became {8})."""
    chain = read_back(net_to_expr(build_chain([("1", layer("ConvolutionLayer", 8, 3)),
                                               ("2", layer("ElementwiseLayer", sym("Ramp")))])))
    ramp = dict(chain.root.leaves())[("Nodes", "2")]
    assert ramp.params["$Dimensions"].dims == (8,)
    assert ramp.params["$Dimensions"].tail is not None


@pytest.mark.parametrize("make", LAYERS)
def test_stored_form_is_the_identity(make):
    e = net_to_expr(make())
    assert is_net_expr(e)
    assert net_to_expr(read_back(e)) == e


def test_a_written_expression_reads_back_as_the_net_written():
    net = initialize(build_chain([("a", layer("LinearLayer", 3, Input=2)), ("b", layer("SoftmaxLayer"))]))
    e = net_to_expr(net)
    assert net_from_expr(e) is net
    copy = read_back(e)
    assert copy is not net and copy.root == net.root and net_to_expr(copy) == e


def test_not_a_net():
    assert net_from_expr(Expr(Symbol("f"), Integer(1))) is None
    assert not is_net_expr(lst(1, 2))


def test_malformed_net_expression():
    bad = Expr(Symbol("LinearLayer"), Expr(S.Association, Expr(S.Rule, String("Type"), String("Nope"))),
               Expr(S.Association))
    with pytest.raises(NetSpecError):
        net_from_expr(bad)


def test_shorthands_inside_containers():
    assert layer_from_expr(Integer(4)).root.type == "Linear"
    assert layer_from_expr(sym("Tanh")).root.params["Function"].expr is sym("Tanh")
    nested = layer_from_expr(lst(Integer(2), sym("Ramp")))
    assert nested.root.type == "Chain" and list(nested.root.nodes) == ["1", "2"]
    assert layer_from_expr(String("ReLU")).root.params["Function"].tree == ("map", "Ramp", ("arg", 0))
    with pytest.raises(NetSpecError):
        layer_from_expr(sym("foo"))
    with pytest.raises(NetSpecError):
        layer_from_expr(String("Bogus"))


def test_a_list_of_integers_in_a_container_is_a_linear_layer_of_those_dimensions():
    # WL's ToLayer: {___Integer} is LinearLayer[list]; ActorCritic.m ends its value net in {}
    scalar = layer_from_expr(lst())
    assert scalar.root.type == "Linear" and scalar.outputs()["Output"].dims == ()
    matrix = layer_from_expr(lst(Integer(2), Integer(3)))
    assert matrix.root.type == "Linear" and matrix.outputs()["Output"].dims == (2, 3)



def test_a_list_of_named_layers_in_a_container_is_a_chain_with_those_names():
    # as NetChain[{"a" -> l1, …}] reads it (RetinaNet-style graphs nest such vertices)
    from wlnet.core.session import Session
    s = Session(echo=False)
    r = s.evaluate('NetGraph[{"dec" -> {"conv" -> {LinearLayer[3], Ramp}, "out" -> LinearLayer[2]}}, {}, '
                   '"Input" -> 4]')
    net = net_from_expr(r)
    dec = net.root.nodes["dec"]
    assert dec.type == "Chain" and list(dec.nodes) == ["conv", "out"]
    assert list(dec.nodes["conv"].nodes) == ["1", "2"]
    assert net.outputs()["Output"].dims == (2,)
    with pytest.raises(NetSpecError):
        layer_from_expr(lst(Expr(S.Rule, String("a"), Integer(2)), Expr(S.Rule, String("a"), Integer(3))))

def test_arrays_appear_as_numeric_arrays_in_place_of_types():
    net = initialize(layer("LinearLayer", 2, Input=3))
    arrays = [r for r in net_to_expr(net).args[0].args if r.args[0] == String("Arrays")][0].args[1]
    assert all(isinstance(r.args[1], NumericArray) for r in arrays.args)


def test_identity_cache_keeps_the_last_objects_by_identity():
    from wlnet.net.identity_cache import IdentityCache
    cache = IdentityCache(2)
    a, b, c = [1], [1], [2]                 # a and b are equal but not the same object
    cache.put(a, "a")
    assert cache.get(a) == "a" and cache.get(b) is None and b not in cache
    cache.put(b, "b")
    cache.get(a)                            # a used last: b goes first
    cache.put(c, "c")
    assert a in cache and b not in cache and cache.get(c) == "c"


def test_map_thread_with_an_unmapped_first_input_reads_back_its_length():
    # the stored form lists "State" (given once per example) before the mapped "Candidate":
    # the sequence length must come from the mapped input, not from State's size
    from wlnet.core.session import Session
    from wlnet.net.types import LengthVar
    s = Session(echo=False)
    r = s.evaluate('NetMapThreadOperator[NetGraph[<|"j" -> CatenateLayer[], "s" -> LinearLayer[1]|>, '
                   '{{NetPort["State"], NetPort["Candidate"]} -> "j" -> "s"}, "State" -> 4, "Candidate" -> 4], '
                   '<|"Candidate" -> 1|>]')
    net = net_from_expr(r)
    ins = net.root.inputs()
    assert ins["State"].dims == (4,)
    assert isinstance(ins["Candidate"].dims[0], LengthVar) and ins["Candidate"].dims[1:] == (4,)
    assert read_back(net_to_expr(net)).root.inputs()["Candidate"].dims[1:] == (4,)
