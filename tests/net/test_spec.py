"""Layer nodes (wlnet/net/spec.py): a node whose parameters are all known runs its rules
once, then is settled."""

from wlnet.net.containers.chain import build_chain
from wlnet.net.net import infer
from wlnet.net.shape import Unifier
from wlnet.net.spec import LayerNode

from _netutil import layer, sym


def _conv(net):
    return next(leaf for _, leaf in net.root.leaves() if leaf.type == "Convolution")


def test_a_layer_with_known_sizes_settles_and_resolves_to_itself():
    chain = build_chain([("c", layer("ConvolutionLayer", 4, 3, Input=[2, 8, 8])),
                         ("r", layer("ElementwiseLayer", sym("Ramp")))])
    conv = _conv(chain)
    assert conv.is_settled()          # channels first: its hidden rank variables are unread
    assert conv.resolve(Unifier()) is conv
    again = infer(chain)              # inferring again keeps the settled node
    assert _conv(again) is conv


def test_a_layer_with_unknown_sizes_is_not_settled():
    conv = _conv(build_chain([("c", layer("ConvolutionLayer", 4, 3)),
                              ("r", layer("ElementwiseLayer", sym("Ramp")))]))
    assert not conv.is_settled()
    assert isinstance(conv.resolve(Unifier()), LayerNode)


def test_a_settled_layer_still_meets_its_neighbours():
    # the layer's own rules are skipped, not the connections: a wrong input still fails
    from wlnet.core.session import Session
    s = Session(echo=False)
    s.evaluate('c = NetInitialize@ConvolutionLayer[4, 3, "Input" -> {2, 8, 8}];')
    s.evaluate('NetChain[{c, c}]')
    assert any("NetChain::" in m for m in s.messages), s.messages
