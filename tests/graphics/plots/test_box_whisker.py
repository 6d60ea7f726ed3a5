"""BoxWhiskerChart: the box, median and whiskers it draws, and its box-and-whisker specs
(outliers past the fences, notch, mean marker and diamond, element settings)."""

import numpy as np

from tests.graphics.conftest import parts_with_head as parts_of, png_pixels
from tests.graphics.plots.test_charts import shapes
from wlnet.core.expr import S
from wlnet.graphics.plots.charts import quartiles
from wlnet.graphics.values import numeric_array


def test_box_whisker_chart_draws_quartile_boxes(session):
    g = session.evaluate("BoxWhiskerChart[{{1, 2, 3, 4, 10}, {5, 6, 7}}, "
                         "ChartLabels -> {\"a\", \"b\"}]")
    assert not session.messages and g.head is S.Graphics
    boxes = shapes(g, S.Rectangle)
    q1, _, q3 = quartiles(np.array([1.0, 2, 3, 4, 10]))
    assert np.allclose(boxes[0], [0.7, q1, 1.3, q3]) and boxes[1][0] == 1.7
    lines = shapes(g, S.Line)
    whisker_ends = {float(line[:, 1].max()) for line in lines}
    assert 10.0 in whisker_ends and 7.0 in whisker_ends          # whiskers reach the max
    assert any(np.allclose(line[:, 1], 3.0) and line[0, 0] == 0.7 for line in lines)  # median
    ticks = [r for r in g.args[1:] if r.args[0].name == "Ticks"]
    assert numeric_array(ticks[0].args[1].args[0].args[0].args[0]) == 1.0


def test_box_whisker_chart_messages_and_drawing(session, export):
    session.evaluate("BoxWhiskerChart[x]")
    assert session.messages[-1].startswith("BoxWhiskerChart::ldata")
    path, messages = export("BoxWhiskerChart[{1, 2, 3, 9}, ImageSize -> 150]")
    assert png_pixels(path).shape[1] == 150 and not messages


def test_outliers_spec_stops_whiskers_at_the_fences(session):
    # quartiles 3, 5.5, 8 (IQR 5): 30 and 100 lie past the outer fence 8 + 15
    g = session.evaluate('BoxWhiskerChart[{1, 2, 3, 4, 5, 6, 30, 7, 8, 100}, "Outliers"]')
    assert not session.messages
    whisker_tops = {float(line[:, 1].max()) for line in shapes(g, S.Line)}
    assert max(whisker_tops) == 8.0                     # the last value inside the fences
    (marks,) = shapes(g, S.Point)
    assert sorted(marks.reshape(-1, 2)[:, 1].tolist()) == [30.0, 100.0]
    # 12 is past the inner fence (15.5) only with a tighter box: a near outlier
    g = session.evaluate('BoxWhiskerChart[{1, 2, 3, 4, 5, 6, 7, 8, 20}, '
                         '{"Outliers", {"Outliers", "x", Red}}]')
    texts = [t for t in parts_of(g, "Text")]
    assert [numeric_array(t.args[1]).tolist() for t in texts] == [[1.0, 20.0]]


def test_named_specs_draw_their_markers(session):
    data = "{1, 2, 3, 4, 10}"
    basic = session.evaluate(f'BoxWhiskerChart[{data}, "Basic"]')
    assert len(shapes(basic, S.Line)) == 4                          # whiskers and fences only
    mean = session.evaluate(f'BoxWhiskerChart[{data}, "Mean"]')
    assert any(np.allclose(line[:, 1], 4.0) for line in shapes(mean, S.Line))
    notched = session.evaluate(f'BoxWhiskerChart[{data}, "Notched"]')
    (outline,) = [numeric_array(p.args[0]) for p in parts_of(notched, "Polygon")]
    assert outline[:, 0].min() == 0.7 and 0.85 in outline[:, 0].tolist()   # pinched
    assert 3.0 in outline[:, 1].tolist()                                   # at the median
    diamond = session.evaluate(f'BoxWhiskerChart[{data}, "Diamond"]')
    tips = [line for line in shapes(diamond, S.Line) if len(line) == 5][0]
    reach = 1.96 * np.std([1, 2, 3, 4, 10], ddof=1) / np.sqrt(5)
    assert np.isclose(tips[:, 1].max(), 4 + reach)
    assert not session.messages
    session.evaluate('BoxWhiskerChart[{1, 2, 3}, "Foo"]')
    assert session.messages[-1].startswith("BoxWhiskerChart::bwspec")


def test_bar_origin_left_lays_the_boxes_on_their_side(session):
    g = session.evaluate("BoxWhiskerChart[{{1, 2, 3, 4, 10}, {5, 6, 7}}, BarOrigin -> Left]")
    boxes = shapes(g, S.Rectangle)
    q1, _, q3 = quartiles(np.array([1.0, 2, 3, 4, 10]))
    assert np.allclose(boxes[0], [q1, 0.7, q3, 1.3])


def test_groups_of_data_sets_sit_side_by_side(session):
    from wlnet.graphics.plots.box_whisker import group_places
    places, centres, end = group_places([[1, 2], [3, 4, 5]])
    assert places == [1, 2, 4, 5, 6] and centres == [1.5, 5] and end == 6
    g = session.evaluate('BoxWhiskerChart[{{{1, 2, 3, 4}, {2, 3, 5, 7}}, {{3, 4, 5}, '
                         '{1, 2, 2, 9}}}, ChartLabels -> {"g1", "g2"}]')
    assert not session.messages
    boxes = shapes(g, S.Rectangle)
    assert [b[0] + 0.35 for b in boxes] == [1, 2, 4, 5]            # box centres
    colours = [str(grp.args[1].args[0]) for grp in g.args[0].args]
    assert colours[0] == colours[2] and colours[0] != colours[1]   # by place in a group
    ticks = [r for r in g.args[1:] if r.args[0].name == "Ticks"][0]
    assert [numeric_array(t.args[0]) for t in ticks.args[1].args[0].args] == [1.5, 4.5]


def test_an_association_gives_a_box_per_key_labelled_by_it(session):
    g = session.evaluate('BoxWhiskerChart[<|"x" -> {1, 2, 3, 4}, "y" -> {2, 3, 5, 9}|>]')
    assert not session.messages
    same = session.evaluate('BoxWhiskerChart[{{1, 2, 3, 4}, {2, 3, 5, 9}}, '
                            'ChartLabels -> {"x", "y"}]')
    assert g == same
    session.evaluate('BoxWhiskerChart[<|"x" -> {1, 2}, "y" -> z|>]')
    assert session.messages[-1].startswith("BoxWhiskerChart::ldata")
