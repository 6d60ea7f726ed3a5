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
    ("DateString[{2026, 12, 6, 10, 4, 5}, {\"Year\", \"/\", \"Month\"}]", "\"2026/12\""),
    ("DateString[DateObject[{2026, 1, 2}], \"ISODate\"]", "\"2026-01-02\""),
])
def test_date_arithmetic_and_forms(text, expected):
    check(text, expected)


def test_dates_print_as_wl_shows_them():
    assert run("ToString[DateObject[{2026, 12, 6}]]").value.value == "Day: Sun 6 Dec 2026"
    assert run("ToString[DateObject[{2026, 12, 6, 10, 4, 5.}]]").value.value == \
        "Instant: Sun 6 Dec 2026 10:04:05"


def test_bad_dates_and_units_give_messages():
    assert run("DateList[x]").tags == ["DateList::date"]
    assert run("DatePlus[{2026, 1, 1}, {1, \"Fortnight\"}]").tags == ["DatePlus::unit"]
    assert run("DateString[{2026, 1, 1}, \"Nonsense\"]").tags == ["DateString::str"]


@pytest.mark.parametrize("text,expected", [
    # dates compare as moments, whatever form wrote them
    ('DateObject[{2020, 1, 3}, "Day"] == DatePlus[DateObject[{2020, 1, 2}], 1]', "True"),
    ("DateObject[{2020, 1, 3}] < DateObject[{2020, 1, 4}]", "True"),
    ("DateObject[{2020, 1, 3}] >= DateObject[{2020, 1, 4}]", "False"),
    ("DateObject[{2020, 1, 3}] != DateObject[{2020, 1, 4}]", "True"),
    ("Select[{DateObject[{2020, 1, 1}], DateObject[{2020, 2, 1}]}, # >= DateObject[{2020, 1, 15}] &]"
     " == {DateObject[{2020, 2, 1}]}", "True"),
])
def test_dates_compare_as_moments(text, expected):
    check(text, expected)
    # a date and a number are not compared
    r = run("DateObject[{2020, 1, 3}] == 5")
    assert r.value.head.name == "Equal"
