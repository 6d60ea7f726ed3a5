"""CommunityGraphPlot: communities found by modularity or given, grouped and shaded."""


from tests.graphics.conftest import parts_with_head
from wlnet.core.graph import Graph
from wlnet.graphics.plots.community_plot import graph_communities
from wlnet.graphics.values import numeric_array

TRIANGLES = ("{1 <-> 2, 2 <-> 3, 3 <-> 1, 3 <-> 4, 4 <-> 5, 5 <-> 6, 6 <-> 4, 6 <-> 7, "
             "7 <-> 8, 8 <-> 9, 9 <-> 7}")


def test_three_triangles_are_three_communities(session):
    g = session.evaluate(f"Graph[{TRIANGLES}]")
    assert type(g) is Graph
    found = [[g.vertices[i].value for i in c] for c in graph_communities(g)]
    assert sorted(found) == [[1, 2, 3], [4, 5, 6], [7, 8, 9]]


def test_each_community_has_its_region_and_colour(session):
    g = session.evaluate(f'CommunityGraphPlot[{TRIANGLES}, VertexLabels -> "Name"]')
    assert not session.messages and g.head.name == "Graphics"
    regions = parts_with_head(g, "Polygon")
    dots = [numeric_array(p.args[0]) for p in parts_with_head(g, "Point")]
    assert len(regions) == 3 and [len(d) for d in dots] == [3, 3, 3]
    for region, members in zip(regions, dots):           # the region holds its vertices
        from matplotlib.path import Path
        assert Path(numeric_array(region.args[0])).contains_points(members).all()
    assert len(parts_with_head(g, "Line")) == 11 and len(parts_with_head(g, "Text")) == 9


def test_given_communities_and_messages(session):
    g = session.evaluate(f"CommunityGraphPlot[{TRIANGLES}, {{{{1, 2, 3, 4}}}}]")
    dots = [len(numeric_array(p.args[0])) for p in parts_with_head(g, "Point")]
    assert dots == [4, 1, 1, 1, 1, 1]                    # the rest on their own
    session.evaluate("CommunityGraphPlot[x]")
    assert session.messages[-1].startswith("CommunityGraphPlot::graph")
    session.evaluate(f"CommunityGraphPlot[{TRIANGLES}, {{{{1, 99}}}}]")
    assert session.messages[-1].startswith("CommunityGraphPlot::comm")
