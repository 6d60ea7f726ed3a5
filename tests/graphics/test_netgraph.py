"""Pictures of nets (wlnet.graphics.netgraph), read from the net's public structure."""

import pytest

from tests.graphics.conftest import dark, png_pixels
from wlnet.graphics.netgraph import net_graphic, net_structure
from wlnet.syntax.printer import input_form


def test_chain_structure(session):
    net = session.evaluate('NetChain[{LinearLayer[3, "Input" -> 2], Tanh, LinearLayer[1]}]')
    vertices, edges = net_structure(net)
    assert vertices[("node", "1")][0] == "1\nLinear"
    assert [(a, b) for a, b, _ in edges] == [
        (("in", "Input"), ("node", "1")), (("node", "1"), ("node", "2")),
        (("node", "2"), ("node", "3")), (("node", "3"), ("out", "Output"))]
    assert [shape for _, _, shape in edges] == ["2", "3", "3", "1"]


def test_graph_and_layer_pictures(session, tmp_path):
    graph = session.evaluate('NetGraph[{LinearLayer[3], ElementwiseLayer[Tanh], LinearLayer[2]}, '
                             '{1 -> 2, 2 -> 3}, "Input" -> 2]')
    layer = session.evaluate('GatedRecurrentLayer[3, "Input" -> {"Varying", 2}]')
    before = input_form(graph)
    for net, boxes in ((graph, 3), (layer, 1)):
        g = net_graphic(net)
        assert g.head.name == "Graphics"
        assert input_form(g).count("Rectangle[") == boxes
        session.evaluate(f'Export["{tmp_path}/net.png", {input_form(g)}]')
        assert not session.messages
        ink = dark(png_pixels(tmp_path / "net.png"))
        assert ink.any() and not ink.all()
    assert input_form(graph) == before                      # read only
    # a varying length, as Wolfram writes it on the arrows
    assert [shape for _, _, shape in net_structure(layer)[1]] == ["n\u00d72", "n\u00d73"]


@pytest.mark.parametrize("value", ["1", "{1, 2}", "Graphics[Circle[]]"])
def test_not_a_net(session, value):
    assert net_graphic(session.evaluate(value)) is None
