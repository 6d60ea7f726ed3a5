"""DateListPlot: dates as absolute times on a framed x axis labelled with dates."""

from tests.graphics.conftest import png_pixels
from tests.graphics.plots.test_plots import lines_of
from wlnet.graphics.plots.dated import date_ticks
from wlnet.syntax.printer import input_form

JAN_2024 = 3913056000.0          # AbsoluteTime[{2024, 1, 1}]


def test_dates_become_absolute_times(session):
    g = session.evaluate("DateListPlot[{{{2024, 1, 1}, 1}, {DateObject[{2024, 3, 1}], 2}, "
                         "{\"2024-09-01\", 3}}]")
    (line,) = lines_of(g)
    assert line[0].tolist() == [JAN_2024, 1]
    assert line[1, 0] == session.evaluate("AbsoluteTime[{2024, 3, 1}]").value
    text = input_form(g)
    assert "Frame -> True" in text and '"Jan 2024"' in text and '"Sep 2024"' in text
    assert not session.messages


def test_an_association_of_dates_to_values(session):
    (line,) = lines_of(session.evaluate("DateListPlot[<|{2024, 1, 1} -> 3, {2024, 1, 2} -> 4|>]"))
    assert line.tolist() == [[JAN_2024, 3], [JAN_2024 + 86400, 4]]


def test_values_with_a_start_date_are_daily(session):
    (line,) = lines_of(session.evaluate("DateListPlot[{5, 6, 7}, {2024, 1, 1}]"))
    assert line[:, 0].tolist() == [JAN_2024, JAN_2024 + 86400, JAN_2024 + 2 * 86400]


def test_ticks_follow_the_span():
    assert [t[1] for t in date_ticks(JAN_2024, JAN_2024 + 5 * 365 * 86400)][:2] == \
        ["2024", "2025"]
    assert date_ticks(JAN_2024, JAN_2024 + 5 * 86400)[1][1] == "Jan 02"
    assert date_ticks(JAN_2024, JAN_2024 + 6 * 3600)[1][1] == "01:00"


def test_bad_data_is_a_message(session, export):
    session.evaluate("DateListPlot[x]")
    assert session.messages[-1].startswith("DateListPlot::ldata")
    session.evaluate("DateListPlot[{}, 1]")            # no values from a start date
    assert session.messages[-1].startswith("DateListPlot::ldata")
    # values and a date spec, then options only
    assert input_form(session.evaluate("DateListPlot[{}, 1, {1, 2, 3}]")) == \
        "DateListPlot[{}, 1, {1, 2, 3}]"
    assert session.messages[-1].startswith("DateListPlot::nonopt")
    path, messages = export("DateListPlot[{{{2024, 1, 1}, 1}, {{2025, 1, 1}, 2}}, "
                            "ImageSize -> 300]")
    assert not messages and png_pixels(path).shape[1] == 300


def test_date_ticks_format_writes_the_tick_labels(session):
    g = session.evaluate('DateListPlot[{{{2024, 1, 1}, 1}, {{2024, 6, 1}, 3}}, '
                         'DateTicksFormat -> {"MonthNameShort", " ", "Year"}]')
    ticks = [r for r in g.args[1:] if r.args[0].name == "Ticks"][0]
    labels = [t.args[1].value for t in ticks.args[1].args[0].args]
    assert labels[:2] == ["Jan 2024", "Feb 2024"] and not session.messages
