"""TimeSeries (wlnet/builtins/time_series.py): construction from pairs, associations and
time specifications, properties, values at times, functions of the values, windows, plots."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run
from wlnet.syntax.printer import output_form


@pytest.mark.parametrize("name,text,expected", declared_examples("time_series"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text,expected", [
    # the time specifications of the reference page
    ('TimeSeries[{a, b, c}]["Times"]', "{0, 1, 2}"),
    ('TimeSeries[{a, b, c}, {5}]["Times"]', "{5, 6, 7}"),
    ('TimeSeries[{a, b, c}, {0, 1}]["Times"] == {0, 0.5, 1}', "True"),
    # exact times stay exact, as in WL
    ('TimeSeries[{a, b, c}, {0, 1}]["Times"]', "{0, 1/2, 1}"),
    ('TimeSeries[{a, b, c}, {0, Automatic, 1/3}]["Path"]', "{{0, a}, {1/3, b}, {2/3, c}}"),
    ('(TimeSeries[{1, 2, 3}, {{0, 1/3, 2/3}}] + 1)["Times"]', "{0, 1/3, 2/3}"),
    ('TimeSeries[{a, b, c}, {Automatic, 1, 1/4}]["FirstTime"]', "1/2"),
    ('TimeSeries[{a, b, c}, {0.5, 1}]["Times"]', "{0.5, 0.75, 1.}"),
    ('TimeSeries[{a, b, c}, {0, Automatic, 2}]["Times"]', "{0, 2, 4}"),
    ('TimeSeries[{a, b, c}, {Automatic, 10, 2}]["Times"]', "{6, 8, 10}"),
    ('TimeSeries[{a, b, c}, {{3, 1, 2}}]["Values"]', "{b, c, a}"),
    # pairs are sorted by time; an association's keys are times
    ('TimeSeries[{{2, x}, {1, y}}]["Path"]', "{{1, y}, {2, x}}"),
    ('TimeSeries[<|1 -> a, 0 -> b|>]["Values"]', "{b, a}"),
    # vector values
    ('TimeSeries[{{1, 2, 3}, {4, 5, 6}}]["ValueDimensions"]', "3"),
    ('TimeSeries[{{1, 2, 3}, {4, 5, 6}}][0.5]', "{2.5, 3.5, 4.5}"),
    # values at times: linear between stamps, Missing outside
    ('TimeSeries[{{0, 1}, {2, 5}}][{0, 0.5, 2}]', "{1, 2., 5}"),
    ('TimeSeries[{1, 2}][3]', 'Missing["NotAvailable"]'),
    ('ts = TimeSeries[{5, 7, 9}, {10, 20}]; {ts["FirstTime"], ts["LastValue"], ts["PathLength"]}',
     "{10, 9, 3}"),
    ('Normal[TimeSeries[{5, 7}]] == TimeSeries[{5, 7}]["Path"]', "True"),
    # functions of the values
    ('((2 TimeSeries[{1, 2, 3}] + 1)^2)["Values"]', "{9, 25, 49}"),
    ('(TimeSeries[{1, 2, 3}] - TimeSeries[{1, 1, 1}])["Values"]', "{0, 1, 2}"),
    ('{Mean[#], Total[#], Max[#], MinMax[#]} &[TimeSeries[{1, 2, 6}]]', "{3, 9, 6, {1, 6}}"),
    ('Accumulate[TimeSeries[{1, 2, 3}]]["Values"]', "{1, 3, 6}"),
    ('Rescale[TimeSeries[{1, 2, 3}]]["Values"]', "{0, 1/2, 1}"),
    # windows and differences are stamped at their right end
    ('MovingAverage[TimeSeries[{1, 2, 3, 4}], 2]["Path"]', "{{1, 3/2}, {2, 5/2}, {3, 7/2}}"),
    ('Differences[TimeSeries[{1, 4, 9}]]["Path"]', "{{1, 3}, {2, 5}}"),
    ('TimeSeriesWindow[TimeSeries[{1, 2, 3, 4}], {1, 2}]["Path"]', "{{1, 2}, {2, 3}}"),
    ('TimeSeriesMap[f, TimeSeries[{1, 2}]]["Values"]', "{f[1], f[2]}"),
])
def test_time_series(text, expected):
    check(text, expected, evaluate_expected=True)


def test_dates_as_times():
    r = run('d = TimeSeries[Range[10], {DateObject[{2020, 1, 1}], Automatic, "Day"}]; '
            '{d["FirstDate"], d["LastDate"], d["Times"][[;; 2]], d[DateObject[{2020, 1, 3}]], '
            'd["DatePath"][[2]], MovingAverage[d, 3]["FirstDate"], '
            'TimeSeriesWindow[d, {DateObject[{2020, 1, 2}], DateObject[{2020, 1, 4}]}]["Values"]}')
    assert not r.messages
    check_same = run('{DateObject[{2020, 1, 1}, "Day"], DateObject[{2020, 1, 10}, "Day"], '
                     '{3786825600, 3786912000}, 3, {DateObject[{2020, 1, 2}, "Day"], 2}, '
                     'DateObject[{2020, 1, 3}, "Day"], {2, 3, 4}}')
    assert output_form(r.value) == output_form(check_same.value)
    # a month step keeps the calendar (Jan 31, Feb 29, Mar 31) and date lists are dates
    r = run('{TimeSeries[Range[3], {{2020, 1, 31}, Automatic, "Month"}]["Dates"], '
            'TimeSeries[{{{2020, 1, 5}, 1}, {{2020, 1, 1}, 2}}]["Values"]}')
    assert output_form(r.value) == ('{{Day: Fri 31 Jan 2020, Day: Sat 29 Feb 2020, '
                                    'Day: Tue 31 Mar 2020}, {2, 1}}')
    r = run('TimeSeries[Range[300], {DateObject[{2020, 1, 1}], Automatic, "Day"}]')
    assert output_form(r.value) == "TimeSeries[Time: 01 Jan 2020 to 26 Oct 2020, Data points: 300]"
    r = run('TimeSeries[{3, 1, 4}, {DateObject[{2021, 1}], Automatic, "Month"}]')
    assert output_form(r.value) == "TimeSeries[Time: Jan 2021 to Mar 2021, Data points: 3]"


def test_plots_draw_a_series_as_its_path():
    r = run('d = TimeSeries[Range[5], {DateObject[{2020, 1, 1}], Automatic, "Day"}]; '
            '{Head[ListLinePlot[d]], Head[ListPlot[{d, 2 d}]], Head[DateListPlot[d]], '
            'Head[DateListPlot[{d, d + 1}, PlotLegends -> {"a", "b"}]]}')
    assert not r.messages
    assert output_form(r.value) == "{Graphics, Graphics, Graphics, Legended}"


@pytest.mark.parametrize("text,tag", [
    ("TimeSeries[x]", "TimeSeries::tsdata"),
    ("TimeSeries[{{1, 2}, {3}}, Automatic]", "TimeSeries::tsdims"),
    ("TimeSeries[{1, 2}, {a}]", "TimeSeries::tspec"),
    ('TimeSeries[{1, 2}]["Foo"]', "TimeSeries::prop"),
])
def test_bad_input_says_why_and_stays_unevaluated(text, tag):
    r = run(text)
    assert [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0] for m in r.messages] == [tag]
    assert output_form(r.value).startswith("TimeSeries[")


@pytest.mark.parametrize("text,expected", [
    # windows of size w end at each time t (times t - w to t) and lie within the data
    ("MovingMap[f, {a, b, c, d, e}, 2]", "{f[{a, b, c}], f[{b, c, d}], f[{c, d, e}]}"),
    ("MovingMap[Total, {1, 2, 4, 8}, {1, Left}]", "{3, 6, 12}"),
    ("MovingMap[Total, {1, 2, 4, 8, 16}, {2, Center}]", "{7, 14, 28}"),
    ('MovingMap[Mean, {1, 2, 4, 8}, Quantity[2, "Events"]]', "{3/2, 3, 6}"),
    # irregular times: a window holds the points within its span
    ("MovingMap[f, {{1, a}, {2, b}, {4, c}, {5, d}}, 2]", "{{4, f[{b, c}]}, {5, f[{c, d}]}}"),
    ("MovingMap[#Times &, {1, 2, 3}, 1]", "{{1, 2}, {2, 3}}"),
    ('MovingMap[Mean, TimeSeries[{1, 2, 4, 8}], 1]["Path"]', "{{1, 3/2}, {2, 3}, {3, 6}}"),
    ("Length[DateRange[DateObject[{2020, 1, 1}], DateObject[{2020, 1, 31}]]]", "31"),
    ('AbsoluteTime /@ DateRange[{2020, 1, 1}, {2020, 1, 15}, {1, "Week"}] == '
     'AbsoluteTime /@ {{2020, 1, 1}, {2020, 1, 8}, {2020, 1, 15}}', "True"),
    ('ExponentialMovingAverage[TimeSeries[{1, 3, 5}], 1/2]["Values"]', "{1, 2, 7/2}"),
    ('MovingMedian[TimeSeries[{1, 5, 2, 8, 3}], 3]["Path"]', "{{2, 2}, {3, 5}, {4, 3}}"),
    # resampling interpolates linearly; shifting moves the times
    ('TimeSeriesResample[TimeSeries[{{0, 0}, {4, 8}}], 1]["Values"]', "{0, 2, 4, 6, 8}"),
    ('TimeSeriesResample[TimeSeries[{{0, 0}, {1, 1}, {3, 3}}]]["Times"]', "{0, 1, 2, 3}"),
    ('TimeSeriesResample[TimeSeries[{{0, 0}, {4, 8}}], {{1, 3}}]["Path"]', "{{1, 2}, {3, 6}}"),
    ('TimeSeriesResample[TimeSeries[{{{2020, 1, 1}, 0}, {{2020, 1, 5}, 8}}], "Day"]["Values"]',
     "{0, 2, 4, 6, 8}"),
    ('TimeSeriesShift[TimeSeries[{1, 2}], -1]["Times"]', "{-1, 0}"),
    # aggregation over left-closed windows of a width, stamped at their centres by default
    ("TimeSeriesAggregate[{1, 2, 3, 4, 5, 6, 7}, 3, Total]", "{6, 15, 7}"),
    ('TimeSeriesAggregate[TimeSeries[{1, 2, 3, 4, 5, 6, 7}], 3]["Path"]',
     "{{1.5, 2}, {4.5, 5}, {7.5, 7}}"),
    ('TimeSeriesAggregate[TimeSeries[{1, 2, 3, 4, 5, 6, 7}], {3, Left}]["Times"]', "{0, 3, 6}"),
    ("TimeSeriesAggregate[{{0, a}, {1, b}, {5, c}}, 2, f]", "{{1, f[{a, b}]}, {5, f[{c}]}}"),
    ('TimeSeriesAggregate[TimeSeries[Range[60], {{2020, 1, 1}, Automatic, "Day"}], '
     '{"Month", Left}]["Values"]', "{16, 46}"),
    ('AbsoluteTime[TimeSeriesShift[TimeSeries[{{{2020, 1, 1}, 0}, {{2020, 1, 5}, 8}}], '
     '{1, "Month"}]["FirstDate"]] == AbsoluteTime[{2020, 2, 1}]', "True"),
])
def test_moving_windows_and_date_ranges(text, expected):
    check(text, expected, evaluate_expected=True)


def test_moving_map_of_a_date_series_counts_days():
    r = run('d = TimeSeries[Range[10], {DateObject[{2020, 1, 1}], Automatic, "Day"}]; '
            'm = MovingMap[Mean, d, 2]; {m["FirstDate"] == DateObject[{2020, 1, 3}, "Day"], '
            'm["Values"], MovingMap[f, {1, 2}, x]}')
    assert output_form(r.value) == "{True, {2, 3, 4, 5, 6, 7, 8, 9}, MovingMap[f, {1, 2}, x]}"
    assert [m.split(":")[0] for m in r.messages] == ["MovingMap"]


@pytest.mark.parametrize("text, expected", [
    ('TimeSeriesRescale[TimeSeries[{1, 3, 2, 5, 4}], {0, 1}]["Times"]', "{0, 1/4, 1/2, 3/4, 1}"),
    ('TimeSeriesRescale[TimeSeries[{1, 3, 2}], {0., 2.}]["Path"]',
     "{{0., 1}, {1., 3}, {2., 2}}"),
    ('TimeSeriesThread[Total, {TimeSeries[{1, 2}], TimeSeries[{10, 20}]}]["Values"]',
     "{11, 22}"),
    # the times of either series, within the span both cover, values interpolated
    ('TimeSeriesThread[Mean, {TimeSeries[{{0, 0}, {2, 2}}], TimeSeries[{{1, 10}, {3, 30}}]}]'
     '["Path"]', "{{1, 11/2}, {2, 11}}"),
])
def test_rescale_and_thread(text, expected):
    check(text, expected, evaluate_expected=True)


@pytest.mark.parametrize("text, expected", [
    # a series of dates: Normal gives its dates, as "DatePath" does
    ('Normal[TimeSeries[{1, 3}, {{2020, 1, 1}, Automatic, "Day"}]] === '
     'TimeSeries[{1, 3}, {{2020, 1, 1}, Automatic, "Day"}]["DatePath"]', "True"),
    ('Head[Normal[TimeSeries[{1, 3}, {{2020, 1, 1}, Automatic, "Day"}]][[1, 1]]]',
     "DateObject"),
    ("RegularlySampledQ[TimeSeries[{1, 2, 3}]]", "True"),
    ("RegularlySampledQ[TimeSeries[{{0, 1}, {1, 2}, {3, 3}}]]", "False"),
    ('RegularlySampledQ[TimeSeries[{1, 2, 3}, {{2020, 1, 31}, Automatic, "Month"}]]', "True"),
    ("RegularlySampledQ[3]", "False"),
])
def test_date_normal_and_regular_sampling(text, expected):
    check(text, expected, evaluate_expected=True)
