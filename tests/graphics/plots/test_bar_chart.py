"""BarChart: data forms, layouts, origins, labels, legends, wrapped values and messages."""

import numpy as np
import pytest

from tests.graphics.conftest import parts_with_head, png_pixels
from wlnet.core.expr import Symbol
from wlnet.graphics.values import numeric_array


def rectangles(g):
    return np.array([np.concatenate([numeric_array(r.args[0]), numeric_array(r.args[1])])
                     for r in parts_with_head(g, "Rectangle")])


def texts(g):
    return parts_with_head(g, "Text")


def test_a_bar_per_value_and_groups_side_by_side(session):
    bars = rectangles(session.evaluate("BarChart[{1, 3, 2}]"))
    assert bars[:, 3].tolist() == [1, 3, 2] and (bars[:, 1] == 0).all()
    assert (np.diff(bars[:, 0]) > 0).all()
    bars = rectangles(session.evaluate("BarChart[{{1, 2}, {3, 4, 5}}]"))     # ragged groups
    assert bars[:, 3].tolist() == [1, 2, 3, 4, 5]
    assert bars[1, 0] == bars[0, 2]                     # touching within a group
    assert bars[2, 0] > bars[1, 2] + 0.2                # a gap between groups
    assert not session.messages


def test_layouts(session):
    stacked = rectangles(session.evaluate('BarChart[{{1, 2}, {3, 4}}, ChartLayout -> "Stacked"]'))
    assert stacked[:, [1, 3]].tolist() == [[0, 1], [1, 3], [0, 3], [3, 7]]
    assert stacked[0, 0] == stacked[1, 0]
    pct = rectangles(session.evaluate('BarChart[{{1, 3}, {2, 2}}, ChartLayout -> "Percentile"]'))
    assert pct[:, [1, 3]].tolist() == [[0, 0.25], [0.25, 1], [0, 0.5], [0.5, 1]]
    over = rectangles(session.evaluate('BarChart[{{1, 2}}, ChartLayout -> "Overlapped"]'))
    assert over[0, 0] == over[1, 0] and over[:, 3].tolist() == [1, 2]
    session.evaluate('BarChart[{1, 2}, ChartLayout -> "Foo"]')
    assert session.messages[-1].startswith("BarChart::layout")


def test_bar_origin_left_draws_bars_across(session):
    bars = rectangles(session.evaluate("BarChart[{1, 2}, BarOrigin -> Left]"))
    assert (bars[:, 0] == 0).all() and bars[:, 2].tolist() == [1, 2]
    session.evaluate("BarChart[{1, 2}, BarOrigin -> Up]")
    assert session.messages[-1].startswith("BarChart::origin")


def test_labels_legends_and_associations(session):
    g = session.evaluate('BarChart[<|"x" -> 1, "y" -> 2|>]')
    ticks = [r for r in g.args[1:] if r.args[0] == Symbol("Ticks")]
    assert ticks and "x" in str(ticks[0])
    g = session.evaluate('BarChart[{0.2, 0.5}, ChartLegends -> {"cat", "dog"}]')
    assert g.head is Symbol("Legended")
    (legend,) = [e for e in g.args[1].args if getattr(e, "head", None)
                 is Symbol("SwatchLegend")]
    assert [a.value for a in legend.args[1].args] == ["cat", "dog"]
    colours = legend.args[0].args
    assert colours[0] != colours[1]                    # a flat list with legends: a colour each
    g = session.evaluate("BarChart[{1, -2}, LabelingFunction -> Above]")
    (one, two) = texts(g)
    assert one.args[0].value == "1" and numeric_array(one.args[1]).tolist()[1] == 1
    assert numeric_array(two.args[1]).tolist()[1] == -2 and \
        numeric_array(two.args[2]).tolist() == [0, 1]      # below the negative bar
    g = session.evaluate('BarChart[{1, 2}, ChartLabels -> Placed[{"a", "b"}, Above]]')
    assert [t.args[0].value for t in texts(g)] == ["a", "b"]


def test_wrapped_values(session):
    g = session.evaluate('BarChart[{1, Style[2, Red], Labeled[3, "three"], Tooltip[4, "t"]}]')
    assert rectangles(g)[:, 3].tolist() == [1, 2, 3, 4] and not session.messages
    assert session.evaluate("Red") in g.args[0].args[1].args
    assert [t.args[0].value for t in texts(g)] == ["three"]


@pytest.mark.parametrize("data", ["{1, x}", "x", "{}"])
def test_bad_data(session, data):
    session.evaluate(f"BarChart[{data}]")
    assert session.messages[-1].startswith("BarChart::ldata")


def test_renders(session, export):
    path, messages = export('BarChart[{{1, 2}, {3, 4}}, ChartLayout -> "Stacked", '
                            'ChartLegends -> {"a", "b"}, ImageSize -> 240]')
    assert not messages and png_pixels(path).shape[1] == 240


def test_bar_chart_of_quantities(session):
    """Quantities are drawn by magnitude, in the first one's unit (Information[net,
    "ArraysSizes"] gives byte counts as quantities); units of another kind: ldata."""
    from tests.graphics.conftest import parts_with_head
    g = session.evaluate('BarChart[<|"w" -> Quantity[64, "Bytes"], '
                         '"b" -> Quantity[1, "Kilobytes"]|>]')
    tops = [r.args[1].args[1].value for r in parts_with_head(g, "Rectangle")]
    assert tops == [64, 1000]
    session.evaluate('BarChart[{Quantity[1, "Meters"], Quantity[1, "Seconds"]}]')
    assert session.messages[-1].startswith("BarChart::ldata")


def test_chart_labels_placed_on_the_axis_and_rotated(session):
    """ChartLabels -> Placed[labels, Axis | Below, Rotate[#, angle] &]: tick labels under
    the bars, turned by the angle."""
    from wlnet.graphics.render import figure_of
    g = session.evaluate('BarChart[{1, 2, 3}, ChartLabels -> '
                         'Placed[{"a", "b", "c"}, Axis, Rotate[#, Pi/2] &]]')
    ax = figure_of(g, lambda *a: None).axes[0]
    labels = ax.get_xticklabels()
    assert [t.get_text() for t in labels] == ["a", "b", "c"]
    assert all(round(t.get_rotation()) == 90 for t in labels)
    g = session.evaluate('BarChart[{1, 2}, ChartLabels -> Placed[{"a", "b"}, Below]]')
    ax = figure_of(g, lambda *a: None).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"] and not ax.texts
