"""NumberLinePlot: values, intervals and solution sets, open ends hollow, infinite ends
arrows, each set on its own line."""

import math

from tests.graphics.conftest import parts_with_head
from wlnet.core.expr import Symbol
from wlnet.graphics.plots.number_line import Piece, solution_pieces
from wlnet.graphics.values import numeric_array
from wlnet.syntax.parser import parse


def pieces(session, text):
    return solution_pieces(parse(text), Symbol("x"))


def test_conditions_are_solved_exactly_with_their_ends(session):
    assert pieces(session, "x > 2") == [Piece(2.0, math.inf, False, False)]
    assert pieces(session, "1 < x <= 3 || x == 5") == [Piece(1.0, 3.0, False, True),
                                                       Piece(5.0, 5.0)]
    assert pieces(session, "x^2 > 4") == [Piece(-math.inf, -2.0, False, False),
                                          Piece(2.0, math.inf, False, False)]
    assert pieces(session, "!(x < 1)") == [Piece(1.0, math.inf, True, False)]
    assert pieces(session, "Sin[x] > 2") == []


def test_points_intervals_and_lines_per_set(session):
    g = session.evaluate("NumberLinePlot[{{1, 2, 5}, {3, 4}}]")
    assert not session.messages
    points = [numeric_array(p.args[0]).tolist() for p in parts_with_head(g, "Point")]
    assert points == [[[1, 2], [2, 2], [5, 2]], [[3, 1], [4, 1]]]      # the first on top
    g = session.evaluate("NumberLinePlot[Interval[{1, 3}, {4, 6}]]")
    lines = [numeric_array(p.args[0]).tolist() for p in parts_with_head(g, "Line")]
    assert lines == [[[1, 1], [3, 1]], [[4, 1], [6, 1]]]


def test_open_ends_are_hollow_and_infinite_ends_arrows(session):
    g = session.evaluate("NumberLinePlot[1 < x <= 3 || x > 5, {x, 0, 8}]")
    arrows = [numeric_array(p.args[0]).tolist() for p in parts_with_head(g, "Arrow")]
    assert arrows == [[[5, 1], [8, 1]]]
    groups = [p for p in parts_with_head(g, "List") if parts_with_head(p, "GrayLevel")]
    hollow = numeric_array(parts_with_head(groups[-1], "Point")[0].args[0])[:, 0].tolist()
    assert sorted(hollow) == [1, 5]
    session.evaluate("NumberLinePlot[foo]")
    assert session.messages[-1].startswith("NumberLinePlot::ldata")
    session.evaluate("NumberLinePlot[x > 1, 3]")
    assert session.messages[-1].startswith("NumberLinePlot::nlvar")
