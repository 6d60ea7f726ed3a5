"""Dates: DateObject, DateList, AbsoluteTime, UnixTime, DayName, DatePlus, DateDifference,
Now/Today (values computed at each use), DateString of a given date."""

import datetime

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("dates"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_now_and_today_are_the_current_moment_each_time():
    r = run("{First[Today], DateList[][[;; 3]]}")
    today, listed = r.value.args
    assert today == listed
    d = datetime.date.today()
    assert [a.value for a in today.args] == [d.year, d.month, d.day]
    check("Now === Now", "False")
    check("Head[Now]", "DateObject")


@pytest.mark.parametrize("text,expected", [
    ("AbsoluteTime[{2000, 1, 1}]", "3155673600"),
    ("DateList[3155673600]", "{2000, 1, 1, 0, 0, 0.}"),
    ("DateList[\"2026-12-06\"]", "{2026, 12, 6, 0, 0, 0.}"),
    ("DayName[{2000, 1, 1}]", "Saturday"),
    ("DatePlus[{2024, 2, 28}, 1]", "{2024, 2, 29}"),
    ("DatePlus[{2024, 2, 29}, {1, \"Year\"}]", "{2025, 2, 28}"),
    ("DateDifference[{2024, 1, 1}, {2025, 1, 1}]", "Quantity[366, \"Days\"]"),
    # months and years as the calendar counts them: whole ones, then a fraction of the next
    ("DateDifference[{2020, 1, 1}, {2020, 3, 15}, \"Month\"]", "Quantity[2.4516129032258065, \"Months\"]"),
    ("DateDifference[{2020, 1, 1}, {2021, 3, 15}, \"Year\"]", "Quantity[1.2, \"Years\"]"),
    ("DateDifference[{2020, 1, 1}, {2021, 1, 1}, \"Year\"]", "Quantity[1, \"Years\"]"),
    # fractions of months and years: of the next month's or year's length, as counted back
    ("DatePlus[{2020, 1, 1}, {1.5, \"Month\"}]", "{2020, 2, 15, 12, 0, 0.}"),
    ("DatePlus[{2020, 1, 1}, {0.5, \"Year\"}]", "{2020, 7, 2}"),
    ("DateDifference[{2020, 1, 1}, DatePlus[{2020, 1, 1}, {1.5, \"Month\"}], \"Month\"]",
     "Quantity[1.5, \"Months\"]"),
    ("DateDifference[{2020, 3, 15}, {2020, 1, 1}, \"Month\"]",
     "Quantity[-2.4516129032258065, \"Months\"]"),
    ("DateString[{2026, 12, 6, 10, 4, 5}, {\"Year\", \"/\", \"Month\"}]", "\"2026/12\""),
    ("DateString[DateObject[{2026, 1, 2}], \"ISODate\"]", "\"2026-01-02\""),
    # a date plus a time Quantity, a date minus a date
    ("First[DateObject[{2024, 3, 5}] + Quantity[3, \"Days\"]]", "{2024, 3, 8}"),
    ("First[DateObject[{2024, 12, 31}] + Quantity[2, \"Weeks\"]]", "{2025, 1, 14}"),
    ("DateObject[{2024, 3, 5}] - DateObject[{2024, 1, 1}]", "Quantity[64, \"Days\"]"),
    # ranges keep a month's day where it exists
    ("First /@ DateRange[{2024, 1, 1}, {2024, 1, 3}]", "{{2024, 1, 1}, {2024, 1, 2}, {2024, 1, 3}}"),
    ("First /@ DateRange[{2024, 1, 31}, {2024, 4, 30}, \"Month\"]",
     "{{2024, 1, 31}, {2024, 2, 29}, {2024, 3, 31}, {2024, 4, 30}}"),
    ("First /@ DateRange[{2024, 1, 1}, {2024, 1, 15}, {1, \"Week\"}]",
     "{{2024, 1, 1}, {2024, 1, 8}, {2024, 1, 15}}"),
    ("DateValue[{2024, 3, 5}, {\"Year\", \"Month\", \"Day\", \"DayName\", \"Quarter\", "
     "\"DayOfYear\"}]", "{2024, 3, 5, Tuesday, 1, 65}"),
    ("DayCount[{2024, 1, 1}, {2024, 3, 1}]", "60"),
    ("LeapYearQ /@ {2024, 2000, 1900, 2023}", "{True, True, False, False}"),
    ("LeapYearQ[DateObject[{2024, 5, 1}]]", "True"),
    ("First[FromDateString[\"2024-03-05\"]]", "{2024, 3, 5}"),
    ("First[TimeObject[{14, 7, 9}]]", "{14, 7, 9.}"),
    ("TimeObject[{14, 7}][[2]]", "\"Minute\""),
    ("First[TimeObject[{25, 30}]]", "{1, 30}"),
    ("First[TimeObject[DateObject[{2024, 3, 5, 10, 30, 15}]]]", "{10, 30, 15.}"),
])
def test_date_arithmetic_and_forms(text, expected):
    check(text, expected)


def test_dates_print_as_wl_shows_them():
    assert run("ToString[DateObject[{2026, 12, 6}]]").value.value == "Day: Sun 6 Dec 2026"
    assert run("ToString[DateObject[{2026, 12, 6, 10, 4, 5.}]]").value.value == \
        "Instant: Sun 6 Dec 2026 10:04:05"


def test_times_print_as_wl_shows_them():
    assert run("ToString[TimeObject[{14, 7, 9}]]").value.value == "14:07:09"
    assert run("ToString[TimeObject[{9, 5}]]").value.value == "09:05"


def test_bad_dates_and_units_give_messages():
    assert run("DateList[x]").tags == ["DateList::date"]
    assert run("DatePlus[{2026, 1, 1}, {1, \"Fortnight\"}]").tags == ["DatePlus::unit"]
    assert run("DateString[{2026, 1, 1}, \"Nonsense\"]").tags == ["DateString::str"]
    assert run("DateValue[{2026, 1, 1}, \"Nonsense\"]").tags == ["DateValue::elem"]
    assert run("DateRange[{2026, 1, 1}, {2026, 2, 1}, {1, \"Fortnight\"}]").tags == \
        ["DateRange::unit"]


@pytest.mark.parametrize("text,expected", [
    # dates compare as moments, whatever form wrote them
    ('DateObject[{2020, 1, 3}, "Day"] == DatePlus[DateObject[{2020, 1, 2}], 1]', "True"),
    ("DateObject[{2020, 1, 3}] < DateObject[{2020, 1, 4}]", "True"),
    ("DateObject[{2020, 1, 3}] >= DateObject[{2020, 1, 4}]", "False"),
    ("DateObject[{2020, 1, 3}] != DateObject[{2020, 1, 4}]", "True"),
    # inside lists too
    ("{DateObject[{2020, 1, 1}], 1} == {DateObject[{2020, 1, 2}], 1}", "False"),
    ("{DateObject[{2020, 1, 1}]} == {DateObject[{2020, 1, 1}, \"Day\"]}", "True"),
    ("Select[{DateObject[{2020, 1, 1}], DateObject[{2020, 2, 1}]}, # >= DateObject[{2020, 1, 15}] &]"
     " == {DateObject[{2020, 2, 1}]}", "True"),
])
def test_dates_compare_as_moments(text, expected):
    check(text, expected)
    # a date and a number are not compared
    r = run("DateObject[{2020, 1, 3}] == 5")
    assert r.value.head.name == "Equal"


def test_dates_show_and_print_by_their_granularity():
    assert run("ToString[DateObject[{2026, 3}]]").value.value == "Month: March 2026"
    assert run("ToString[DateObject[{2026}]]").value.value == "Year: 2026"
    assert run("ToString[DateObject[{2026, 3, 5, 10, 4}]]").value.value == \
        "Minute: Thu 5 Mar 2026 10:04"
    check("DateString[DateObject[{2026, 1, 5}]]", '"Mon 5 Jan 2026"')
    check("DateString[DateObject[{2026, 3}]]", '"March 2026"')
    check("DateString[{2026, 1, 5}]", '"Mon 5 Jan 2026 00:00:00"')       # a date list: an instant
    check('DateObject[{2026, 1, 31}] + Quantity[1, "Months"]', "DateObject[{2026, 2, 28}, \"Day\", \"Gregorian\", 0.]")
    assert run('Quantity[1, "Months"]').messages == []


@pytest.mark.parametrize("text, expected", [
    # several units: whole ones of each in turn, the last taking the rest
    ('DateDifference[{2020, 1, 1}, {2021, 3, 1}, {"Year", "Month"}]',
     'Quantity[MixedMagnitude[{1, 2}], MixedUnit[{"Years", "Months"}]]'),
    ('DateDifference[{2020, 1, 1}, {2020, 2, 16}, {"Month", "Day"}]',
     'Quantity[MixedMagnitude[{1, 15}], MixedUnit[{"Months", "Days"}]]'),
    ('DateDifference[{2020, 1, 1}, {2020, 1, 2, 12}, {"Day", "Hour"}]',
     'Quantity[MixedMagnitude[{1, 12}], MixedUnit[{"Days", "Hours"}]]'),
    ('ToString[DateDifference[{2020, 1, 1}, {2021, 3, 1}, {"Year", "Month"}]]',
     '"1 yr 2 mo"'),
])
def test_date_difference_in_several_units(text, expected):
    check(text, expected)


@pytest.mark.parametrize("text, expected", [
    ("Max[{DateObject[{2020, 1, 1}], DateObject[{2020, 3, 1}]}] === DateObject[{2020, 3, 1}]",
     "True"),
    ("Min[DateObject[{2020, 1, 1}], DateObject[{2020, 3, 1}]] === DateObject[{2020, 1, 1}]",
     "True"),
    ("DayOfWeek[DateObject[{2020, 1, 1}]]", "Wednesday"),
])
def test_latest_earliest_and_day_of_week(text, expected):
    check(text, expected)


@pytest.mark.parametrize("text, expected", [
    # date strings with a time to the minute, US order, month names, fractional seconds
    ('DateObject["2024-03-15 10:00"]',
     'DateObject[{2024, 3, 15, 10, 0}, "Minute", "Gregorian", 0.]'),
    ('DateList["3/15/2024"]', "{2024, 3, 15, 0, 0, 0.}"),
    ('DateList["March 2024"]', "{2024, 3, 1, 0, 0, 0.}"),
    ('DateList["2024-03-15T10:20:30.5"]', "{2024, 3, 15, 10, 20, 30.5}"),
    ('First[DateObject["Friday, March 15, 2024"]]', "{2024, 3, 15}"),
])
def test_date_strings_of_common_forms(text, expected):
    check(text, expected)


def test_tomorrow_and_yesterday_are_a_day_from_today():
    check("{Tomorrow - Today, Today - Yesterday}", '{Quantity[1, "Days"], Quantity[1, "Days"]}')
    check('Yesterday[[2]]', '"Day"')
