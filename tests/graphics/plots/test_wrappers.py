"""Style, Tooltip, Labeled, Callout and Legended around plotted data sets, points and
functions (wlnet/graphics/plots/wrappers.py)."""

import numpy as np

from tests.graphics.conftest import parts_with_head, png_pixels
from tests.graphics.plots.test_lists import points_of
from tests.graphics.plots.test_plots import lines_of
from wlnet.core.expr import Expr, String, Symbol
from wlnet.graphics.plots.wrappers import unwrap


def directive_of(group):
    return group.args[0]


def test_unwrap_keeps_the_inner_style_last_and_the_outer_label():
    inner = Expr(Symbol("Style"), Symbol("f"), Symbol("Blue"))
    e = Expr(Symbol("Labeled"), Expr(Symbol("Style"), inner, Symbol("Red")), String("out"))
    plain, marks = unwrap(Expr(Symbol("Tooltip"), e, String("tip")))
    assert plain is Symbol("f")
    assert marks.styles == [Symbol("Red"), Symbol("Blue")]
    assert marks.label == String("out") and marks.legend is None


def test_styled_data_sets_and_legended_sets_in_list_plot(session):
    g = session.evaluate('ListPlot[{Style[{1, 2, 3}, Red], Legended[{3, 2, 1}, "down"], '
                         'Tooltip[{2, 2, 2}, "t"]}]')
    assert not session.messages
    assert g.head is Symbol("Legended")
    sets = points_of(g)
    assert [s[:, 1].tolist() for s in sets] == [[1, 2, 3], [3, 2, 1], [2, 2, 2]]
    first = parts_with_head(g, "Directive")[0]
    assert first.args[-1] == session.evaluate("Red")
    (legend,) = parts_with_head(g, "PointLegend")
    assert [a.value for a in legend.args[1].args] == ["down"]      # only the Legended set


def test_styled_and_called_out_points(session):
    g = session.evaluate('ListPlot[{1, Style[2, Blue, PointSize[0.05]], Callout[3, "three"]}]')
    assert not session.messages
    pts = points_of(g)
    assert pts[0].tolist() == [[1, 1], [2, 2], [3, 3]]
    assert pts[1].tolist() == [2, 2]                       # drawn again in its style
    (text,) = parts_with_head(g, "Text")
    assert text.args[0] == String("three") and text.args[1] == session.evaluate("{3., 3.}")
    g = session.evaluate("ListPlot[Style[{{1, 2}, {2, 1}}, Red]]")
    assert len(points_of(g)) == 1 and not session.messages


def test_labeled_line_writes_its_label_at_the_end(session):
    g = session.evaluate('ListLinePlot[Labeled[{1, 2, 3}, "abc"]]')
    (text,) = parts_with_head(g, "Text")
    assert text.args[0] == String("abc") and text.args[1] == session.evaluate("{3., 3.}")
    (line,) = lines_of(g)
    assert line[:, 1].tolist() == [1, 2, 3]


def test_plot_of_wrapped_functions(session):
    g = session.evaluate('Plot[{Style[Sin[x], Red, Dashed], Tooltip[Cos[x], "c"], '
                         'Labeled[x, "lin"], Legended[x^2, "sq"]}, {x, 0, 1}]')
    assert not session.messages
    lines = lines_of(g)
    assert len(lines) == 4
    assert np.allclose(lines[0][:, 1], np.sin(lines[0][:, 0]))
    assert np.allclose(lines[3][:, 1], lines[3][:, 0] ** 2)
    red_dashed = [d for d in parts_with_head(g, "Directive") if Symbol("Dashed") in d.args]
    assert red_dashed and session.evaluate("Red") in red_dashed[0].args
    assert [t.args[0].value for t in parts_with_head(g, "Text")] == ["lin"]
    (legend,) = parts_with_head(g, "LineLegend")
    assert [a.value for a in legend.args[1].args] == ["sq"]
    g = session.evaluate('Plot[Callout[Sin[x], "s"], {x, 0, 1}, PlotLegends -> "Expressions"]')
    (legend,) = parts_with_head(g, "LineLegend")
    assert legend.args[1] == session.evaluate("{HoldForm[Sin[x]]}")


def test_wrapper_heads_are_known_symbols(session):
    for head in ("Callout", "Mouseover", "PopupWindow", "StatusArea", "Hyperlink", "Button",
                 "EventHandler"):
        session.evaluate(f"{head}[1, 2]")
    assert not session.messages


def test_wrapped_plots_render(session, export):
    path, messages = export('ListPlot[{Style[{1, 2, 3}, Red], Callout[{3, 2, 1}, "c"]}, '
                            'ImageSize -> 200]')
    assert not messages
    pixels = png_pixels(path).astype(int)
    reddish = (pixels[..., 0] > 200) & (pixels[..., 1] < 80) & (pixels[..., 2] < 80)
    assert reddish.any()
