"""How numbers are shown: ``NumberForm``, ``PaddedForm``, ``ScientificForm``.

Each is a wrapper that stays as it is (as in WL) and prints the numbers inside its
expression formatted; ``ToString`` and ``Print`` show that text.

    NumberForm[expr, n]          reals with n significant digits (3.14159 -> 3.14)
    NumberForm[expr, {n, f}]     reals with f digits after the point (2.5 -> 2.50)
    PaddedForm[expr, n]          numbers right-aligned in n digits (plus a sign place)
    PaddedForm[expr, {n, f}]     the same with f digits after the point
    ScientificForm[expr(, n)]    reals as mantissa*10^exponent (12345. -> 1.2345*10^4)
    PercentForm[expr(, n)]       numbers as percentages (0.891 -> 89.1%, with n: 89%)
    EngineeringForm[expr(, n)]   reals as mantissa*10^(3k) (123456. -> 123.456*10^3)
    AccountingForm[expr(, n)]    negative numbers in parentheses, no powers of ten
                                 (-12345.6 -> (12345.6), 1.*^7 -> 10000000.)

Reals far from 1 (below 10^-5 or from 10^6 on) show as mantissa*10^exponent in
NumberForm too, as WL does.  NumberForm[expr] alone shows 6 significant digits; the option
DigitBlock -> k puts NumberSeparator (default ",") between blocks of k digits of the integer
part (NumberForm[1234567, DigitBlock -> 3] -> 1,234,567).

A real is rounded from its exact binary value, a tie away from zero: NumberForm[2.5, 1] is
3. and NumberForm[0.125, 2] is 0.13, as in WL, whose Round goes to the even neighbour but
whose number forms do not.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from wlnet.core.expr import Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.registry import declare

for _name, _usage in (
        ("NumberForm", "NumberForm[expr, n] shows the reals in expr with n significant digits; "
                       "NumberForm[expr, {n, f}] with f digits after the decimal point."),
        ("PaddedForm", "PaddedForm[expr, n] shows the numbers in expr right-aligned in n digits; "
                       "PaddedForm[expr, {n, f}] with f digits after the decimal point."),
        ("ScientificForm", "ScientificForm[expr] shows the reals in expr as mantissa*10^exponent; "
                           "ScientificForm[expr, n] with n significant digits."),
        ("PercentForm", "PercentForm[expr] shows the numbers in expr as percentages; "
                        "PercentForm[expr, n] with n significant digits."),
        ("EngineeringForm", "EngineeringForm[expr] shows the reals in expr as "
                            "mantissa*10^exponent with the exponent a multiple of 3; "
                            "EngineeringForm[expr, n] with n significant digits."),
        ("AccountingForm", "AccountingForm[expr] shows the numbers in expr in accounting "
                           "notation: negative ones in parentheses, never a power of ten; "
                           "AccountingForm[expr, n] with n significant digits, "
                           "AccountingForm[expr, {n, f}] with f digits after the point."),
        ("DecimalForm", "DecimalForm[expr] shows the reals in expr in decimal notation, never "
                        "as a power of ten (6 significant digits, every digit of the integer "
                        "part); DecimalForm[expr, n] n digits, {n, f} f after the point."),
        ("BaseForm", "BaseForm[expr, b] shows the numbers in expr in base b (2 to 36), the "
                     "base as a subscript below (digits above 9 as letters: ff for 255 in "
                     "base 16)."),
):
    declare(_name, attributes=("Protected",), usage=_usage)


_INFINITY = Expr(S.DirectedInfinity, Integer(1))
_ALL_DIGITS = 10 ** 6       # n of {Infinity, f}: no limit on the digits shown
_MACHINE_DIGITS = 16        # the most significant digits a machine real shows


def _digits_spec(spec):
    """n or {n, f} as (n, f); None when not one."""
    if type(spec) is Integer and spec.value > 0:
        return spec.value, None
    if type(spec) is Expr and spec.head is S.List and len(spec.args) == 2 and all(
            type(x) is Integer and x.value >= 0 for x in spec.args):
        return spec.args[0].value, spec.args[1].value
    if type(spec) is Expr and spec.head is S.List and len(spec.args) == 2 \
            and spec.args[0] == _INFINITY and type(spec.args[1]) is Integer \
            and spec.args[1].value >= 0:          # {Infinity, f}: every digit, f after the point
        return _ALL_DIGITS, spec.args[1].value
    return None


def _rounded(x, decimals: int) -> Decimal:
    """``x`` (a float or an exact Decimal) rounded to ``decimals`` places after the point
    (a negative count: to tens, hundreds, ...), a tie away from zero."""
    return Decimal(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _point_text(x: float, decimals: int) -> str:
    """x with exactly ``decimals`` digits after the point (0: just the point, 3.)."""
    value = _rounded(x, decimals)
    return f"{value:.{decimals}f}" if decimals > 0 else f"{value:.0f}."


def _scientific(x: float, n: int) -> str:
    if x == 0:
        return "0."
    exponent = math.floor(math.log10(abs(x)))
    mantissa = _rounded(Decimal(x).scaleb(-exponent), n - 1)
    if abs(mantissa) >= 10:                       # rounding carried into a new digit
        mantissa, exponent = mantissa.scaleb(-1), exponent + 1
    text = f"{mantissa:.{max(n - 1, 0)}f}"
    text = text.rstrip("0") if "." in text else text + "."     # a real keeps its point: 3.
    return text + ("" if exponent == 0 else f"*10^{exponent}")


def _engineering(x: float, n: int) -> str:
    """x as mantissa*10^e with e a multiple of 3 and 1 <= |mantissa| < 1000."""
    if x == 0:
        return "0."
    exponent = 3 * math.floor(math.floor(math.log10(abs(x))) / 3)
    mantissa = Decimal(x).scaleb(-exponent)
    whole = len(str(int(abs(mantissa))))                   # digits before the point: 1-3
    mantissa = _rounded(mantissa, max(n - whole, 0))
    if abs(mantissa) >= 1000:                               # rounding carried into a new block
        mantissa, exponent = mantissa.scaleb(-3), exponent + 3
        whole = 1
    text = f"{mantissa:.{max(n - whole, 0)}f}"
    text = text.rstrip("0") if "." in text else text + "."
    return text + ("" if exponent == 0 else f"*10^{exponent}")


def _digit_blocks(text: str, size: int, separator: str) -> str:
    """The digits before the point of a formatted number in blocks of ``size`` from the
    point leftwards, ``separator`` between them."""
    sign = text[:1] if text[:1] in "-(" else ""
    body = text[len(sign):]
    end = next((i for i, c in enumerate(body) if not c.isdigit()), len(body))
    digits = body[:end]
    blocks = [digits[max(i - size, 0):i] for i in range(len(digits), 0, -size)][::-1]
    return sign + separator.join(blocks) + body[end:]


def _significant(x: float, n: int) -> str:
    """x with n significant digits, fixed-point (a real keeps its point: 310.)."""
    if x == 0:
        return "0."
    if not 1e-5 <= abs(x) < 1e6:
        return _scientific(x, n)
    return _fixed(x, n)


def _fixed(x: float, n: int) -> str:
    """x rounded to n significant digits, always fixed-point (a real keeps its point)."""
    if x == 0:
        return "0."
    exponent = math.floor(math.log10(abs(x)))
    decimals = max(n - 1 - exponent, 0)
    value = _rounded(x, n - 1 - exponent)
    text = f"{value:.{decimals}f}"
    if decimals > 0:
        text = text.rstrip("0")
    return text if "." in text else text + "."


def _percent(x, n) -> str | None:
    if type(x) is Integer:
        v = float(x.value)
    elif type(x) is Rational:
        v = x.numerator / x.denominator
    elif type(x) is Real and isinstance(x.value, float) and math.isfinite(x.value):
        v = x.value
    else:
        return None
    return _significant(100 * v, n or 6).rstrip(".") + "%"


def _accounting(x, n, f) -> str | None:
    """A negative number as its magnitude in parentheses; reals never in scientific form."""
    if type(x) is Integer:
        text = str(abs(x.value))
    elif type(x) is Real and isinstance(x.value, float) and math.isfinite(x.value):
        v = abs(x.value)
        text = _point_text(v, f) if f is not None else _fixed(v, n or 6)
    else:
        return None
    return f"({text})" if x.value < 0 else text


def _format(x, n, f, how: str) -> str | None:
    if how == "percent":
        return _percent(x, n)
    if how == "accounting":
        return _accounting(x, n, f)
    if type(x) is Integer:
        text = str(x.value)
        return text.rjust(n + 1) if how == "padded" and n < _ALL_DIGITS else text
    if type(x) is not Real or not isinstance(x.value, float) or not math.isfinite(x.value):
        return None
    v = float(x.value)
    width = n
    if n and n < _ALL_DIGITS:
        # a machine real has no more digits than its precision: NumberForm[N[1/3], 20] is
        # 0.3333333333333333, not the binary expansion's 0.33333333333333331483
        n = min(n, _MACHINE_DIGITS)
    if how == "scientific":
        return _scientific(v, n or 6)
    if how == "decimal":
        if f is not None:
            return _point_text(v, f)
        digits = n or 6
        if v != 0 and abs(v) >= 10 ** digits:          # the integer part in full
            digits = math.floor(math.log10(abs(v))) + 1
        return _fixed(v, digits)
    if how == "engineering":
        return _engineering(v, n or 6)
    if f is not None:
        text = _point_text(v, f)
    elif how == "padded":
        text = _significant(v, n)
    else:
        text = _significant(v, n or 6)
    return text.rjust(width + 2) if how == "padded" and width < _ALL_DIGITS else text


def _signed_text(text: str):
    """A formatted number as an expression that prints as ``text``: a negative one keeps its
    sign as ``Times[-1, magnitude]`` so that a sum prints ``a - 2.6 x``, not ``a + -2.6 x``."""
    if text.startswith("-"):
        return Expr(S.Times, Integer(-1), String(text[1:]))
    return String(text)


def _is_minus_text(e) -> bool:
    return (type(e) is Expr and e.head is S.Times and len(e.args) == 2
            and e.args[0] == Integer(-1) and type(e.args[1]) is String)


def _numbers_as_text(e, n, f, how, blocks=None, options=None):
    """``e`` with each number replaced by its formatted text (strings print bare);
    ``blocks``: (size, separator) of DigitBlock; ``options``: the form's options
    (NumberPoint, NumberSigns, NumberPadding)."""
    if type(e) in (Integer, Real, Rational):
        text = _format(e, n, f, how)
        if text is not None and blocks is not None:
            text = _digit_blocks(text, *blocks)
        if text is None:
            return e
        return _styled(text, options or {}, how)
    if type(e) is Expr:
        args = [_numbers_as_text(a, n, f, how, blocks, options) for a in e.args]
        if e.head is S.Times and args and _is_minus_text(args[0]):
            args[:1] = args[0].args            # Times[-2.6, x] prints as -2.6 x
        return Expr(e.head, *args)
    return e


def _styled(text: str, options: dict, how: str):
    """A formatted number with the options that change its characters: NumberPoint (the
    decimal point), NumberSigns ({negative, positive} prefixes), NumberPadding ({left,
    right}: what fills the room PaddedForm leaves before the number)."""
    point = options.get("NumberPoint")
    if type(point) is String and "." in text:
        head, _, tail = text.partition(".")
        text = head + point.value + tail
    padding = options.get("NumberPadding")
    if is_pair_of_strings(padding) and how == "padded":
        stripped = text.lstrip(" ")
        room = len(text) - len(stripped)
        left = padding.args[0].value
        if room and left:
            sign = stripped[:1] if stripped[:1] == "-" else ""
            digits = stripped[len(sign):]
            text = sign + (left * room)[:room] + digits    # -007, not 00-7
    signs = options.get("NumberSigns")
    if is_pair_of_strings(signs) and how != "accounting":
        negative, positive = (x.value for x in signs.args)
        stripped = text.lstrip(" ")
        indent = text[:len(text) - len(stripped)]
        if stripped.startswith("-"):
            return String(indent + negative + stripped[1:])
        return String(indent + positive + stripped)
    return _signed_text(text)


def is_pair_of_strings(e) -> bool:
    return (type(e) is Expr and e.head is S.List and len(e.args) == 2
            and all(type(x) is String for x in e.args))


def _option_values(rules) -> dict | None:
    """The settings of ``name -> value`` rules by name; None when one is not a rule."""
    out = {}
    for r in rules:
        if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and len(r.args) == 2
                and type(r.args[0]) in (Symbol, String)):
            return None
        key = r.args[0]
        out[key.name if type(key) is Symbol else key.value] = r.args[1]
    return out


def _blocks_setting(options: dict):
    """(size, separator) from DigitBlock and NumberSeparator; None for no blocks."""
    size = options.get("DigitBlock")
    separator = options.get("NumberSeparator", String(","))
    if type(size) is not Integer or size.value <= 0:
        return None
    return size.value, separator.value if type(separator) is String else ","


def _form_text(how: str):
    def text(e) -> str | None:
        if type(e) is not Expr or not e.args:
            return None
        from wlnet.syntax.printer import output_form
        positional = [a for a in e.args if not (type(a) is Expr and a.head in
                                                (S.Rule, S.RuleDelayed))]
        options = _option_values(e.args[len(positional):])
        if options is None or len(positional) > 2:
            return None
        if len(positional) == 1 and how != "padded":
            n, f = None, None
        else:
            spec = _digits_spec(positional[1]) if len(positional) == 2 else None
            if spec is None:
                return None
            n, f = spec
        return output_form(_numbers_as_text(positional[0], n, f, how, _blocks_setting(options),
                                            options))
    return text


# ---------------------------------------------------------------------------- BaseForm

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _integer_digits(n: int, base: int) -> str:
    if n == 0:
        return "0"
    out = []
    n = abs(n)
    while n:
        n, r = divmod(n, base)
        out.append(_DIGITS[r])
    return "".join(reversed(out))


def _real_digits(x: float, base: int) -> str:
    """A machine real's digits in base: as many as its 53 bits make significant."""
    whole = int(abs(x))
    fraction = abs(x) - whole
    significant = math.ceil(53 / math.log2(base))
    head = _integer_digits(whole, base)
    room = max(0, significant - (len(head) if whole else 0))
    tail = []
    while fraction and len(tail) < room:
        fraction *= base
        digit = int(fraction)
        tail.append(_DIGITS[digit])
        fraction -= digit
        if not whole and not any(d != "0" for d in tail):
            room += 1                       # leading zeros of 0.000… are not significant
    return head + "." + "".join(tail).rstrip("0")


def _base_rows(e, base: int) -> tuple[str, str]:
    """(the line of digits, the line of subscripts under it) of e in base."""
    from wlnet.syntax.printer import output_form
    sub = str(base)
    if type(e) in (Integer, Real) and not (type(e) is Real and not math.isfinite(e.value)):
        value = e.value
        digits = _integer_digits(value, base) if type(e) is Integer else \
            _real_digits(value, base)
        sign = "-" if value < 0 else ""
        return sign + digits + " " * len(sub), " " * (len(sign) + len(digits)) + sub
    if type(e) is Rational:
        top_n, bottom_n = _base_rows(Integer(e.numerator), base)
        top_d, bottom_d = _base_rows(Integer(e.denominator), base)
        return top_n + "/" + top_d, bottom_n + " " + bottom_d
    if type(e) is Expr and e.head is S.List:
        tops, bottoms = ["{"], [" "]
        for i, x in enumerate(e.args):
            if i:
                tops.append(", ")
                bottoms.append("  ")
            top, bottom = _base_rows(x, base)
            tops.append(top)
            bottoms.append(bottom)
        return "".join(tops) + "}", "".join(bottoms) + " "
    text = output_form(e)
    return text, " " * len(text)


def _base_form_text(e) -> str | None:
    if type(e) is not Expr or len(e.args) != 2 or type(e.args[1]) is not Integer \
            or not 2 <= e.args[1].value <= 36:
        return None
    top, bottom = _base_rows(e.args[0], e.args[1].value)
    return top.rstrip() + ("\n" + bottom.rstrip() if bottom.strip() else "")


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("BaseForm", _base_form_text, block=True)

register_output_format("NumberForm", _form_text("number"))
register_output_format("PaddedForm", _form_text("padded"))
register_output_format("ScientificForm", _form_text("scientific"))
register_output_format("PercentForm", _form_text("percent"))
register_output_format("AccountingForm", _form_text("accounting"))
register_output_format("EngineeringForm", _form_text("engineering"))
register_output_format("DecimalForm", _form_text("decimal"))
