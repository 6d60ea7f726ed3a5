"""RandomDate (wlnet/builtins/random_date.py): dates within the range asked, of the
granularity asked, in the shape asked, repeatable with SeedRandom."""

import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("random_date"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_dates_fall_in_their_range():
    r = Runner()
    r.run("SeedRandom[4]; lo = DateObject[{2000, 1, 1}]; hi = DateObject[{2020, 12, 31}]; "
          "ds = RandomDate[{lo, hi}, 50];")
    check("Length[ds]", "50", runner=r)
    check("And @@ (lo <= # <= hi & /@ ds)", "True", runner=r)
    check("Union[#[[2]] & /@ ds]", '{"Instant"}', runner=r)
    # a month stands for its days; a granularity cuts the dates to it
    check('Union[DateValue[RandomDate[DateObject[{1985, 8}, "Month"], 20, '
          'DateGranularity -> "Day"], {"Year", "Month"}]]', "{{1985, 8}}", runner=r)
    check('Union[#[[2]] & /@ RandomDate[{lo, hi}, 5, DateGranularity -> "Day"]]', '{"Day"}',
          runner=r)
    check("Dimensions[RandomDate[{lo, hi}, {2, 3}]]", "{2, 3}", runner=r)
    check('Head[RandomDate[Quantity[3, "Years"]]]', "DateObject", runner=r)
    check("DateValue[RandomDate[], \"Year\"] == DateValue[Now, \"Year\"]", "True", runner=r)
    check("SeedRandom[1]; a = RandomDate[{lo, hi}]; SeedRandom[1]; a == RandomDate[{lo, hi}]",
          "True", runner=r)


@pytest.mark.parametrize("text,tag", [
    ("RandomDate[foo]", "RandomDate::range"),
    ("RandomDate[{DateObject[{2000}], DateObject[{2001}]}, -1]", "RandomDate::count"),
    ('RandomDate[DateObject[{2000}], DateGranularity -> "Fortnight"]', "RandomDate::gran"),
])
def test_messages(text, tag):
    assert run(text).tags == [tag]


def test_date_value_of_a_list_of_dates():
    check('DateValue[{DateObject[{2020, 3, 1}], DateObject[{2021, 5, 2}]}, "Year"]',
          "{2020, 2021}")
    check('DateValue[{2024, 3, 5}, "Year"]', "2024")
