"""DateHistogram's calendar bins and TimelinePlot's rows of events and spans."""

import datetime as dt

import numpy as np

from tests.graphics.conftest import parts_with_head
from wlnet.builtins.dates import _absolute
from wlnet.graphics.plots.dated_charts import calendar_edges
from wlnet.graphics.values import numeric_array


def t(*ymd):
    return _absolute(dt.datetime(*ymd))


def test_calendar_edges_start_at_the_unit():
    times = np.array([t(2024, 1, 5), t(2024, 3, 15), t(2024, 7, 4)])
    assert calendar_edges(times, "Month")[:3].tolist() == [t(2024, 1, 1), t(2024, 2, 1),
                                                           t(2024, 3, 1)]
    assert calendar_edges(times, "Month")[-1] == t(2024, 8, 1)
    assert calendar_edges(times, "Quarter").tolist() == [t(2024, 1, 1), t(2024, 4, 1),
                                                         t(2024, 7, 1), t(2024, 10, 1)]
    assert calendar_edges(times, "Year", 2).tolist() == [t(2024, 1, 1), t(2026, 1, 1)]
    weeks = calendar_edges(np.array([t(2024, 1, 10)]), "Week")       # a Wednesday
    assert weeks.tolist() == [t(2024, 1, 8), t(2024, 1, 15)]          # from Monday


def test_date_histogram_counts_dates_in_calendar_bins(session):
    g = session.evaluate('DateHistogram[{{2024, 1, 5}, {2024, 1, 9}, {2024, 3, 1}, '
                         '{2024, 3, 15}, {2024, 7, 4}}, "Quarter"]')
    assert not session.messages and g.head.name == "Graphics"
    bars = [np.concatenate([numeric_array(a) for a in r.args])
            for r in parts_with_head(g, "Rectangle")]
    assert [(b[0], b[3]) for b in bars] == [(t(2024, 1, 1), 4), (t(2024, 7, 1), 1)]
    assert "Jan 2024" in str(g.args[1:])                            # date ticks
    g = session.evaluate('DateHistogram[{{2024, 1, 5}, {2024, 1, 9}}, {1, "Week"}, '
                         '"Probability"]')
    heights = [numeric_array(r.args[1])[1] for r in parts_with_head(g, "Rectangle")]
    assert heights == [0.5, 0.5]
    session.evaluate("DateHistogram[{1, x}]")
    assert session.messages[-1].startswith("DateHistogram::ldate")


def test_timeline_rows_events_and_spans(session):
    g = session.evaluate('TimelinePlot[<|"a" -> {2020, 1, 1}, "b" -> {2021, 6, 1}, '
                         '"d" -> Interval[{{2022, 1, 1}, {2022, 9, 1}}]|>]')
    assert not session.messages
    (dots,) = [numeric_array(p.args[0]) for p in parts_with_head(g, "Point")]
    assert dots[:, 0].tolist() == [t(2020, 1, 1), t(2021, 6, 1)]
    (span,) = parts_with_head(g, "Rectangle")
    assert numeric_array(span.args[0])[0] == t(2022, 1, 1)
    assert [x.args[0].value for x in parts_with_head(g, "Text")] == ["a", "b", "d"]
    rows = session.evaluate("TimelinePlot[{{{2020, 1, 1}}, {{2021, 1, 1}, {2022, 1, 1}}}]")
    levels = [numeric_array(p.args[0])[:, 1].tolist() for p in parts_with_head(rows, "Point")]
    assert levels == [[2.0], [1.0, 1.0]]                             # the first on top
