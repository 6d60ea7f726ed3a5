"""Drawing a Graph (wlnet.graphics.graphs): a Graphics of dots, lines and arrows placed by
its layout, exported and rasterized like any picture."""

import pytest

from tests.graphics.conftest import png_pixels
from wlnet.graphics.graphs import graph_graphic
from wlnet.syntax.printer import input_form


@pytest.mark.parametrize("text,disks,arrows,lines", [
    ('Graph[{1 -> 2, 2 -> 3, 3 -> 1}]', 3, 3, 0),
    ('Graph[{a <-> b, b -> c}, VertexLabels -> "Name", GraphLayout -> "CircularEmbedding"]',
     3, 1, 1),
    ('Graph[{a -> b, a -> c, b -> d, c -> d}, GraphLayout -> "LayeredDigraphEmbedding"]', 4, 4, 0),
    ('Graph[{1, 2}, {}]', 2, 0, 0),
])
def test_a_graph_is_drawn_as_dots_and_edges(session, tmp_path, text, disks, arrows, lines):
    g = session.evaluate(text)
    picture = input_form(graph_graphic(g))
    assert picture.startswith("Graphics[")
    assert (picture.count("Disk["), picture.count("Arrow["), picture.count("Line[")) == \
        (disks, arrows, lines)
    session.evaluate(f'Export["{tmp_path}/g.png", {text}]')
    assert not session.messages
    pixels = png_pixels(tmp_path / "g.png")
    drawn = (pixels < 200).any(axis=-1)            # the grey edges and orange dots
    assert drawn.any() and not drawn.all()
    assert pixels.shape[0] < 2 * pixels.shape[1]


def test_layered_layout_puts_each_vertex_below_what_feeds_it(session):
    g = session.evaluate('Graph[{a -> b, b -> c, a -> c}, GraphLayout -> "LayeredDigraphEmbedding"]')
    from wlnet.graphics.graphs import _positions
    ys = [y for _, y in _positions(g)]
    assert ys[0] > ys[1] > ys[2]
    left = session.evaluate('Graph[{a -> b}, GraphLayout -> {"LayeredDigraphEmbedding", '
                            '"Orientation" -> Left}]')
    xs = [x for x, _ in _positions(left)]
    assert xs[0] < xs[1]


def test_labels_and_explicit_coordinates(session):
    g = session.evaluate('Graph[{1 -> 2}, VertexLabels -> {1 -> "one"}, '
                         'VertexCoordinates -> {{0, 0}, {3, 4}}]')
    picture = input_form(graph_graphic(g))
    assert 'Text["one"' in picture and picture.count("Text[") == 1
    assert "{3., 4.}" in picture or "{3, 4}" in picture
    assert session.evaluate('ImageDimensions[Image[Graph[{1 -> 2}, ImageSize -> 200]]]') \
        .args[0].value == 200
