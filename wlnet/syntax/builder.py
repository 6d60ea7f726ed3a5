"""The reductions of the grammar that build expressions: the methods of ``ExprBuilder``, one
per rule alias of grammar/wl.lark, called by the driver (driver.py) with the rule's children.
They build FullForm shapes directly (``a - b`` is ``Plus[a, Times[-1, b]]``, ``a/b`` is
``Times[a, Power[b, -1]]``, chains of flat operators are flattened, mixed comparisons become
``Inequality``).
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, Rational, Real, String, Symbol, S, NULL
from wlnet.core.contexts import unread

_NUMBER_TYPES = (Integer, Real, Rational)
_MINUS_ONE = Integer(-1)
_TIMES, _PLUS, _POWER, _LIST, _PART, _ASSOCIATION, _COMPOUND_EXPRESSION = (
    S.Times, S.Plus, S.Power, S.List, S.Part, S.Association, S.CompoundExpression)


# The hottest callbacks build their Expr as Expr.from_args does, inline: a function call
# less per node, a tenth of the callbacks' time.  (They set every slot of Expr; the parse
# tests compare what they build with Expr(...).)
_new_expr = object.__new__


class _OneEmpty(list):
    """The items of ``[]``, ``{}``, ``<||>``: one empty item, which stands for no items."""

    __slots__ = ()


_EMPTY = object()                                 # the value of an empty item

_CHAIN_HEADS = {"Equal", "Unequal", "Less", "LessEqual", "Greater", "GreaterEqual"}


class ExprBuilder:
    """Callbacks of the grammar rules, named by rule alias.  Each takes the list of the
    rule's children (expressions, or for operator tokens their string values).

    ``bare`` remembers the Times/Plus/Derivative/MessageName expressions built by operators
    (not wrapped in parentheses): those are flattened into an enclosing chain of the same
    operator, as WL does (``-a b`` is ``Times[-1, a, b]`` but ``(-a) b`` is
    ``Times[Times[-1, a], b]``)."""

    __slots__ = ("bare",)

    def __init__(self):
        self.bare: dict[int, Expr] = {}

    def _mark(self, e):
        self.bare[id(e)] = e
        return e

    def _is_bare(self, e, head) -> bool:
        return type(e) is Expr and e._head is head and id(e) in self.bare

    def _is_bare_times(self, e) -> bool:
        return type(e) is Expr and e._head is _TIMES and id(e) in self.bare

    # -- sequences, brackets, atoms ------------------------------------------------------

    # An empty item is Null (f[a, , b]); a sequence of one empty item is no items at all
    # (f[]): seq_first marks that case with the list type _OneEmpty.

    def seq_first(self, c):
        return _OneEmpty((NULL,)) if c[0] is _EMPTY else c    # c: a fresh list, [item]

    def seq_more(self, c):
        seq = c[0]
        item = c[2]
        if type(seq) is _OneEmpty:
            seq = [NULL]
        seq.append(NULL if item is _EMPTY else item)
        return seq

    def empty_item(self, c):
        return _EMPTY

    def call(self, c):
        seq = c[2]
        e = _new_expr(Expr)                       # Expr.from_args, inlined: a hot callback
        e._head = c[0]
        e._args = () if type(seq) is _OneEmpty else tuple(seq)
        e._hash = None
        return e

    def type_specifier(self, c):
        """cons::[t1, …] is TypeSpecifier[cons][t1, …] (FunctionCompile's compound types)."""
        seq = c[3]
        head = Expr(Symbol("TypeSpecifier"), c[0])
        return Expr.from_args(head, () if type(seq) is _OneEmpty else tuple(seq))

    def part(self, c):
        seq = c[2]
        return Expr.from_args(_PART, [c[0]] if type(seq) is _OneEmpty else [c[0], *seq])

    def list(self, c):
        seq = c[1]
        e = _new_expr(Expr)                       # Expr.from_args, inlined: a hot callback
        e._head = _LIST
        e._args = () if type(seq) is _OneEmpty else tuple(seq)
        e._hash = None
        return e

    def association(self, c):
        seq = c[1]
        return Expr.from_args(_ASSOCIATION, () if type(seq) is _OneEmpty else seq)

    def parenthesized(self, c):
        self.bare.pop(id(c[1]), None)
        return c[1]

    def get(self, c):
        return Expr(S.Get, c[1])

    def put(self, c):
        return Expr(S.Put, c[0], c[2])

    def put_append(self, c):
        return Expr(S.PutAppend, c[0], c[2])

    # -- compound expressions ------------------------------------------------------------

    def cseq_first(self, c):
        return [c[0]]

    def cseq_more(self, c):
        c[0].append(c[1])
        return c[0]

    def cseq_null(self, c):
        c[0].append(NULL)
        return c[0]

    def compound_expression(self, c):
        items = c[0] + [c[1]] if len(c) == 2 else c[0] + [NULL]
        return Expr.from_args(_COMPOUND_EXPRESSION, items)

    def compound_postfix_apply(self, c):
        """``a; b; // f`` -> f[CompoundExpression[a, b, Null]]"""
        return Expr(c[2], Expr.from_args(_COMPOUND_EXPRESSION, c[0] + [NULL]))

    # -- binary operators with a head of their own ---------------------------------------

    def _binary(head):
        def build(self, c):
            e = _new_expr(Expr)                   # Expr(head, c[0], c[2]) without __init__
            e._head = head
            e._args = (c[0], c[2])
            e._hash = None
            return e
        build.__name__ = head.name
        return build

    set = _binary(S.Set)
    set_delayed = _binary(S.SetDelayed)
    up_set = _binary(S.UpSet)
    up_set_delayed = _binary(S.UpSetDelayed)
    add_to = _binary(S.AddTo)
    apply_to = _binary(S.ApplyTo)
    subtract_from = _binary(S.SubtractFrom)
    times_by = _binary(S.TimesBy)
    divide_by = _binary(S.DivideBy)
    replace_all = _binary(S.ReplaceAll)
    replace_repeated = _binary(S.ReplaceRepeated)
    rule = _binary(S.Rule)
    rule_delayed = _binary(S.RuleDelayed)
    two_way_rule = _binary(S.TwoWayRule)
    condition = _binary(S.Condition)
    optional = _binary(S.Optional)
    pattern = _binary(S.Pattern)
    power = _binary(S.Power)
    map = _binary(S.Map)
    map_all = _binary(S.MapAll)
    apply = _binary(S.Apply)
    # f @@@ x is MapApply[f, x] in Wolfram 13.1+ (Mathics3 10 gives Apply[f, x, {1}])
    apply1 = _binary(S.MapApply)
    pattern_test = _binary(S.PatternTest)
    function_mapsto = _binary(S.Function)
    del _binary

    def tag_set(self, c):
        return Expr(S.TagSet, c[0], c[2], c[4])

    def tag_set_delayed(self, c):
        return Expr(S.TagSetDelayed, c[0], c[2], c[4])

    def tag_unset(self, c):
        return Expr(S.TagUnset, c[0], c[2])

    def pattern_optional(self, c):
        return Expr(S.Optional, Expr(S.Pattern, c[0], c[2]), c[4])

    def infix_operator(self, c):
        return Expr(Symbol(c[1]), c[0], c[2])

    def postfix_operator(self, c):
        return Expr(Symbol(c[1]), c[0])

    def postfix_apply(self, c):
        return Expr(c[2], c[0])

    def prefix_apply(self, c):
        return Expr(c[0], c[2])

    def infix_apply(self, c):
        return Expr(c[2], c[0], c[4])

    # -- prefix and postfix operators ----------------------------------------------------

    def _unary(head, position):
        def build(self, c):
            e = _new_expr(Expr)                   # Expr(head, c[position]), see _binary
            e._head = head
            e._args = (c[position],)
            e._hash = None
            return e
        build.__name__ = head.name
        return build

    unset = _unary(S.Unset, 0)
    function_amp = _unary(S.Function, 0)
    repeated = _unary(S.Repeated, 0)
    repeated_null = _unary(S.RepeatedNull, 0)
    factorial = _unary(S.Factorial, 0)
    factorial2 = _unary(S.Factorial2, 0)
    increment = _unary(S.Increment, 0)
    decrement = _unary(S.Decrement, 0)
    not_ = _unary(S.Not, 1)
    pre_increment = _unary(S.PreIncrement, 1)
    pre_decrement = _unary(S.PreDecrement, 1)
    del _unary

    def not_not(self, c):
        return Expr(S.Not, Expr(S.Not, c[1]))

    def negate(self, c):
        return self._negative(c[1])

    def _negative(self, x):
        """-x: a negative literal for a number written as such, else Times[-1, x]."""
        kind = type(x)
        if kind is Integer:                       # the most frequent case, inline
            if x._value >= 0:
                return Integer(-x._value)
        elif kind in _NUMBER_TYPES and _non_negative(x):
            return _negated_number(x)
        if type(x) is Expr and x._head is _TIMES and id(x) in self.bare:
            e = Expr.from_args(_TIMES, (_MINUS_ONE, *x._args))
        else:
            e = Expr(_TIMES, _MINUS_ONE, x)
        self.bare[id(e)] = e
        return e

    def unary_plus(self, c):
        return self._mark(Expr(_PLUS, c[1]))

    def derivative(self, c):
        f = c[0]
        if (self._is_derivative(f)):
            order = f._head._args[0]._value + 1
            return self._mark(Expr(Expr(S.Derivative, Integer(order)), f._args[0]))
        return self._mark(Expr(Expr(S.Derivative, Integer(1)), f))

    def _is_derivative(self, f) -> bool:
        return (type(f) is Expr and id(f) in self.bare and type(f._head) is Expr
                and f._head._head is S.Derivative and len(f._head._args) == 1
                and type(f._head._args[0]) is Integer and len(f._args) == 1)

    def message_name(self, c):
        tag = c[2]
        if type(tag) is Symbol:               # f::tag: the tag is text, not a symbol
            unread(tag)
            tag = String(tag.name[tag.name.rfind("`") + 1:])
        if self._is_bare(c[0], S.MessageName):
            return self._mark(Expr.from_args(S.MessageName, (*c[0]._args, tag)))
        return self._mark(Expr(S.MessageName, c[0], tag))

    # -- chains of infix operators -------------------------------------------------------

    def chain_first(self, c):
        return c                                  # [operand, op, operand]

    def chain_more(self, c):
        chain = c[0]
        chain.append(c[1])
        chain.append(c[2])
        return chain

    def chain_implicit_first(self, c):
        return [c[0], "STAR", c[1]]

    def chain_implicit_more(self, c):
        chain = c[0]
        chain.append("STAR")
        chain.append(c[1])
        return chain

    def _flat(head):
        def build(self, c):
            e = _new_expr(Expr)                   # Expr.from_args(head, c[0][0::2])
            e._head = head
            e._args = tuple(c[0][0::2])
            e._hash = None
            return e
        build.__name__ = head.name
        return build

    string_expression = _flat(S.StringExpression)
    alternatives = _flat(S.Alternatives)
    or_ = _flat(S.Or)
    and_ = _flat(S.And)
    dot = _flat(S.Dot)
    non_commutative_multiply = _flat(S.NonCommutativeMultiply)
    string_join = _flat(S.StringJoin)
    composition = _flat(S.Composition)
    right_composition = _flat(S.RightComposition)
    del _flat

    def plus(self, c):
        chain = c[0]
        bare = self.bare
        terms = []
        op = None
        for x in chain:
            if type(x) is str:                    # the operator before the next term
                op = x
            elif op == "MINUS":
                terms.append(self._negative(x))
            elif type(x) is Expr and x._head is _PLUS and id(x) in bare:
                terms.extend(x._args)             # unary plus inside a sum: a + +b
            else:
                terms.append(x)
        return Expr.from_args(_PLUS, terms)

    def times(self, c):
        chain = c[0]
        bare = self.bare
        factors = []
        op = None
        for x in chain:
            if type(x) is str:                    # the operator before the next factor
                op = x
            elif op == "SLASH":
                factors.append(Expr(_POWER, x, _MINUS_ONE))
            elif type(x) is Expr and x._head is _TIMES and id(x) in bare:
                factors.extend(x._args)
            else:
                factors.append(x)
        e = Expr.from_args(_TIMES, factors)
        bare[id(e)] = e
        return e

    def comparison(self, c):
        """a == b == c -> Equal[a, b, c]; a < b <= c -> Inequality[a, Less, b, LessEqual, c];
        SameQ/UnsameQ runs group left to right (a === b == c -> Equal[SameQ[a, b], c])."""
        chain = c[0]
        result = chain[0]
        k = 1
        while k < len(chain):
            run_ops = [chain[k]]
            run_args = [result, chain[k + 1]]
            k += 2
            family = _comparison_family(run_ops[0])
            while k < len(chain) and _comparison_family(chain[k]) == family:
                run_ops.append(chain[k])
                run_args.append(chain[k + 1])
                k += 2
            result = _comparison_run(run_ops, run_args)
        return result

    # -- spans ---------------------------------------------------------------------------

    def span(self, c):
        """i;;j;;k with any part missing: start 1, end All, no step."""
        parts = [[]]
        for x in c:
            if x == "SPAN" and type(x) is str:
                parts.append([])
            else:
                parts[-1].append(x)
        start = parts[0][0] if parts[0] else Integer(1)
        end = parts[1][0] if parts[1] else S.All
        if len(parts) == 3:
            return Expr(S.Span, start, end, parts[2][0])
        return Expr(S.Span, start, end)


# `not`, `or` and `and` are Python keywords: the grammar's aliases map to these methods
setattr(ExprBuilder, "not", ExprBuilder.not_)
setattr(ExprBuilder, "or", ExprBuilder.or_)
setattr(ExprBuilder, "and", ExprBuilder.and_)


def _non_negative(x) -> bool:
    if type(x) is Rational:
        return x.numerator >= 0
    return x.value >= 0


def _negated_number(x):
    if type(x) is Integer:
        return Integer(-x.value)
    if type(x) is Real:
        return Real(-x.value, x.precision)
    return Rational(-x.numerator, x.denominator)


def _comparison_family(op: str) -> str:
    return "Inequality" if op in _CHAIN_HEADS else op


def _comparison_run(ops: list[str], args: list):
    if all(op == ops[0] for op in ops):
        return Expr.from_args(Symbol(ops[0]), args)
    mixed = [args[0]]
    for op, arg in zip(ops, args[1:]):
        mixed.append(Symbol(op))
        mixed.append(arg)
    return Expr.from_args(S.Inequality, mixed)
