"""The parse table: WL text -> FullForm, for every operator of wl-syntax.md and its tricky cases.

Each case is checked against the expected FullForm written here, and, when Mathics3 is
installed, against Mathics3's parse of the same text (tests/oracle_mathics.py).  The expected
FullForms are Mathics3's, except in WOLFRAM_ONLY, where Mathics3 10 departs from the Wolfram
Language (wl-syntax.md section 6) and wlnet follows Wolfram.

The FullForm strings are written by ``fullform`` below, a test-local writer (not the printer
line's): machine reals as ``1.5``` (``*^`` exponents), reals with a precision as ``1.5`20.``,
strings with ``\"``, ``\\``, ``\n``, ``\t`` escaped.
"""

import math

import pytest

from tests.oracle_mathics import (
    MathicsSyntaxError, mathics_available, mathics_parse, mathics_parse_script)
from wlnet.core.expr import Expr, Integer, Rational, Real, String, Symbol
from wlnet.syntax.printer import full_form
from wlnet.syntax.parser import (
    WLIncompleteInput, WLSyntaxError, is_complete, parse, parse_script)

needs_mathics = pytest.mark.skipif(not mathics_available(), reason="mathics3 is not installed")


def fullform(e) -> str:
    t = type(e)
    if t is Expr:
        return f"{fullform(e.head)}[{', '.join(fullform(a) for a in e.args)}]"
    if t is Symbol:
        return e.name
    if t is String:
        escaped = (e.value.replace("\\", "\\\\").replace('"', '\\"')
                   .replace("\n", "\\n").replace("\t", "\\t"))
        return f'"{escaped}"'
    if t is Real and e.precision is not None:        # a bignum: its digits, as FullForm
        return full_form(e)
    if t is Real:
        mantissa, _, exponent = repr(e.value).partition("e")
        if mantissa.endswith(".0"):
            mantissa = mantissa[:-1]
        elif "." not in mantissa:
            mantissa += "."
        text = mantissa + "`" + ("" if e.precision is None else repr(e.precision).rstrip("0"))
        return text + (f"*^{int(exponent)}" if exponent else "")
    if t is Rational:
        return f"Rational[{e.numerator}, {e.denominator}]"
    assert t is Integer, t
    return str(e.value)


CASES = [
    # -- numbers
    ('1', '1'),
    ('123456789012345678901234567890', '123456789012345678901234567890'),
    ('-5', '-5'),
    ('- 1', '-1'),
    ('1.', '1.`'),
    ('.5', '0.5`'),
    ('1.5', '1.5`'),
    ('1.5*^-3', '0.0015`'),
    ('1*^3', '1000'),
    ('1.5`20', '1.5`20.'),
    ('1.5`', '1.5`'),
    ('2^^101', '5'),
    ('16^^FF', '255'),
    ('36^^Zz', '1295'),
    ('2^^1.1', '1.5`'),
    ('1.5e3', 'Times[1.5`, e3]'),
    ('10^-3', 'Power[10, -3]'),
    # -- strings
    ('"abc"', '"abc"'),
    ('"a\\"b"', '"a\\"b"'),
    ('"tab\\there"', '"tab\\there"'),
    ('"line\\nbreak"', '"line\\nbreak"'),
    ('"back\\\\slash"', '"back\\\\slash"'),
    ('"\\:0041"', '"A"'),
    ('"\\.41"', '"A"'),
    ('"\\101"', '"A"'),
    ('"(* s *)"', '"(* s *)"'),
    ('"a;b#c"', '"a;b#c"'),
    ('"\\[Alpha]\\[Beta]"', '"αβ"'),
    ('"NeuralNetworks`TensorT"', '"NeuralNetworks`TensorT"'),
    # -- symbols and named letters
    ('x', 'x'),
    ('x$1', 'x$1'),
    ('$x', '$x'),
    ('NeuralNetworks`TensorT', 'NeuralNetworks`TensorT'),
    ('System`Plus', 'Plus'),
    ('Global`x', 'x'),
    ('`a', 'a'),
    ('\\[Alpha]', 'α'),
    ('\\[Pi]', 'Pi'),
    ('\\[Infinity]', 'Infinity'),
    ('\\[Degree]', 'Degree'),
    # -- comments
    ('(* c (* nested *) c *) x', 'x'),
    ('a(*c*)b', 'Times[a, b]'),
    # -- 10: CompoundExpression
    ('a; b', 'CompoundExpression[a, b]'),
    ('a; b;', 'CompoundExpression[a, b, Null]'),
    ('a;', 'CompoundExpression[a, Null]'),
    ('a; ;b', 'CompoundExpression[a, Null, b]'),
    ('a; b // f', 'CompoundExpression[a, f[b]]'),
    # -- 40: Set SetDelayed UpSet TagSet Unset
    ('x = y = 2', 'Set[x, Set[y, 2]]'),
    ('a = b := c', 'Set[a, SetDelayed[b, c]]'),
    ('a := b = c', 'SetDelayed[a, Set[b, c]]'),
    ('x = y // f', 'Set[x, f[y]]'),
    ('f /: g[f] = 1', 'TagSet[f, g[f], 1]'),
    ('f /: g[f] := 1', 'TagSetDelayed[f, g[f], 1]'),
    ('f /: g[f] =.', 'TagUnset[f, g[f]]'),
    ('f[x_] ^= 1', 'UpSet[f[Pattern[x, Blank[]]], 1]'),
    ('f[x_] ^:= 1', 'UpSetDelayed[f[Pattern[x, Blank[]]], 1]'),
    ('x =.', 'Unset[x]'),
    ('x=.5', 'Set[x, 0.5`]'),
    # -- 70: //
    ('x // f // g', 'g[f[x]]'),
    # -- 90: & (and what follows a pure function)
    ('# + 1 &', 'Function[Plus[Slot[1], 1]]'),
    ('g = # + 1 &', 'Set[g, Function[Plus[Slot[1], 1]]]'),
    ('a -> # &', 'Function[Rule[a, Slot[1]]]'),
    ('# + 1 & /@ x', 'Map[Function[Plus[Slot[1], 1]], x]'),
    ('f[#] & [x]', 'Function[f[Slot[1]]][x]'),
    ('#^2 & @ 3', 'Function[Power[Slot[1], 2]][3]'),
    ('#1 + #2 & @@ {1, 2}', 'Apply[Function[Plus[Slot[1], Slot[2]]], List[1, 2]]'),
    # a rule from a pure function (GroupBy's f -> g); a trailing & takes the whole rule
    ('#[[1]] & -> (#[[2]] &)', 'Rule[Function[Part[Slot[1], 1]], Function[Part[Slot[1], 2]]]'),
    ('f[#] & :> x', 'RuleDelayed[Function[f[Slot[1]]], x]'),
    ('#g & -> #v &', 'Function[Rule[Function[Slot["g"]], Slot["v"]]]'),
    # -- 100: += -= *= /= //=
    ('x += 1', 'AddTo[x, 1]'),
    ('x -= 1', 'SubtractFrom[x, 1]'),
    ('x *= 2', 'TimesBy[x, 2]'),
    ('x /= 2', 'DivideBy[x, 2]'),
    # -- 110: /. //.
    ('x /. a -> b', 'ReplaceAll[x, Rule[a, b]]'),
    ('x /. a -> b /. c -> d', 'ReplaceAll[ReplaceAll[x, Rule[a, b]], Rule[c, d]]'),
    ('x //. a -> b', 'ReplaceRepeated[x, Rule[a, b]]'),
    # -- 120: -> :>
    ('a -> b', 'Rule[a, b]'),
    ('a :> b', 'RuleDelayed[a, b]'),
    ('a -> b :> c', 'Rule[a, RuleDelayed[b, c]]'),
    ('a -> b /. c', 'ReplaceAll[Rule[a, b], c]'),
    # -- 130: /;
    ('f[x_] := x /; x > 0', 'SetDelayed[f[Pattern[x, Blank[]]], Condition[x, Greater[x, 0]]]'),
    ('f[x_] /; x > 0 := x', 'SetDelayed[Condition[f[Pattern[x, Blank[]]], Greater[x, 0]], x]'),
    ('x_ /; x > 0 -> y', 'Rule[Condition[Pattern[x, Blank[]], Greater[x, 0]], y]'),
    # -- 135: ~~
    ('a ~~ b', 'StringExpression[a, b]'),
    ('a ~~ b ~~ c', 'StringExpression[a, b, c]'),
    # -- 140/150: Optional and Pattern
    ('x_:0', 'Optional[Pattern[x, Blank[]], 0]'),
    ('x_ : 0', 'Optional[Pattern[x, Blank[]], 0]'),
    ('_:0', 'Optional[Blank[], 0]'),
    ('x_Integer:1', 'Optional[Pattern[x, Blank[Integer]], 1]'),
    ('x:_Integer', 'Pattern[x, Blank[Integer]]'),
    ('x:(_Integer | _Real)', 'Pattern[x, Alternatives[Blank[Integer], Blank[Real]]]'),
    ('x:a | b', 'Pattern[x, Alternatives[a, b]]'),
    ('p:{__}', 'Pattern[p, List[BlankSequence[]]]'),
    # -- 160/170: | .. ...
    ('a | b | c', 'Alternatives[a, b, c]'),
    ('a || b | c', 'Alternatives[Or[a, b], c]'),
    ('{_Integer ..}', 'List[Repeated[Blank[Integer]]]'),
    ('{x...}', 'List[RepeatedNull[x]]'),
    # -- 215/225/230: || && !
    ('a || b', 'Or[a, b]'),
    ('a || b || c', 'Or[a, b, c]'),
    ('a && b', 'And[a, b]'),
    ('a && b && c', 'And[a, b, c]'),
    ('a || b && c', 'Or[a, And[b, c]]'),
    ('a && b || c', 'Or[And[a, b], c]'),
    ('!a', 'Not[a]'),
    ('!a && b', 'And[Not[a], b]'),
    ('!a == b', 'Not[Equal[a, b]]'),
    ('!a!', 'Not[Factorial[a]]'),
    ('!!a', 'Not[Not[a]]'),
    # -- 290: comparisons and chains
    ('a == b', 'Equal[a, b]'),
    ('a == b == c', 'Equal[a, b, c]'),
    ('a != b', 'Unequal[a, b]'),
    ('a != b != c', 'Unequal[a, b, c]'),
    ('a < b', 'Less[a, b]'),
    ('a < b < c', 'Less[a, b, c]'),
    ('a <= b', 'LessEqual[a, b]'),
    ('a > b', 'Greater[a, b]'),
    ('a >= b', 'GreaterEqual[a, b]'),
    ('a < b <= c', 'Inequality[a, Less, b, LessEqual, c]'),
    ('a >= b > c', 'Inequality[a, GreaterEqual, b, Greater, c]'),
    ('a == b != c', 'Inequality[a, Equal, b, Unequal, c]'),
    ('a === b', 'SameQ[a, b]'),
    ('a === b === c', 'SameQ[a, b, c]'),
    ('a =!= b', 'UnsameQ[a, b]'),
    ('a === b =!= c', 'UnsameQ[SameQ[a, b], c]'),
    ('a == !b', 'Equal[a, Not[b]]'),
    # -- 305: Span
    (';;', 'Span[1, All]'),
    ('a;;', 'Span[a, All]'),
    (';;b', 'Span[1, b]'),
    ('a;;b', 'Span[a, b]'),
    ('a;;b;;c', 'Span[a, b, c]'),
    (';;;;c', 'Span[1, All, c]'),
    ('a;;;;c', 'Span[a, All, c]'),
    ('a[[2 ;;]]', 'Part[a, Span[2, All]]'),
    ('a[[;; ;; 2]]', 'Part[a, Span[1, All, 2]]'),
    ('a[[;;, 2]]', 'Part[a, Span[1, All], 2]'),
    ('a;; b; c', 'CompoundExpression[Span[a, b], c]'),
    # -- 310: + and binary -
    ('a + b', 'Plus[a, b]'),
    ('a + b + c', 'Plus[a, b, c]'),
    ('a - b', 'Plus[a, Times[-1, b]]'),
    ('a -b', 'Plus[a, Times[-1, b]]'),
    ('a-b', 'Plus[a, Times[-1, b]]'),
    ('a - b - c', 'Plus[a, Times[-1, b], Times[-1, c]]'),
    ('1 -2', 'Plus[1, -2]'),
    ('a - 2', 'Plus[a, -2]'),
    ('a - 2.5', 'Plus[a, -2.5`]'),
    ('a - b c', 'Plus[a, Times[-1, b, c]]'),
    ('+a', 'Plus[a]'),
    ('a + !b', 'Plus[a, Not[b]]'),
    # -- 400/470: *, juxtaposition, /
    ('a * b', 'Times[a, b]'),
    ('a b', 'Times[a, b]'),
    ('a b c', 'Times[a, b, c]'),
    ('2x', 'Times[2, x]'),
    ('2 x y', 'Times[2, x, y]'),
    ('x^2y', 'Times[Power[x, 2], y]'),
    ('1 2 3', 'Times[1, 2, 3]'),
    ('(a+b)(c+d)', 'Times[Plus[a, b], Plus[c, d]]'),
    ('f[x] g[y]', 'Times[f[x], g[y]]'),
    ('a (b c)', 'Times[a, Times[b, c]]'),
    ('(a b) c', 'Times[Times[a, b], c]'),
    ('a*(b*c)', 'Times[a, Times[b, c]]'),
    ('a / b', 'Times[a, Power[b, -1]]'),
    ('a / b / c', 'Times[a, Power[b, -1], Power[c, -1]]'),
    ('1/2', 'Times[1, Power[2, -1]]'),
    ('x/y z', 'Times[x, Power[y, -1], z]'),
    ('a b /. c', 'ReplaceAll[Times[a, b], c]'),
    # -- 480: unary minus
    ('-x', 'Times[-1, x]'),
    ('-x^2', 'Times[-1, Power[x, 2]]'),
    ('-2^2', 'Times[-1, Power[2, 2]]'),
    ('(-2)^2', 'Power[-2, 2]'),
    ('-a b', 'Times[-1, a, b]'),
    ('-a*b', 'Times[-1, a, b]'),
    ('-a/b', 'Times[-1, a, Power[b, -1]]'),
    ('-(a)', 'Times[-1, a]'),
    ('-(2)', '-2'),
    ('-a.b', 'Times[-1, Dot[a, b]]'),
    ('a^-b', 'Power[a, Times[-1, b]]'),
    ('2^-1', 'Power[2, -1]'),
    ('a^-b^c', 'Power[a, Times[-1, Power[b, c]]]'),
    # -- 490/590: . ^
    ('a . b', 'Dot[a, b]'),
    ('a . b . c', 'Dot[a, b, c]'),
    ('{1, 2} . {3, 4}', 'Dot[List[1, 2], List[3, 4]]'),
    ('a.5', 'Times[a, 0.5`]'),
    ('a . 5', 'Dot[a, 5]'),
    ('1.5 .5', 'Times[1.5`, 0.5`]'),
    ('a^b', 'Power[a, b]'),
    ('a^b^c', 'Power[a, Power[b, c]]'),
    # -- 510: ** (NonCommutativeMultiply: flat, between . and ^)
    ('a ** b', 'NonCommutativeMultiply[a, b]'),
    ('a**b**c', 'NonCommutativeMultiply[a, b, c]'),
    ('a . b ** c', 'Dot[a, NonCommutativeMultiply[b, c]]'),
    ('a ** b . c', 'Dot[NonCommutativeMultiply[a, b], c]'),
    ('a ** b^2', 'NonCommutativeMultiply[a, Power[b, 2]]'),
    ('-a ** b', 'Times[-1, NonCommutativeMultiply[a, b]]'),
    ('a ** -b', 'NonCommutativeMultiply[a, Times[-1, b]]'),
    ('2 a ** b', 'Times[2, NonCommutativeMultiply[a, b]]'),
    ('a * b ** c', 'Times[a, NonCommutativeMultiply[b, c]]'),
    ('2**3', 'NonCommutativeMultiply[2, 3]'),
    # -- 600/610: <> ! !!
    ('a <> b', 'StringJoin[a, b]'),
    ('a <> b <> c', 'StringJoin[a, b, c]'),
    ('a!', 'Factorial[a]'),
    ('a!!', 'Factorial2[a]'),
    ('-n!', 'Times[-1, Factorial[n]]'),
    ('a! b', 'Times[Factorial[a], b]'),
    # -- 620-640: /@ //@ @@ @* /* ~f~ @
    ('f /@ x', 'Map[f, x]'),
    ('f /@ g /@ x', 'Map[f, Map[g, x]]'),
    ('f //@ x', 'MapAll[f, x]'),
    ('f @@ x', 'Apply[f, x]'),
    ('f @@ g @@ x', 'Apply[f, Apply[g, x]]'),
    ('f @* g @* h', 'Composition[f, g, h]'),
    ('f /* g', 'RightComposition[f, g]'),
    ('f~g~h', 'g[f, h]'),
    ('f~g~h~i~j', 'i[g[f, h], j]'),
    ('f @ x', 'f[x]'),
    ('f @ g @ x', 'f[g[x]]'),
    ('f @ g /@ x', 'Map[f[g], x]'),
    ('f /@ g @ x', 'Map[f, g[x]]'),
    # -- 660: ++ --
    ('a++', 'Increment[a]'),
    ('a--', 'Decrement[a]'),
    ('++a', 'PreIncrement[a]'),
    ('--a', 'PreDecrement[a]'),
    ('a--b', 'Times[Decrement[a], b]'),
    ('x+++1', 'Plus[Increment[x], 1]'),
    # -- 670: application, Part, Derivative
    ('f[x]', 'f[x]'),
    ('f[x][y]', 'f[x][y]'),
    ('f[]', 'f[]'),
    ('f[a, b]', 'f[a, b]'),
    ('f[a, , b]', 'f[a, Null, b]'),
    ('f[a,]', 'f[a, Null]'),
    ('f[,]', 'f[Null, Null]'),
    ('{}', 'List[]'),
    ('{a}', 'List[a]'),
    ('{a, }', 'List[a, Null]'),
    ('{,}', 'List[Null, Null]'),
    ('a[[1]]', 'Part[a, 1]'),
    ('a[[1, 2]]', 'Part[a, 1, 2]'),
    ('a[[1]][[2]]', 'Part[Part[a, 1], 2]'),
    ('a[[All, 1]]', 'Part[a, All, 1]'),
    ("f'", 'Derivative[1][f]'),
    ("f''[x]", 'Derivative[2][f][x]'),
    ("(f')'", 'Derivative[1][Derivative[1][f]]'),
    ("f'[x]", 'Derivative[1][f][x]'),
    # -- 680/750: ? ::
    ('x_Integer?Positive', 'PatternTest[Pattern[x, Blank[Integer]], Positive]'),
    ('_?EvenQ', 'PatternTest[Blank[], EvenQ]'),
    ('f::usage', 'MessageName[f, "usage"]'),
    ('f::usage = "text"', 'Set[MessageName[f, "usage"], "text"]'),
    ('a::b::c', 'MessageName[a, "b", "c"]'),
    ('a::"b"', 'MessageName[a, "b"]'),
    # -- matchfix: <| |>
    ('<||>', 'Association[]'),
    ('<|"a" -> 1, "b" :> 2|>', 'Association[Rule["a", 1], RuleDelayed["b", 2]]'),
    ('<|a -> <|b -> 1|>|>', 'Association[Rule[a, Association[Rule[b, 1]]]]'),
    # -- blanks, slots, Out
    ('x_', 'Pattern[x, Blank[]]'),
    ('x__', 'Pattern[x, BlankSequence[]]'),
    ('x___', 'Pattern[x, BlankNullSequence[]]'),
    ('x_h', 'Pattern[x, Blank[h]]'),
    ('x__Integer', 'Pattern[x, BlankSequence[Integer]]'),
    ('x___h', 'Pattern[x, BlankNullSequence[h]]'),
    ('x_.', 'Optional[Pattern[x, Blank[]]]'),
    ('_', 'Blank[]'),
    ('__', 'BlankSequence[]'),
    ('___h', 'BlankNullSequence[h]'),
    ('_.', 'Optional[Blank[]]'),
    ('_Integer', 'Blank[Integer]'),
    ('#', 'Slot[1]'),
    ('#1', 'Slot[1]'),
    ('#2', 'Slot[2]'),
    ('#0', 'Slot[0]'),
    ('##', 'SlotSequence[1]'),
    ('##2', 'SlotSequence[2]'),
    ('#name', 'Slot["name"]'),
    ('%', 'Out[]'),
    ('%%', 'Out[-2]'),
    ('%%%', 'Out[-3]'),
    ('%3', 'Out[3]'),
    # -- nesting
    ('{a, {b, {c}}}', 'List[a, List[b, List[c]]]'),
    ('f[g[h[x]]]', 'f[g[h[x]]]'),
    # -- named-character operators
    ('a \\[Rule] b', 'Rule[a, b]'),
    ('a \\[RuleDelayed] b', 'RuleDelayed[a, b]'),
    ('a \\[Equal] b', 'Equal[a, b]'),
    ('a \\[NotEqual] b', 'Unequal[a, b]'),
    ('a \\[LessEqual] b', 'LessEqual[a, b]'),
    ('a \\[GreaterEqual] b', 'GreaterEqual[a, b]'),
    ('a \\[Times] b', 'Times[a, b]'),
    ('a \\[Divide] b', 'Times[a, Power[b, -1]]'),
    ('a \\[RightArrow] b', 'RightArrow[a, b]'),
    ('a \\[LongRightArrow] b', 'LongRightArrow[a, b]'),
    ('x \\[Function] x^2', 'Function[x, Power[x, 2]]'),
    # -- realistic statements
    ('If[a && !b || c == d, x[[1, 2 ;; 3]], <|"k" -> 1.5, "v" :> f@g@x|>]', 'If[Or[And[a, Not[b]], Equal[c, d]], Part[x, 1, Span[2, 3]], Association[Rule["k", 1.5`], RuleDelayed["v", f[g[x]]]]]'),
    ('Module[{a = x^2 + 3 y - 1/2}, a /. {b_ -> b + 1}]', 'Module[List[Set[a, Plus[Power[x, 2], Times[3, y], Times[-1, 1, Power[2, -1]]]]], ReplaceAll[a, List[Rule[Pattern[b, Blank[]], Plus[b, 1]]]]]'),
    ('Table[{i, RandomReal[{-1, 1}, 3]}, {i, 1, 100}]', 'Table[List[i, RandomReal[List[-1, 1], 3]], List[i, 1, 100]]'),
    ('NetChain[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], SequenceLastLayer[]}]', 'NetChain[List[GatedRecurrentLayer[3, Rule["Input", List["Varying", 2]]], SequenceLastLayer[]]]'),
    ('net[{{1, 2}, {2, 1}, {3, 0}}]', 'net[List[List[1, 2], List[2, 1], List[3, 0]]]'),
    ('Map[#^2 + 1 &, Range[10]] // Total', 'Total[Map[Function[Plus[Power[Slot[1], 2], 1]], Range[10]]]'),
    ('Select[list, # > 0 &]', 'Select[list, Function[Greater[Slot[1], 0]]]'),
    ('Function[{x, y}, x + y]', 'Function[List[x, y], Plus[x, y]]'),
    ('f[x_, y_:0, opts___Rule] := {x, y, opts}', 'SetDelayed[f[Pattern[x, Blank[]], Optional[Pattern[y, Blank[]], 0], Pattern[opts, BlankNullSequence[Rule]]], List[x, y, opts]]'),
    ('Options[f] = {"a" -> 1}', 'Set[Options[f], List[Rule["a", 1]]]'),
    ('SetAttributes[f, HoldAll]', 'SetAttributes[f, HoldAll]'),
    ('Clear[x]; x', 'CompoundExpression[Clear[x], x]'),
    ('StringJoin["abc\\n", "d" <> "e"]', 'StringJoin["abc\\n", StringJoin["d", "e"]]'),
    # -- minus and Times flattening (Mathics3 flattens these; Wolfram's form is unconfirmed,
    #    wl-syntax.md section 6: we follow Mathics3 and the tests pin it down)
    ('a*-b', 'Times[a, -1, b]'),
    ('a - -b', 'Plus[a, Times[-1, -1, b]]'),
    ('- - a', 'Times[-1, -1, a]'),
    ('a - 2 b', 'Plus[a, Times[-1, 2, b]]'),
    ('-2 a', 'Times[-2, a]'),
    ('(-a) b', 'Times[Times[-1, a], b]'),
    ('a (-b)', 'Times[a, Times[-1, b]]'),
    ('-(a b)', 'Times[-1, Times[a, b]]'),
    ('a - (b c)', 'Plus[a, Times[-1, Times[b, c]]]'),
    ('a/-b', 'Times[a, Power[Times[-1, b], -1]]'),
    ('- -2', 'Times[-1, -2]'),
    ('a + + b', 'Plus[a, b]'),
    ('a - 1/2', 'Plus[a, Times[-1, 1, Power[2, -1]]]'),
    ('2*-3', 'Times[2, -3]'),
    # -- more precedence interplay
    ('a + b & /@ c', 'Map[Function[Plus[a, b]], c]'),
    ('x = # & /@ y', 'Set[x, Map[Function[Slot[1]], y]]'),
    ('x:_:0', 'Optional[Pattern[x, Blank[]], 0]'),
    ('{a < b, c > d}', 'List[Less[a, b], Greater[c, d]]'),
    ('x < {1}', 'Less[x, List[1]]'),
    ('a = b -> c', 'Set[a, Rule[b, c]]'),
    ('a ^ b c', 'Times[Power[a, b], c]'),
    ('a . b c', 'Times[Dot[a, b], c]'),
    ('1 + 2 * 3 ^ 4', 'Plus[1, Times[2, Power[3, 4]]]'),
    ('x~Join~y', 'Join[x, y]'),
    ('"a" <> "b" ~~ c', 'StringExpression[StringJoin["a", "b"], c]'),
    ('a @@ b @ c', 'Apply[a, b[c]]'),
    ('a /@ b @@ c', 'Map[a, Apply[b, c]]'),
    ('x /; y /; z', 'Condition[Condition[x, y], z]'),
    ('a // b // c // d', 'd[c[b[a]]]'),
    ('x = (a; b)', 'Set[x, CompoundExpression[a, b]]'),
    ('!(a || b)', 'Not[Or[a, b]]'),
    ('a && !b && c', 'And[a, Not[b], c]'),
    ('a + !b + c', 'Plus[a, Not[Plus[b, c]]]'),
    ('a == !b == c', 'Equal[a, Not[Equal[b, c]]]'),
    ('x_?(# > 0 &)', 'PatternTest[Pattern[x, Blank[]], Function[Greater[Slot[1], 0]]]'),
    # -- a prefix operator starting the right operand of a tighter operator (Pratt style)
    ('f @ -x', 'f[Times[-1, x]]'),
    ('f @ -x + 1', 'Plus[f[Times[-1, x]], 1]'),
    ('f @ -x y', 'Times[f[Times[-1, x]], y]'),
    ('f /@ -x', 'Map[f, Times[-1, x]]'),
    ('f @@ -x', 'Apply[f, Times[-1, x]]'),
    ('a . -b', 'Dot[a, Times[-1, b]]'),
    ('a . -b . c', 'Dot[a, Times[-1, Dot[b, c]]]'),
    ('a <> -b', 'StringJoin[a, Times[-1, b]]'),
    ('f @ !x', 'f[Not[x]]'),
    ('f /@ !x && y', 'And[Map[f, Not[x]], y]'),
    ('a ~f~ -b', 'f[a, Times[-1, b]]'),
    ('x ? -y', 'PatternTest[x, Times[-1, y]]'),
    ('f @ -a.b', 'f[Times[-1, Dot[a, b]]]'),
    ('a^!b', 'Power[a, Not[b]]'),
    ('# & /@ -x', 'Map[Function[Slot[1]], Times[-1, x]]'),
    ('1*^-3', 'Rational[1, 1000]'),
    ('2^^101*^2', '20'),
    ('123.456`30', '123.456`30.'),
    ('0.000001', '1.`*^-6'),
    ('1.5*^10', '15000000000.`'),
]

# Mathics3 10 differs here; the expected FullForm is the Wolfram Language's.
WOLFRAM_ONLY = [
    ("x |-> x^2", "Function[x, Power[x, 2]]"),           # WL 12.2+; Mathics3: syntax error
    ("f @@@ x", "MapApply[f, x]"),                        # WL 13.1+; Mathics3: Apply[f, x, {1}]
    ("x //= f", "ApplyTo[x, f]"),                         # WL 13.1+ (precedence of +=)
    ("x //= f // g", "g[ApplyTo[x, f]]"),
    ("a //= b /. c", "ApplyTo[a, ReplaceAll[b, c]]"),
    ("\\[Alpha]1", "\u03b11"),                           # Mathics3's scanner crashes
    ("\\[ExponentialE]", "E"),                          # Mathics3: the symbol ExponentialE
    ("\\[ImaginaryI]", "I"),
    ("a \\[Element] b", "Element[a, b]"),               # Mathics3: syntax error
    ("1.5`20.5", "1.5`20.5"),                             # Mathics3 rounds the precision to 20
    ("3``20", "3.`20.477121254719663"),                   # accuracy 20: precision 20 + log10(3)
    ("\"\\[Rule]\\[Equal]\"", '"\uf522\uf431"'),        # WL's private-use code points
]

# wlnet's own extension: a `<` that starts an operand opens a list (wl-syntax.md: never a
# comparison in WL), closed by the `>` at the same depth.
ANGLE_LISTS = [
    ('NetChain[<GatedRecurrentLayer[3, "Input" -> <"Varying", 2>], SequenceLastLayer[]>]',
     'NetChain[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], SequenceLastLayer[]}]'),
    ("<1, 2>", "{1, 2}"),
    ("x = <<1, 2>, <3, 4>>", "x = {{1, 2}, {3, 4}}"),
    ("f[<a>]", "f[{a}]"),
    ("a < <1>", "a < {1}"),
    ("<a, b> . <c, d>", "{a, b} . {c, d}"),
    ("<a -> b, c>= d", "{a -> b, c} = d"),
]

# (text, incomplete?): incomplete texts could be completed by more input (a REPL reads on)
SYNTAX_ERRORS = [
    ("a +", True), ("f[", True), ("f[a,", True), ("{1, 2", True), ("<|a -> 1", True),
    ("(a + b", True), ('"abc', True), ("a (* b", True), ("x =", True), ("a ->", True),
    ("f[x_] :=", True), ("f[[1]", True), ("x:", True),
    ("a)", False), ("a]", False), ("a}", False), ("f[a)", False), ("{a]", False),
    ("(a, b)", False), ("a +* b", False), ("* a", False), ("a ** ** b", False),
    ("a ? b ? c", False), ("= 5", False), ("-> a", False), ("a &&& b", False),
    ("\\[Foo]", False), ('"\\q"', False), ("a b ]", False), ("f[x]]", False), (")", False),
    ("a /. /. b", False), ("1 +/ 2", False), ("@ f", False), ("a ; ; ; )", False),
    ("^ 2", False), ("a === === b", False),
]

# scripts: a newline at depth 0 ends a complete statement (wl-syntax.md section 4)
SCRIPTS = [
    ("a\nb", ["a", "b"]),
    ("a\n-b", ["a", "Times[-1, b]"]),
    ("a\n+b", ["a", "Plus[b]"]),
    ("a +\nb\nc", ["Plus[a, b]", "c"]),
    ("a;\nb", ["CompoundExpression[a, Null]", "b"]),
    ("x =\n 5", ["Set[x, 5]"]),
    ("f[x_] :=\n  x^2", ["SetDelayed[f[Pattern[x, Blank[]]], Power[x, 2]]"]),
    ("(a\nb)", ["Times[a, b]"]),
    ("f[a\nb]", ["f[Times[a, b]]"]),
    ("f[1,\n2]\ng[3]", ["f[1, 2]", "g[3]"]),
    ("a\n\n\nb", ["a", "b"]),
    ("(* c *)\na\n(* d\n e *)\nb", ["a", "b"]),
    ("a // \n f", ["f[a]"]),
    ("x = 1;\ny = 2;\nx + y", ["CompoundExpression[Set[x, 1], Null]",
                                 "CompoundExpression[Set[y, 2], Null]", "Plus[x, y]"]),
    ("f[x_] := Module[{y},\n  y = x;\n  y^2\n]\nf[3]",
     ["SetDelayed[f[Pattern[x, Blank[]]], Module[List[y], CompoundExpression[Set[y, x], "
      "Power[y, 2]]]]", "f[3]"]),
    ("a &&\nb || \nc", ["Or[And[a, b], c]"]),
    ("a\n!b", ["a", "Not[b]"]),
    ("a!\nb", ["Factorial[a]", "b"]),
    ("1 2\n3 4", ["Times[1, 2]", "Times[3, 4]"]),
    ("a =.\nb", ["Unset[a]", "b"]),
    ("a;;\nb", ["Span[a, All]", "b"]),
    ("\r\na\r\nb\r\n", ["a", "b"]),
    ("", []),
]


@pytest.mark.parametrize("text, expected", CASES + WOLFRAM_ONLY)
def test_parse(text, expected):
    assert fullform(parse(text)) == expected


@needs_mathics
@pytest.mark.parametrize("text, expected", CASES)
def test_parse_agrees_with_mathics(text, expected):
    assert parse(text) == mathics_parse(text)


def test_the_table_is_large_enough():
    assert len(CASES) + len(WOLFRAM_ONLY) >= 150
    assert len(SYNTAX_ERRORS) >= 20


@pytest.mark.parametrize("angle, braces", ANGLE_LISTS)
def test_angle_bracket_lists_are_lists(angle, braces):
    assert parse(angle) == parse(braces)


@pytest.mark.parametrize("text, incomplete", SYNTAX_ERRORS)
def test_syntax_errors(text, incomplete):
    with pytest.raises(WLSyntaxError) as info:
        parse(text)
    assert info.value.incomplete is incomplete
    assert isinstance(info.value, WLIncompleteInput) is incomplete
    assert is_complete(text) is (False if incomplete else None)


@needs_mathics
@pytest.mark.parametrize("text, incomplete", SYNTAX_ERRORS)
def test_syntax_errors_agree_with_mathics(text, incomplete):
    with pytest.raises(MathicsSyntaxError) as info:
        mathics_parse(text)
    assert info.value.incomplete is incomplete


@pytest.mark.parametrize("script, expected", SCRIPTS)
def test_parse_script(script, expected):
    assert [fullform(e) for e in parse_script(script)] == expected


@needs_mathics
@pytest.mark.parametrize("script, expected", SCRIPTS)
def test_parse_script_agrees_with_mathics(script, expected):
    assert parse_script(script) == mathics_parse_script(script)


def _script_generator():
    """bench/bench_parse.py's generator of WL-shaped scripts (loaded from its file: bench/
    is not a package)."""
    import importlib.util
    from pathlib import Path
    path = Path(__file__).resolve().parents[2] / "bench" / "bench_parse.py"
    spec = importlib.util.spec_from_file_location("bench_parse", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ScriptGenerator


@needs_mathics
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_scripts_agree_with_mathics(seed):
    text = _script_generator()(seed).script(15_000)
    ours = parse_script(text)
    assert len(ours) > 100
    assert ours == mathics_parse_script(text)


# ---------------------------------------------------------------------------- number marks

def _digits(e, count):
    return e.value.digits(count)


def test_a_precision_mark_keeps_the_decimal_digits_not_the_float():
    # 0.1 is not a binary fraction: 0.1`30 is 0.1 to 30 digits, not the float 0.1 padded
    x = parse("0.1`30")
    assert x.precision == 30.0
    assert _digits(x, 30) == ("1" + "0" * 29, -1)
    long = parse("3.14159265358979323846264338327950288")          # 36 digits: a bignum
    assert long.precision == 36.0 and _digits(long, 36)[0] == "314159265358979323846264338327950288"


def test_accuracy_marks_exponents_and_zeros():
    x = parse("3.2``10")
    assert x.value.acc == pytest.approx(10.0)
    assert x.precision == pytest.approx(10 + math.log10(3.2))
    y = parse("1.5`20*^-30")
    assert y.precision == 20.0 and _digits(y, 3) == ("150", -30)
    zero = parse("0``20")
    assert zero.value.is_zero and zero.value.acc == 20.0
    assert parse("2.").precision is None and parse("2.`").precision is None

