"""Physical quantities with units: ``Quantity``, ``UnitConvert``, ``QuantityMagnitude``,
``QuantityUnit``, ``QuantityQ``, ``CompatibleUnitQ``, ``UnitDimensions``, and arithmetic and
comparison of quantities.

A unit is a string naming one of the units below ("Meters", "Kilograms", "Seconds", …; the
usual abbreviations "m", "kg", "s", "km", "h", … are read as them), or products, quotients
and powers of such strings (``"Meters"/"Seconds"``, ``"Meters"^2``), as in WL.  Each unit
is a factor times powers of the SI base dimensions, so compatible quantities convert and
add (``Quantity[5, "Meters"] + Quantity[20, "Centimeters"]`` is ``Quantity[26/5,
"Meters"]``, in the first's unit as WL gives it), products and quotients combine their
units, and dimensionless results become plain numbers.  Exact factors stay exact.
Temperatures convert with their offsets (Kelvins, DegreesCelsius, DegreesFahrenheit) when
converted alone, as WL does for absolute temperatures.
"""

from __future__ import annotations

from fractions import Fraction

from wlnet.builtins._listutil import float_value, from_number, is_list
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Rational, S, String, Symbol
from wlnet.core.registry import builtin, builtin_upvalue

QUANTITY = Symbol("Quantity")
_DIMENSIONS = ("LengthUnit", "MassUnit", "TimeUnit", "ElectricCurrentUnit",
               "TemperatureUnit", "AmountUnit", "LuminousIntensityUnit", "AngleUnit",
               "InformationUnit", "RoundsUnit", "BatchesUnit")
_MESSAGES = {
    "unkunit": "Unable to interpret unit specification `1`.",
    "compat": "`1` and `2` are incompatible units.",
}


def _u(factor, **dims):
    vector = tuple(dims.get(d, 0) for d in ("L", "M", "T", "I", "Th", "N", "J", "A", "B",
                                            "R", "Bt"))
    return Fraction(factor), vector


# name -> (factor to SI, base dimensions), abbreviations -> names
_UNITS = {
    "Meters": _u(1, L=1), "Centimeters": _u(Fraction(1, 100), L=1),
    "Millimeters": _u(Fraction(1, 1000), L=1), "Micrometers": _u(Fraction(1, 10**6), L=1),
    "Nanometers": _u(Fraction(1, 10**9), L=1), "Kilometers": _u(1000, L=1),
    "Inches": _u(Fraction(254, 10000), L=1), "Feet": _u(Fraction(3048, 10000), L=1),
    "Yards": _u(Fraction(9144, 10000), L=1), "Miles": _u(Fraction(1609344, 1000), L=1),
    "Kilograms": _u(1, M=1), "Grams": _u(Fraction(1, 1000), M=1),
    "Milligrams": _u(Fraction(1, 10**6), M=1), "Pounds": _u(Fraction(45359237, 10**8), M=1),
    "MetricTons": _u(1000, M=1),
    "Seconds": _u(1, T=1), "Milliseconds": _u(Fraction(1, 1000), T=1),
    "Microseconds": _u(Fraction(1, 10**6), T=1), "Nanoseconds": _u(Fraction(1, 10**9), T=1),
    "Minutes": _u(60, T=1), "Hours": _u(3600, T=1), "Days": _u(86400, T=1),
    "Weeks": _u(604800, T=1), "Months": _u(31536000 // 12, T=1), "Years": _u(31536000, T=1),
    "Amperes": _u(1, I=1), "Kelvins": _u(1, Th=1), "DegreesCelsius": _u(1, Th=1),
    "DegreesFahrenheit": _u(Fraction(5, 9), Th=1), "Moles": _u(1, N=1),
    "Candelas": _u(1, J=1),
    "Radians": _u(1, A=1), "AngularDegrees": _u(1, A=1),    # factor Pi/180: see _ANGLE
    "Bits": _u(1, B=1), "Bytes": _u(8, B=1), "Kilobytes": _u(8000, B=1),
    "Megabytes": _u(8 * 10**6, B=1), "Gigabytes": _u(8 * 10**9, B=1),
    "Terabytes": _u(8 * 10**12, B=1), "Kibibytes": _u(8 * 1024, B=1),
    "Mebibytes": _u(8 * 1024**2, B=1), "Gibibytes": _u(8 * 1024**3, B=1),
    "Newtons": _u(1, M=1, L=1, T=-2), "Joules": _u(1, M=1, L=2, T=-2),
    "Kilojoules": _u(1000, M=1, L=2, T=-2), "Calories": _u(Fraction(4184, 1000), M=1, L=2, T=-2),
    "Kilocalories": _u(4184, M=1, L=2, T=-2), "Watts": _u(1, M=1, L=2, T=-3),
    "Kilowatts": _u(1000, M=1, L=2, T=-3), "KilowattHours": _u(3600000, M=1, L=2, T=-2),
    "Pascals": _u(1, M=1, L=-1, T=-2), "Kilopascals": _u(1000, M=1, L=-1, T=-2),
    "Bars": _u(100000, M=1, L=-1, T=-2), "Atmospheres": _u(101325, M=1, L=-1, T=-2),
    "Hertz": _u(1, T=-1), "Kilohertz": _u(1000, T=-1), "Megahertz": _u(10**6, T=-1),
    "Gigahertz": _u(10**9, T=-1), "Volts": _u(1, M=1, L=2, T=-3, I=-1),
    "Ohms": _u(1, M=1, L=2, T=-3, I=-2), "Coulombs": _u(1, T=1, I=1),
    "Liters": _u(Fraction(1, 1000), L=3), "Milliliters": _u(Fraction(1, 10**6), L=3),
    "Hectares": _u(10000, L=2), "Acres": _u(Fraction(40468564224, 10**7), L=2),
    "MetersPerSecond": _u(1, L=1, T=-1), "KilometersPerHour": _u(Fraction(1000, 3600), L=1, T=-1),
    "MilesPerHour": _u(Fraction(1609344, 3600000), L=1, T=-1),
    "Percent": _u(Fraction(1, 100)), "DimensionlessUnit": _u(1),
    "Samples": _u(1),              # a count of audio samples (AudioGenerator's durations)
    "Events": _u(1),               # a count of data points (MovingMap's window sizes)
    # NetTrain's intervals and goals count training rounds and batches
    "Rounds": _u(1, R=1), "Batches": _u(1, Bt=1),
}
_ANGLE = {"AngularDegrees"}        # its factor to radians, Pi/180, is not rational
_ABBREVIATIONS = {
    "m": "Meters", "cm": "Centimeters", "mm": "Millimeters", "km": "Kilometers",
    "nm": "Nanometers", "in": "Inches", "ft": "Feet", "mi": "Miles", "kg": "Kilograms",
    "g": "Grams", "mg": "Milligrams", "lb": "Pounds", "s": "Seconds", "ms": "Milliseconds",
    "min": "Minutes", "h": "Hours", "d": "Days", "A": "Amperes", "K": "Kelvins",
    "mol": "Moles", "rad": "Radians", "deg": "AngularDegrees", "N": "Newtons",
    "J": "Joules", "W": "Watts", "kW": "Kilowatts", "Pa": "Pascals", "Hz": "Hertz",
    "V": "Volts", "L": "Liters", "mL": "Milliliters", "B": "Bytes", "KB": "Kilobytes",
    "kB": "Kilobytes", "MB": "Megabytes", "GB": "Gigabytes", "TB": "Terabytes",
    "bit": "Bits", "%": "Percent", "°C": "DegreesCelsius", "°F": "DegreesFahrenheit",
    "Meter": "Meters", "Second": "Seconds", "Kilogram": "Kilograms", "Gram": "Grams",
    "Hour": "Hours", "Minute": "Minutes", "Day": "Days", "Byte": "Bytes", "Year": "Years",
    "Week": "Weeks", "Month": "Months", "Kilometer": "Kilometers", "Centimeter": "Centimeters",
    "Round": "Rounds", "Batch": "Batches", "Event": "Events",
}
_SYMBOLS = {"Meters": "m", "Centimeters": "cm", "Millimeters": "mm", "Kilometers": "km",
            "Micrometers": "μm", "Nanometers": "nm", "Inches": "in", "Feet": "ft",
            "Yards": "yd", "Miles": "mi", "Kilograms": "kg", "Grams": "g", "Milligrams": "mg",
            "Pounds": "lb", "Seconds": "s", "Milliseconds": "ms", "Microseconds": "μs",
            "Nanoseconds": "ns", "Minutes": "min", "Hours": "h", "Days": "days",
            "Weeks": "wk", "Months": "mo", "Years": "yr", "Amperes": "A", "Kelvins": "K",
            "DegreesCelsius": "°C", "DegreesFahrenheit": "°F", "Moles": "mol",
            "Radians": "rad", "AngularDegrees": "°", "Bits": "b", "Bytes": "B",
            "Kilobytes": "kB", "Megabytes": "MB", "Gigabytes": "GB", "Terabytes": "TB",
            "Newtons": "N", "Joules": "J", "Watts": "W", "Pascals": "Pa", "Hertz": "Hz",
            "Volts": "V", "Liters": "L", "Percent": "%", "Rounds": "rounds",
            "Batches": "batches"}
_OFFSETS = {"DegreesCelsius": Fraction(27315, 100),
            "DegreesFahrenheit": Fraction(45967, 100)}       # in the unit's own degrees



def _unit_name(name: str) -> str | None:
    if name in _UNITS:
        return name
    return _ABBREVIATIONS.get(name)


def unit_parts(unit) -> dict | None:
    """{unit name: power} of a unit expression; None when it is not one."""
    if type(unit) is String:
        name = _unit_name(unit.value)
        if name is None and "/" in unit.value:            # "m/s" written as one string
            top, _, bottom = unit.value.partition("/")
            a, b = unit_parts(String(top)), unit_parts(String(bottom))
            if a is None or b is None:
                return None
            return _combine(a, b, -1)
        return None if name is None else {name: 1}
    if type(unit) is Expr and unit.head is S.Times:
        out: dict = {}
        for a in unit.args:
            part = unit_parts(a)
            if part is None:
                return None
            out = _combine(out, part, 1)
        return out
    if type(unit) is Expr and unit.head is S.Power and len(unit.args) == 2 and \
            type(unit.args[1]) in (Integer, Rational):
        base = unit_parts(unit.args[0])
        if base is None:
            return None
        p = Fraction(unit.args[1].value) if type(unit.args[1]) is Integer else \
            Fraction(unit.args[1].numerator, unit.args[1].denominator)
        return {k: v * p for k, v in base.items()}
    if unit is S.DimensionlessUnit or (type(unit) is Integer and unit.value == 1):
        return {}
    return None


def _combine(a: dict, b: dict, sign: int) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0) + sign * v
        if out[k] == 0:
            del out[k]
    return out


def _factor_and_dims(parts: dict):
    factor, dims = Fraction(1), [Fraction(0)] * len(_DIMENSIONS)
    angle = Fraction(0)
    for name, power in parts.items():
        f, vector = _UNITS[name]
        if name in _ANGLE:
            angle += power
        factor *= f ** int(power) if power == int(power) else Fraction(float(f) ** float(power))
        dims = [d + power * v for d, v in zip(dims, vector)]
    return factor, tuple(dims), angle


def unit_expr(parts: dict):
    """The canonical unit expression of {name: power}: a string, or products and powers."""
    if not parts:
        return String("DimensionlessUnit")
    factors = []
    for name, power in sorted(parts.items()):
        p = Integer(int(power)) if power == int(power) else Rational(power.numerator,
                                                                     power.denominator)
        factors.append(String(name) if power == 1 else Expr(S.Power, String(name), p))
    return factors[0] if len(factors) == 1 else Expr(S.Times, *factors)


def _quantity(ev, magnitude, parts: dict):
    if not parts:
        return magnitude                      # dimensionless: the number itself
    return Expr(QUANTITY, magnitude, unit_expr(parts))


def _split(q):
    """(magnitude, unit parts) of a Quantity; None for anything else."""
    if type(q) is Expr and q.head is QUANTITY and len(q.args) == 2:
        parts = unit_parts(q.args[1])
        if parts is not None:
            return q.args[0], parts
    return None


def _conversion_factor(ev, source: dict, target: dict):
    """The number turning a magnitude in source units into target units (None if the
    dimensions differ)."""
    fs, ds, angle_s = _factor_and_dims(source)
    ft, dt, angle_t = _factor_and_dims(target)
    if ds != dt:
        return None
    factor = from_number(fs / ft)
    angle = angle_s - angle_t
    if angle:                                  # degrees: (Pi/180)^angle
        factor = Expr(S.Times, factor,
                      Expr(S.Power, Expr(S.Times, S.Pi, Rational(1, 180)), from_number(angle)))
    return factor


def magnitude_in(q, unit: str) -> float | None:
    """The magnitude of the Quantity ``q`` in ``unit`` (a unit name: "Seconds", "Hertz")
    as a float; None if ``q`` is not a quantity of numbers compatible with that unit.
    (For Python callers that read time and frequency arguments: no evaluator needed.)"""
    split = _split(q)
    magnitude = float_value(split[0]) if split is not None else None
    if magnitude is None:
        return None
    source = split[1]
    fs, ds, angle_s = _factor_and_dims(source)
    ft, dt, angle_t = _factor_and_dims({unit: 1})
    if ds != dt or angle_s != angle_t or any(name in _OFFSETS for name in source):
        return None
    return magnitude * float(fs / ft)


def _convert(ev, q, target: dict):
    split = _split(q)
    if split is None:
        return None
    magnitude, source = split
    if len(source) == 1 and len(target) == 1:
        (s, ps), (t, pt) = next(iter(source.items())), next(iter(target.items()))
        if ps == pt == 1 and (s in _OFFSETS or t in _OFFSETS) and \
                _UNITS[s][1] == _UNITS[t][1]:
            return _convert_temperature(ev, magnitude, s, t)
    factor = _conversion_factor(ev, source, target)
    if factor is None:
        return None
    return _quantity(ev, ev.evaluate(Expr(S.Times, magnitude, factor)), target)


def _convert_temperature(ev, magnitude, source: str, target: str):
    """Absolute temperatures: through Kelvins with each scale's offset."""
    f_s, f_t = _UNITS[source][0], _UNITS[target][0]
    off_s, off_t = _OFFSETS.get(source, Fraction(0)), _OFFSETS.get(target, Fraction(0))
    kelvins = Expr(S.Times, from_number(f_s), Expr(S.Plus, magnitude, from_number(off_s)))
    value = Expr(S.Plus, Expr(S.Times, kelvins, from_number(1 / f_t)), from_number(-off_t))
    return Expr(QUANTITY, ev.evaluate(value), String(target))


# ---------------------------------------------------------------------------- builtins

@builtin("Quantity", argc=(1, 2), attributes=("HoldRest", "NHoldRest", "Protected"),
         messages=_MESSAGES,
         usage="Quantity[magnitude, \"unit\"] is a physical quantity: units such as "
               "\"Meters\", \"Seconds\", \"Kilograms\" (abbreviations \"m\", \"s\", \"kg\"…), "
               "products and quotients of them; quantities add, multiply, compare and "
               "convert.  Quantity[\"unit\"] is one of the unit.",
         examples=(('Quantity[3, "km"]', 'Quantity[3, "Kilometers"]'),
                   ('Quantity[5, "Meters"] + Quantity[20, "Centimeters"]',
                    'Quantity[26/5, "Meters"]')))
def quantity(ev, magnitude, unit=None):
    if unit is None:
        if type(magnitude) is String:
            return Expr(QUANTITY, Integer(1), magnitude)
        return None
    if _mixed_text(Expr(QUANTITY, magnitude, unit)) is not None:
        return None            # 1 yr 2 mo (DateDifference's): inert, as printed
    parts = unit_parts(unit)
    if parts is None:
        ev.message(S.Quantity, "unkunit", unit)
        return None
    canonical = unit_expr(parts)
    return None if canonical == unit else Expr(QUANTITY, magnitude, canonical)


@builtin("UnitConvert", argc=(1, 2), messages=_MESSAGES,
         usage="UnitConvert[q, \"unit\"] is the quantity q in another unit of the same "
               "dimensions; UnitConvert[q] in SI base units.",
         examples=(('UnitConvert[Quantity[1, "Kilometers"], "Meters"]',
                    'Quantity[1000, "Meters"]'),
                   ('UnitConvert[Quantity[90, "Minutes"], "Hours"]', 'Quantity[3/2, "Hours"]'),
                   ('UnitConvert[Quantity[100, "DegreesCelsius"], "DegreesFahrenheit"]',
                    'Quantity[212, "DegreesFahrenheit"]')))
def unit_convert(ev, q, unit=None):
    if type(q) is Expr and q.head is S.List:
        parts = [unit_convert(ev, x, unit) for x in q.args]
        return None if any(p is None for p in parts) else Expr(S.List, *parts)
    split = _split(q)
    if split is None:
        return None
    if unit is None:
        _, dims, _ = _factor_and_dims(split[1])
        target = _si_parts(dims)
    else:
        target = unit_parts(unit)
        if target is None:
            ev.message(S.Quantity, "unkunit", unit)
            return None
    converted = _convert(ev, q, target)
    if converted is None:
        ev.message(S.Quantity, "compat", q.args[1], unit)
    return converted


_SI_BASE = ("Meters", "Kilograms", "Seconds", "Amperes", "Kelvins", "Moles", "Candelas",
            "Radians", "Bits", "Rounds", "Batches")


def _si_parts(dims) -> dict:
    return {name: power for name, power in zip(_SI_BASE, dims) if power}


@builtin("QuantityMagnitude", argc=(1, 2), messages=_MESSAGES,
         usage="QuantityMagnitude[q] is the number of the quantity q; QuantityMagnitude[q, "
               "\"unit\"] its number in that unit.",
         examples=(('QuantityMagnitude[Quantity[3, "Seconds"]]', "3"),
                   ('QuantityMagnitude[Quantity[2, "Hours"], "Minutes"]', "120")))
def quantity_magnitude(ev, q, unit=None):
    if type(q) is Expr and q.head is S.List:
        parts = [quantity_magnitude(ev, x, unit) for x in q.args]
        return None if any(p is None for p in parts) else Expr(S.List, *parts)
    if _split(q) is None:
        return q if type(q) is not Expr or q.head is not QUANTITY else None
    if unit is not None:
        q = unit_convert(ev, q, unit)
        if q is None:
            return None
        if _split(q) is None:
            return q
    return q.args[0]


@builtin("QuantityUnit", argc=1,
         usage="QuantityUnit[q] is the unit of the quantity q.",
         examples=(('QuantityUnit[Quantity[3, "Meters"/"Seconds"]]', '"Meters"/"Seconds"'),))
def quantity_unit(ev, q):
    split = _split(q)
    return None if split is None else q.args[1]


@builtin("QuantityQ", argc=1,
         usage="QuantityQ[q] is True for a Quantity with a known unit.",
         examples=(('QuantityQ[Quantity[1, "Meters"]]', "True"), ("QuantityQ[1]", "False")))
def quantity_q(ev, q):
    return TRUE if _split(q) is not None else FALSE


@builtin("CompatibleUnitQ", argc=(1, None),
         usage="CompatibleUnitQ[q1, q2, …] is True when the quantities (or units) have the "
               "same dimensions, so that they convert into one another.",
         examples=(('CompatibleUnitQ[Quantity[1, "Meters"], Quantity[1, "Feet"]]', "True"),
                   ('CompatibleUnitQ["Meters", "Seconds"]', "False")))
def compatible_unit_q(ev, *items):
    dims = []
    for item in items:
        parts = _split(item)[1] if _split(item) is not None else unit_parts(item)
        if parts is None:
            return FALSE
        dims.append(_factor_and_dims(parts)[1])
    return TRUE if len(set(dims)) <= 1 else FALSE


@builtin("UnitDimensions", argc=1,
         usage="UnitDimensions[q] is the list of the base dimensions of a quantity or unit "
               "with their powers, {{\"LengthUnit\", 1}, {\"TimeUnit\", -1}}.",
         examples=(('UnitDimensions["Meters"/"Seconds"]',
                    '{{"LengthUnit", 1}, {"TimeUnit", -1}}'),))
def unit_dimensions(ev, q):
    parts = _split(q)[1] if _split(q) is not None else unit_parts(q)
    if parts is None:
        return None
    _, dims, _ = _factor_and_dims(parts)
    return Expr(S.List, *[Expr(S.List, String(name), from_number(power))
                          for name, power in zip(_DIMENSIONS, dims) if power])


# ---------------------------------------------------------------------------- arithmetic

@builtin_upvalue("Plus", "Quantity")
def _plus(ev, *terms):
    quantities = [t for t in terms if _split(t) is not None]
    others = [t for t in terms if _split(t) is None]
    if not quantities or others and not all(t == Integer(0) for t in others):
        return None
    first_unit = _split(quantities[0])[1]
    total = _magnitudes_in(ev, quantities, first_unit)
    if total is None:
        return None
    return _quantity(ev, ev.evaluate(Expr(S.Plus, *total)), first_unit)


def _magnitudes_in(ev, quantities, unit: dict):
    """The quantities' magnitudes converted to one unit; None (after Quantity::compat)
    when one is of other dimensions."""
    out = []
    for q in quantities:
        converted = _convert(ev, q, unit)
        if converted is None:
            ev.message(S.Quantity, "compat", quantities[0].args[1], q.args[1])
            return None
        out.append(converted.args[0] if _split(converted) else converted)
    return out


@builtin_upvalue("Times", "Quantity")
def _times(ev, *factors):
    magnitudes, parts = [], {}
    for f in factors:
        split = _split(f)
        if split is None:
            if type(f) is Expr and f.head is QUANTITY:
                return None
            magnitudes.append(f)
            continue
        magnitudes.append(split[0])
        parts = _combine(parts, split[1], 1)
    magnitude = ev.evaluate(Expr(S.Times, *magnitudes))
    if parts and not any(_factor_and_dims(parts)[1]):     # Meters/Centimeters: a number
        return ev.evaluate(Expr(S.Times, magnitude, _conversion_factor(ev, parts, {})))
    return _quantity(ev, magnitude, parts)


@builtin_upvalue("Power", "Quantity")
def _power(ev, base, exponent):
    split = _split(base)
    if split is None or type(exponent) not in (Integer, Rational):
        return None
    p = Fraction(exponent.value) if type(exponent) is Integer else \
        Fraction(exponent.numerator, exponent.denominator)
    return _quantity(ev, ev.evaluate(Expr(S.Power, split[0], exponent)),
                     {k: v * p for k, v in split[1].items()})


def _comparison(name: str):
    def compare(ev, *args):
        quantities = [a for a in args if _split(a) is not None]
        if len(quantities) != len(args):
            return None
        magnitudes = _magnitudes_in(ev, quantities, _split(quantities[0])[1])
        if magnitudes is None:
            return None
        return ev.evaluate(Expr(Symbol(name), *magnitudes))
    return compare


for _name in ("Less", "Greater", "LessEqual", "GreaterEqual", "Equal", "Unequal", "Max",
              "Min"):
    builtin_upvalue(_name, "Quantity")(_comparison(_name))


# Functions of the magnitude alone: f[Quantity[x, u]] is Quantity[f[x], u] (Abs, Round…),
# and Sign is the magnitude's sign.  Variance and StandardDeviation of quantities go
# through Conjugate.
def _of_magnitude(name: str, keeps_unit: bool = True):
    def apply(ev, *args):
        split = _split(args[0]) if len(args) == 1 else None
        if split is None:
            return None
        value = ev.evaluate(Expr(Symbol(name), split[0]))
        return Expr(QUANTITY, value, args[0].args[1]) if keeps_unit else value
    return apply


for _name in ("Abs", "Conjugate", "Re", "Im", "Round", "Floor", "Ceiling", "IntegerPart",
              "FractionalPart"):
    builtin_upvalue(_name, "Quantity")(_of_magnitude(_name))
builtin_upvalue("Sign", "Quantity")(_of_magnitude("Sign", keeps_unit=False))


@builtin_upvalue("N", "Quantity")
def _numeric(ev, q, *rest):
    split = _split(q)
    if split is None:
        return None
    return Expr(QUANTITY, ev.evaluate(Expr(S.N, split[0], *rest)), q.args[1])


def _quantity_text(q) -> str | None:
    from wlnet.syntax.printer import output_form
    mixed = _mixed_text(q)
    if mixed is not None:
        return mixed
    split = _split(q)
    if split is None:
        return None
    magnitude, parts = split
    pieces = []
    for name, power in sorted(parts.items(), key=lambda kv: -kv[1]):
        symbol = _SYMBOLS.get(name, name)
        if power == 1:
            pieces.append(symbol)
        elif power > 0:
            pieces.append(f"{symbol}^{output_form(from_number(power))}")
    denominator = [(_SYMBOLS.get(n, n), -p) for n, p in parts.items() if p < 0]
    text = " ".join(pieces)
    if denominator:
        below = " ".join(s if p == 1 else f"{s}^{output_form(from_number(p))}"
                         for s, p in denominator)
        text = f"{text or '1'}/{below if len(denominator) == 1 else '(' + below + ')'}"
    shown = output_form(magnitude)
    if _is_sum_like(magnitude):
        shown = f"({shown})"                # (a + b) m, (1.5 ± 0.1) m: the unit is a factor
    if text in _ATTACHED:
        return f"{shown}{text}"             # 10%, 30°: written against the number
    if magnitude == Integer(1) and text in _SINGULAR:
        text = _SINGULAR[text]              # 1 day, as WL writes a unit that is a word
    return f"{shown} {text}"


# Units written as words: their singular after a magnitude of exactly 1.
_SINGULAR = {"days": "day", "rounds": "round", "batches": "batch"}


def _mixed_text(q) -> str | None:
    """1 yr 2 mo: Quantity[MixedMagnitude[{1, 2}], MixedUnit[{"Years", "Months"}]]."""
    from wlnet.syntax.printer import output_form
    if not (type(q) is Expr and len(q.args) == 2 and type(q.args[0]) is Expr and
            q.args[0].head == Symbol("MixedMagnitude") and type(q.args[1]) is Expr and
            q.args[1].head == Symbol("MixedUnit")):
        return None
    magnitudes, units = q.args[0].args, q.args[1].args
    if len(magnitudes) != 1 or len(units) != 1 or not is_list(magnitudes[0]) or \
            not is_list(units[0]) or len(magnitudes[0].args) != len(units[0].args):
        return None
    return " ".join(f"{output_form(m)} {_SYMBOLS.get(getattr(u, 'value', ''), output_form(u))}"
                    for m, u in zip(magnitudes[0].args, units[0].args))


# Unit symbols written right after the number, with no space between.
_ATTACHED = ("%", "\u00b0")


def _is_sum_like(e) -> bool:
    """Whether a magnitude prints as a sum (a + b, 3 + 4 I, x ± δ) and so needs parentheses
    before its unit."""
    from wlnet.core.expr import Complex
    if type(e) is Complex:                  # 2 I is a product; 3 + 4 I and 0. + 1. I sums
        return not (type(e.re) is Integer and e.re.value == 0)
    return type(e) is Expr and getattr(e.head, "name", None) in ("Plus", "Around", "PlusMinus")


from wlnet.syntax.printer import P_TIMES, register_output_format  # noqa: E402

register_output_format("Quantity", _quantity_text, precedence=P_TIMES)     # (3 m)^2
