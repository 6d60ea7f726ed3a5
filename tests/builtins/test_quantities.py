"""Quantity: units, conversion, arithmetic, comparison, printing (values as WL's
reference pages give them)."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("quantities"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text,expected", [
    ('Quantity[5, "Meters"] + Quantity[20, "Centimeters"]', 'Quantity[26/5, "Meters"]'),
    ('Quantity[10, "Meters"]/Quantity[2, "Seconds"]', 'Quantity[5, "Meters"/"Seconds"]'),
    ('UnitConvert[Quantity[5, "Meters"/"Seconds"], "Kilometers"/"Hours"]',
     'Quantity[18, "Hours"^-1 "Kilometers"]'),
    ('Quantity[3, "m"]^2', 'Quantity[9, "Meters"^2]'),
    ('2 Quantity[3, "kg"]', 'Quantity[6, "Kilograms"]'),
    ('Quantity[2, "m"/"s"] Quantity[3, "s"]', 'Quantity[6, "Meters"]'),
    ('Quantity[1, "Meters"]/Quantity[50, "Centimeters"]', "2"),
    ('Quantity[1, "Meters"] > Quantity[1, "Feet"]', "True"),
    ('UnitConvert[Quantity[180, "AngularDegrees"], "Radians"]', 'Quantity[Pi, "Radians"]'),
    ('UnitConvert[Quantity[0, "DegreesCelsius"], "Kelvins"]', 'Quantity[5463/20, "Kelvins"]'),
    ('UnitConvert[Quantity[1, "Gigabytes"], "Megabytes"]', 'Quantity[1000, "Megabytes"]'),
    ('QuantityMagnitude[Quantity[2, "Hours"], "Minutes"]', "120"),
    ('QuantityUnit[Quantity[3, "km"]]', '"Kilometers"'),
    ('Total[{Quantity[1, "Meters"], Quantity[2, "Meters"]}]', 'Quantity[3, "Meters"]'),
    ('N[Quantity[1/3, "Meters"]]', 'Quantity[0.3333333333333333, "Meters"]'),
    ('CompatibleUnitQ[Quantity[1, "Meters"], Quantity[1, "Feet"]]', "True"),
    ('UnitDimensions["Newtons"]', '{{"LengthUnit", 1}, {"MassUnit", 1}, {"TimeUnit", -2}}'),
    # functions of the magnitude keep the unit (Sign is the magnitude's sign), so the
    # spread of quantities (through Conjugate) is a quantity
    ('{Abs[Quantity[-2, "Meters"]], Round[Quantity[2.6, "Seconds"]], '
     'Conjugate[Quantity[-1.5, "Meters"]], Sign[Quantity[-3, "Seconds"]]}',
     '{Quantity[2, "Meters"], Quantity[3, "Seconds"], Quantity[-1.5, "Meters"], -1}'),
    ('Variance[{Quantity[1, "Meters"], Quantity[3, "Meters"]}]', 'Quantity[2, "Meters"^2]'),
    ('StandardDeviation[{Quantity[1., "Meters"], Quantity[300, "Centimeters"]}]',
     'Quantity[1.4142135623730951, "Meters"]'),
])
def test_quantity_arithmetic(text, expected):
    check(text, expected, evaluate_expected=True)


def test_printing_and_messages():
    assert run('ToString[Quantity[5, "Meters"/"Seconds"]]').value.value == "5 m/s"
    assert run('ToString[Quantity[3, "Meters"^2]]').value.value == "3 m^2"
    # a magnitude that prints as a sum is parenthesized before its unit
    assert run('ToString[Quantity[a + b, "Meters"]]').value.value == "(a + b) m"
    assert run('ToString[Quantity[3 + 4 I, "Meters"]]').value.value == "(3 + 4 I) m"
    assert run('ToString[Quantity[2 I, "Meters"]]').value.value == "2 I m"
    # percent and angle degrees are written against the number
    assert run('ToString[{Quantity[10, "Percent"], Quantity[30, "AngularDegrees"]}]'
               ).value.value == "{10%, 30\u00b0}"
    assert run('ToString[Quantity[3, "DegreesCelsius"]]').value.value == "3 \u00b0C"
    # a quantity binds as a product: parenthesized in a power, subtracted in a sum
    assert run('ToString[Hold[Quantity[3, "Meters"]^2]]').value.value == "Hold[(3 m)^2]"
    assert run('ToString[x - Quantity[3, "Meters"]]').value.value == "x - 3 m"
    assert run('ToString[Quantity[Around[140.764, 0.023], "Meters"]]').value.value == \
        "(140.764 \u00b1 0.023) m"
    assert run('Quantity[5, "Foo"]').tags == ["Quantity::unkunit"]
    r = run('Quantity[1, "Meters"] + Quantity[1, "Seconds"]')
    assert set(r.tags) == {"Quantity::compat"} and r.value.head.name == "Plus"


def test_nettrain_units_stay_what_nettrain_reads():
    check('Quantity[2, "Rounds"]', 'Quantity[2, "Rounds"]')
    check('Quantity[50, "Batch"]', 'Quantity[50, "Batches"]')
    check('Quantity[5, "Minutes"]', 'Quantity[5, "Minutes"]')


def test_a_unit_written_as_a_word_is_singular_after_exactly_one():
    from tests.builtins._support import run as run_text
    assert run_text('ToString[{Quantity[1, "Days"], Quantity[2, "Days"], '
                    'Quantity[1.5, "Days"]}]').value.value == "{1 day, 2 days, 1.5 days}"
