"""Expression structure: heads and atoms, the shape predicates (VectorQ, MatrixQ, ArrayQ),
symbols and their names (Symbol, SymbolName, Names, Context), canonical order (Order,
OrderedQ), editing at positions (ReplacePart, MapAt) and Definition.

Positions follow Part: 1-based, negative from the end, 0 for the head.  A position that
does not exist is ignored by ReplacePart (as in the Wolfram Language) and is an error
(``MapAt::partw``) for MapAt.
"""

from __future__ import annotations

import re
import weakref

from wlnet.builtins._listutil import is_assoc, is_list, is_rule, mklist, rule_applier, wl_bool
from wlnet.builtins.lists.part import PartError
from wlnet.builtins.lists.part import _index as part_index
from wlnet.builtins.lists.part import _is_key_spec as part_is_key_spec
from wlnet.builtins.lists.part import _key_of as part_key_of
from wlnet.builtins.lists.part import _positions as part_positions
from wlnet.core.registry import builtin, builtin_names, builtin_subvalue
from wlnet.core import order
from wlnet.core.contexts import context_of, printed_name, split_name
from wlnet.core.expr import FALSE, TRUE, Complex, Expr, Integer, Rational, S, String, Symbol
from wlnet.core.packed import element_kind, pack, packed_array, scalar_value
from wlnet.core.pattern import is_free_of_patterns

LIST = S.List
ALL = S.All


# ============================================================================ heads, atoms

@builtin("Head", argc=(1, 2), attributes=("Protected",),
         usage="Head[expr] is the head of expr; Head[expr, h] wraps it as h[head].",
         examples=(("Head[1]", "Integer"), ("Head[f[x][y]]", "f[x]"),
                   ("Head[{a}, g]", "g[List]")))
def head(ev, e, wrap=None):
    h = e.head
    return h if wrap is None else Expr(wrap, h)


@builtin("AtomQ", argc=1, attributes=("Protected",),
         usage="AtomQ[expr] is True when expr cannot be divided into parts: a number, a "
               "string or a symbol.",
         examples=(("AtomQ[\"ab\"]", "True"), ("AtomQ[1/2]", "True"), ("AtomQ[f[x]]", "False")))
def atom_q(ev, e):
    return wl_bool(type(e) is not Expr)


@builtin("StringQ", argc=1, attributes=("Protected",),
         usage="StringQ[expr] is True when expr is a string.",
         examples=(("StringQ[\"a\"]", "True"), ("StringQ[a]", "False")))
def string_q(ev, e):
    return wl_bool(type(e) is String)


@builtin("ListQ", argc=1, attributes=("Protected",),
         usage="ListQ[expr] is True when the head of expr is List.",
         examples=(("ListQ[{}]", "True"), ("ListQ[f[1]]", "False")))
def list_q(ev, e):
    return wl_bool(is_list(e))


@builtin("AssociationQ", argc=1, attributes=("Protected",),
         usage="AssociationQ[expr] is True when expr is a valid association.",
         examples=(("AssociationQ[<|a -> 1|>]", "True"), ("AssociationQ[{a -> 1}]", "False")))
def association_q(ev, e):
    return wl_bool(is_assoc(e) and all(is_rule(r) for r in e.args))


# ============================================================================ arrays

def array_dimensions(e) -> list[int]:
    """The dimensions of the full (rectangular) array of nested lists ``e``: as many
    levels as every element at that level is a list of the same length."""
    dims: list[int] = []
    level = [e]
    while all(is_list(x) for x in level):
        n = len(level[0].args)
        if any(len(x.args) != n for x in level):
            break
        dims.append(n)
        if n == 0:
            break
        level = [y for x in level for y in x.args]
    return dims


def _all_pass(ev, items, test) -> bool:
    return all(ev.apply(test, x) is TRUE for x in items)


def _flat_leaves(e, depth: int) -> list:
    level = [e]
    for _ in range(depth):
        level = [y for x in level for y in x.args]
    return level


@builtin("VectorQ", argc=(1, 2), attributes=("Protected",),
         usage="VectorQ[expr] is True when expr is a list none of whose elements is a list; "
               "VectorQ[expr, test] also requires test[e] to be True for each element.",
         examples=(("VectorQ[{1, 2}]", "True"), ("VectorQ[{{1}}]", "False"),
                   ("VectorQ[{1, x}, NumberQ]", "False")))
def vector_q(ev, e, test=None):
    if not is_list(e) or any(is_list(x) for x in e.args):
        return FALSE
    return wl_bool(test is None or _all_pass(ev, e.args, test))


@builtin("MatrixQ", argc=(1, 2), attributes=("Protected",),
         usage="MatrixQ[expr] is True when expr is a list of lists of equal length whose "
               "elements are not lists; MatrixQ[expr, test] also tests every element.",
         examples=(("MatrixQ[{{1, 2}, {3, 4}}]", "True"), ("MatrixQ[{{1}, {2, 3}}]", "False"),
                   ("MatrixQ[{1, 2}]", "False")))
def matrix_q(ev, e, test=None):
    dims = array_dimensions(e)
    if len(dims) < 2:
        return FALSE
    leaves = _flat_leaves(e, 2)
    if any(is_list(x) for x in leaves):
        return FALSE
    return wl_bool(test is None or _all_pass(ev, leaves, test))


@builtin("ArrayQ", argc=(1, 3), attributes=("Protected",),
         usage="ArrayQ[expr] is True when expr is a full array (nested lists, rectangular "
               "at every level); ArrayQ[expr, d] also requires the depth to match d (a "
               "pattern), ArrayQ[expr, d, test] every element to pass test.",
         examples=(("ArrayQ[{{1, 2}, {3, 4}}]", "True"), ("ArrayQ[{{1}, {2, 3}}]", "False"),
                   ("ArrayQ[{{1, 2}}, 2]", "True"), ("ArrayQ[x]", "False")))
def array_q(ev, e, depth=None, test=None):
    if not is_list(e):
        return FALSE
    dims = array_dimensions(e)
    leaves = _flat_leaves(e, len(dims))
    if any(is_list(x) for x in leaves):          # ragged below the full levels
        return FALSE
    if depth is not None:
        from wlnet.core.pattern import matches
        if not matches(ev, depth, Integer(len(dims))):
            return FALSE
    return wl_bool(test is None or _all_pass(ev, leaves, test))


@builtin("ArrayDepth", argc=1, attributes=("Protected",),
         usage="ArrayDepth[expr] is the number of levels of expr that form a full array "
               "(the length of Dimensions for lists).",
         examples=(("ArrayDepth[{{1, 2}, {3, 4}}]", "2"), ("ArrayDepth[{{1}, {2, 3}}]", "1"),
                   ("ArrayDepth[x]", "0")))
def array_depth(ev, e):
    return Integer(len(array_dimensions(e)))


def _leaf_count(e) -> int:
    t = type(e)
    if t is Expr:
        stack, n = [e], 0
        while stack:
            x = stack.pop()
            if type(x) is Expr:
                stack.append(x.head)
                stack.extend(x.args)
            else:
                n += _leaf_count(x)
        return n
    if t is Rational or t is Complex:       # Rational[1, 2], Complex[1, 2]: three leaves
        return 3
    return 1


@builtin("LeafCount", argc=1, attributes=("Protected",),
         usage="LeafCount[expr] is the number of atoms in expr, heads included (in FullForm).",
         examples=(("LeafCount[1 + a]", "3"), ("LeafCount[f[x][y]]", "3"),
                   ("LeafCount[1/2]", "3")))
def leaf_count(ev, e):
    return Integer(_leaf_count(e))


# Sizes in bytes of the Wolfram kernel's storage, for ByteCount's estimate: an expression
# is a header and a pointer per part; a packed array a header and its machine numbers.
_EXPR_HEADER, _POINTER, _ARRAY_HEADER, _NUMBER, _STRING_HEADER = 40, 8, 104, 16, 56


def _byte_count(e) -> int:
    t = type(e)
    if t is Symbol:                         # symbols are shared, as in WL
        return 0
    if t is Expr:
        array = packed_array(e)
        if array is not None:
            return _ARRAY_HEADER + array.nbytes
        return (_EXPR_HEADER + _POINTER * len(e._args) + _byte_count(e._head)
                + sum(_byte_count(a) for a in e._args))
    if t is String:
        return _STRING_HEADER + 8 * (len(e.value.encode("utf-8")) // 8 + 1)
    if t is Integer:
        return _NUMBER + 8 * max(0, (e.value.bit_length() - 1) // 64)
    if t is Rational or t is Complex:
        return 2 * _NUMBER + _EXPR_HEADER
    array = getattr(e, "_array", None)      # NumericArray
    if array is not None:
        return _ARRAY_HEADER + array.nbytes
    return _NUMBER


@builtin("ByteCount", argc=1, attributes=("Protected",),
         usage="ByteCount[expr] is an estimate of the number of bytes expr takes in memory "
               "(parts shared with other expressions counted again, as in WL).",
         examples=(("ByteCount[x]", "0"), ("ByteCount[Range[10.]]", "184")))
def byte_count(ev, e):
    return Integer(_byte_count(e))


# ============================================================================ symbols

_SYMBOL_NAME = re.compile(r"^`?(?:[A-Za-z$][A-Za-z0-9$]*`)*[A-Za-z$][A-Za-z0-9$]*$")


@builtin("Symbol", argc=1, attributes=("Protected",),
         usage="Symbol[\"name\"] is the symbol with that name.",
         examples=(("Symbol[\"x\"]", "x"), ("Head[Symbol[\"x\"]]", "Symbol")),
         messages={"symname": "The string `1` cannot be used for a symbol name."})
def symbol_(ev, name):
    if type(name) is not String:
        ev.message(S.Symbol, "symname", name)
        return None
    if not _SYMBOL_NAME.match(name.value):
        ev.message(S.Symbol, "symname", name)
        return None
    return ev.contexts.symbol(name.value)        # read as the parser reads names


@builtin("SymbolName", argc=1, attributes=("Protected",),
         usage="SymbolName[symbol] is the name of symbol as a string, without its context.",
         examples=(("SymbolName[x]", "\"x\""), ("SymbolName[Plus]", "\"Plus\"")),
         messages={"sym": "Argument `1` at position `2` is expected to be a symbol."})
def symbol_name(ev, sym):
    if type(sym) is not Symbol:
        ev.message(S.SymbolName, "sym", sym, Integer(1))
        return None
    return String(sym.name.rsplit("`", 1)[-1])


@builtin("Context", argc=(0, 1), attributes=("HoldFirst", "Protected"),
         usage="Context[] is the current context ($Context); Context[symbol] is the context "
               "of symbol; Context[\"name\"] the context of the symbol of that name.",
         examples=(("Context[]", "\"Global`\""), ("Context[Plus]", "\"System`\""),
                   ("Context[x]", "\"Global`\"")),
         messages={"notfound": "Symbol `1` not found.",
                   "ssle": "Symbol, string or HoldPattern[symbol] expected at position `1` "
                           "in `2`."})
def context(ev, sym=None):
    if sym is None:
        from wlnet.builtins.contexts import current_context
        return String(current_context(ev))
    if type(sym) is String:
        found = ev.contexts.find(sym.value) if _SYMBOL_NAME.match(sym.value) else None
        if found is None:
            ev.message(S.Context, "notfound", sym)
            return None
        sym = found
    if type(sym) is not Symbol:
        ev.message(S.Context, "ssle", Integer(1), Expr(S.Context, sym))
        return None
    return String(context_of(sym))


def _names_regex(pattern: str):
    """Names' string patterns: ``*`` any characters but the context mark, ``@`` lower-case
    characters (and digits), everything else literal (``Geometry`*``: that context's
    names, not those of ``Geometry`Private```)."""
    out = []
    for ch in pattern:
        if ch == "*":
            out.append("[^`]*")
        elif ch == "@":
            out.append("[a-z0-9$]*")
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out), re.S)


def session_names(ev) -> set[str]:
    """The stored names of every builtin and every symbol the session has a record of or
    has made in a context of its own."""
    names = builtin_names()
    for sym in ev.definitions.records:
        name = sym.name if type(sym) is Symbol else str(sym)
        names.add(name)
    names.update(sym.name for sym in ev.contexts.known)
    return names


@builtin("Names", argc=(0, 1), attributes=("Protected",),
         usage="Names[\"pattern\"] is the sorted list of the names of the symbols (builtin and "
               "yours) that match the string pattern (* any characters, @ lower-case "
               "letters); Names[\"ctx`*\"] those of a context; Names[] lists them all.",
         examples=(("MemberQ[Names[\"String*\"], \"StringJoin\"]", "True"),
                   ("Names[\"NoSuchSymbolPrefixAtAll*\"]", "{}")),
         messages={"strse": "String or list of strings expected at position `1` in `2`."})
def names(ev, pattern=None):
    if pattern is None:
        patterns = ["*"]
    elif type(pattern) is String:
        patterns = [pattern.value]
    elif is_list(pattern) and all(type(p) is String for p in pattern.args):
        patterns = [p.value for p in pattern.args]
    else:
        ev.message(S.Names, "strse", Integer(1), Expr(S.Names, pattern))
        return None
    regexes = [(_names_regex(p), "`" in p) for p in patterns]
    found = []
    for name in session_names(ev):
        context, short = split_name(name)
        shown = printed_name(Symbol(name))      # short where the name reads back as it
        if any(r.fullmatch(context + short) if qualified
               else "`" not in shown and r.fullmatch(short)
               for r, qualified in regexes):
            found.append(shown)
    found.sort(key=order.string_key)
    return mklist(map(String, found))


# ============================================================================ order

@builtin("Order", argc=2, attributes=("Protected",),
         usage="Order[a, b] is 1 when a comes before b in canonical order, -1 when after, "
               "0 when they are the same.",
         examples=(("Order[a, b]", "1"), ("Order[2, 1]", "-1"), ("Order[x, x]", "0")))
def order_(ev, a, b):
    return Integer(-order.compare(a, b))


@builtin("OrderedQ", argc=(1, 2), attributes=("Protected",),
         usage="OrderedQ[h[e1, e2, …]] is True when the elements are in canonical order; "
               "OrderedQ[list, p] uses the ordering function p (p[a, b] True when a may "
               "come before b).",
         examples=(("OrderedQ[{1, 2, 2}]", "True"), ("OrderedQ[{b, a}]", "False"),
                   ("OrderedQ[{3, 2, 1}, Greater]", "True")))
def ordered_q(ev, e, p=None):
    if type(e) is not Expr:
        ev.message(S.OrderedQ, "normal", Integer(1), Expr(S.OrderedQ, e))
        return None
    items = e.args
    if p is None:
        return wl_bool(order.is_ordered(items))
    for x, y in zip(items, items[1:]):
        r = ev.apply(p, x, y)
        if r is FALSE or (type(r) is Integer and r.value < 0):
            return FALSE
    return TRUE


# ============================================================================ positions

def _index(n: int, length: int):
    """A Part index (negative from the end; 0 the head) as a Python index into
    [head, *args], or None when it does not exist."""
    k = n + length + 1 if n < 0 else n
    return k if 0 <= k <= length else None


def _int_position(spec):
    """A position given as n or {i, j, …} of machine integers (or None)."""
    if type(spec) is Integer:
        return (spec.value,)
    if is_list(spec) and spec.args and all(type(i) is Integer for i in spec.args):
        return tuple(i.value for i in spec.args)
    return None


def _positions_of(spec):
    """The list of positions that ``spec`` denotes (n, {i, j}, {{i}, {j}, …}), or None."""
    one = _int_position(spec)
    if one is not None:
        return [one]
    if is_list(spec) and spec.args and all(is_list(p) for p in spec.args):
        many = [_int_position(p) for p in spec.args]
        if all(p is not None for p in many):
            return many
    return None


def _replace_at(e, pos: tuple, new):
    """``e`` with the part at ``pos`` replaced by ``new``; None when there is no such part."""
    if not pos:
        return new
    if type(e) is not Expr:
        return None
    k = _index(pos[0], len(e.args))
    if k is None:
        return None
    parts = [e.head, *e.args]
    inner = _replace_at(parts[k], pos[1:], new)
    if inner is None:
        return None
    parts[k] = inner
    return Expr.from_args(parts[0], parts[1:])


def _all_positions(e, prefix=()):
    """Every position of ``e`` (heads excluded, as with Heads -> False), outermost first."""
    if type(e) is not Expr:
        return
    for i, x in enumerate(e.args, 1):
        yield prefix + (i,)
        yield from _all_positions(x, prefix + (i,))


def _position_pattern(lhs):
    """A position pattern is matched against index lists {i, j, …}; one whose core is not
    a list pattern (``i_ /; EvenQ[i]``) stands for a first-level position {i}."""
    core = lhs
    while type(core) is Expr and core.head in (S.Condition, S.PatternTest, S.Pattern) \
            and core.args:
        core = core.args[-1] if core.head is S.Pattern else core.args[0]
    return lhs if is_list(core) else Expr(LIST, lhs)


def _pattern_replacements(ev, e, rule):
    """(position, new) for every position of ``e`` whose index list matches the rule's
    position pattern."""
    lhs, rhs = rule.args
    apply = rule_applier(ev, Expr(rule.head, _position_pattern(lhs), rhs))
    out = []
    for pos in _all_positions(e):
        new = apply(mklist(map(Integer, pos)))
        if new is not None:
            out.append((pos, ev.evaluate(new)))
    return out


@builtin("ReplacePart", argc=(1, 2), attributes=("Protected",),
         usage="ReplacePart[expr, i -> new] replaces the part at position i (an index, "
               "{i, j, …} or a list of such positions, or a pattern for positions); several "
               "rules may be given in a list.  Positions that do not exist are ignored.",
         examples=(("ReplacePart[{a, b, c}, 2 -> x]", "{a, x, c}"),
                   ("ReplacePart[{{a, b}, {c, d}}, {2, 1} -> x]", "{{a, b}, {x, d}}"),
                   ("ReplacePart[{a, b, c, d}, i_ /; EvenQ[i] -> 0]", "{a, 0, c, 0}"),
                   ("ReplacePart[f[a], 0 -> g]", "g[a]")),
         messages={"reps": "`1` is not a list of replacement rules."})
def replace_part(ev, e, rules=None):
    if rules is None:
        return None                           # the operator form: ReplacePart[rules][e]
    rule_list = list(rules.args) if is_list(rules) else [rules]
    if not all(is_rule(r) for r in rule_list):
        ev.message(S.ReplacePart, "reps", rules)
        return None
    edits = []                            # {} (no rules, as a filtered list may be): e as it is
    for r in rule_list:
        lhs, rhs = r.args
        positions = _positions_of(lhs)
        if positions is not None:
            edits.extend((p, rhs) for p in positions)
        elif not is_free_of_patterns(lhs):
            edits.extend(_pattern_replacements(ev, e, r))
    packed = _packed_replaced(e, edits)
    if packed is not None:
        return packed
    done = set()
    for pos, new in edits:                # the first rule for a position wins
        if pos in done:
            continue
        done.add(pos)
        replaced = _replace_at(e, pos, new)
        if replaced is not None:
            e = replaced
    return e


def _packed_replaced(e, edits):
    """A packed array with elements replaced by numbers of its own type (one-hot vectors,
    a pixel set): a numpy copy with those entries set, still packed; None for any other
    case (a position that is not an element's, a value of another type)."""
    arr = packed_array(e)
    if arr is None or not edits:
        return None
    kind = arr.dtype.kind
    out = None
    done = set()
    for pos, new in edits:
        if len(pos) != arr.ndim or 0 in pos or element_kind(new) != kind:
            return None
        index = tuple(k - 1 if k > 0 else k for k in pos)
        if not all(-n <= i < n for i, n in zip(index, arr.shape)):
            continue                          # no such part: ignored, as ReplacePart does
        index = tuple(i % n for i, n in zip(index, arr.shape))
        if index in done:                     # the first rule for a position wins
            continue
        done.add(index)
        if out is None:
            out = arr.copy()
        out[index] = scalar_value(new)
    return e if out is None else pack(out, owned=True)


@builtin("ReplaceAt", argc=(2, 3), attributes=("Protected",),
         usage="ReplaceAt[expr, rules, n] applies the replacement rules to the part at "
               "position n (an index, {i, j, …}, a list of positions or All); "
               "ReplaceAt[rules, n] is the operator form.",
         examples=(("ReplaceAt[{a, a, a}, a -> x, 2]", "{a, x, a}"),
                   ("ReplaceAt[{{a, b}, {a, b}}, a -> x, {2, 1}]", "{{a, b}, {x, b}}")))
def replace_at(ev, e, rules, spec=None):
    if spec is None:
        return None                           # the operator form ReplaceAt[rules, n]
    positions = _positions_of(spec)
    if positions is None:
        return None
    for pos in positions:
        part = ev.evaluate(Expr(S.Part, e, *[Integer(i) for i in pos])) if pos else e
        replaced = ev.evaluate(Expr(S.Replace, part, rules))
        e = _replace_at(e, pos, replaced) if pos else replaced
        if e is None:
            return None
    return e


@builtin_subvalue("ReplaceAt")
def _replace_at_operator(ev, head_expr, *args):
    if len(head_expr.args) == 2 and len(args) == 1:
        return Expr(S.ReplaceAt, args[0], *head_expr.args)
    return None


@builtin_subvalue("ReplacePart")
def replace_part_operator(ev, head_expr, *args):
    if len(head_expr.args) == 1 and len(args) == 1:
        return Expr(S.ReplacePart, args[0], head_expr.args[0])
    return None


def _map_at(e, pos: tuple, f):
    """``e`` with ``f`` applied to the part(s) at ``pos``: each index as in Part (n, -n,
    0 for the head, All, a span, a list of indices, or a key of an association, given as
    Key[k] or a string).  An association's part is the value of its rule.  Raises
    PartError."""
    if not pos:
        return Expr(f, e)
    if type(e) is not Expr:
        raise PartError("partw", None, e)
    spec, rest = pos[0], pos[1:]
    if type(spec) is Integer and spec.value == 0:
        return Expr.from_args(_map_at(e.head, rest, f), e.args)
    if type(spec) is Integer:
        picked = [part_index(spec.value, len(e.args), e)]
    elif part_is_key_spec(e, spec):
        key = part_key_of(spec)
        picked = [j for j, r in enumerate(e.args) if is_rule(r) and r.args[0] == key]
        if not picked:
            raise PartError("partw", key, e)
    else:
        picked = part_positions(e, spec)
        if picked is None:
            raise PartError("pkspec1", spec)
    args = list(e.args)
    for j in picked:
        a = args[j]
        if is_assoc(e) and is_rule(a):
            args[j] = Expr(a.head, a.args[0], _map_at(a.args[1], rest, f))
        else:
            args[j] = _map_at(a, rest, f)
    return Expr.from_args(e.head, args)


def _map_positions(spec):
    """The positions a MapAt specification lists: one index (n, All, a span, Key[k], a
    string), one position {i, j, …}, or a list of positions {{i, j, …}, …} ({} is none,
    {{}} the whole expression)."""
    if is_list(spec) and spec.args and all(is_list(p) for p in spec.args):
        return [tuple(p.args) for p in spec.args]
    if is_list(spec):
        return [tuple(spec.args)] if spec.args else []
    return [(spec,)]


@builtin("MapAt", argc=(2, 3), attributes=("Protected",),
         usage="MapAt[f, expr, n] applies f to the part of expr at position n (an index, "
               "{i, j, …} with All, spans and association keys allowed as in Part, or a "
               "list of positions); MapAt[f, n] is the operator form.",
         examples=(("MapAt[f, {a, b, c}, 2]", "{a, f[b], c}"),
                   ("MapAt[f, {a, b, c}, -1]", "{a, b, f[c]}"),
                   ("MapAt[f, {{a, b}, {c, d}}, {All, 1}]", "{{f[a], b}, {f[c], d}}"),
                   ("MapAt[f, {a, b, c}, {{1}, {3}}]", "{f[a], b, f[c]}")),
         messages={"partw": "Part `1` of `2` does not exist.",
                   "psl": "Position specification `1` in `2` is not an integer or a list "
                          "of integers."})
def map_at(ev, f, e, spec=None):
    if spec is None:
        return None                           # the operator form: MapAt[f, n][expr]
    result = e
    for pos in _map_positions(spec):
        try:
            result = _map_at(result, pos, f)
        except PartError as err:
            if err.tag == "partw":
                ev.message(S.MapAt, "partw", mklist(pos), e)
            else:
                ev.message(S.MapAt, "psl", spec, Expr(S.MapAt, f, e, spec))
            return None
    return result


@builtin_subvalue("MapAt")
def map_at_operator(ev, head_expr, *args):
    if len(head_expr.args) == 2 and len(args) == 1:
        f, spec = head_expr.args
        return Expr(S.MapAt, f, args[0], spec)
    return None


# ============================================================================ Definition

# Definition[f] stays Definition[f] and prints the definitions as they are when it is
# shown (as in the Wolfram Language).  The printer has no evaluator, so the formatter
# reads the definitions of the session that evaluated Definition last.
_last_definitions = None


def definition_text(definitions, sym: Symbol) -> str:
    """The text ``??f`` shows: attributes, then own values, down values (specific ones
    first), sub values and up values, options, and format values, separated by blank
    lines; Null when there is nothing."""
    from wlnet.core.attributes import names_of
    from wlnet.syntax.printer import input_form
    rec = definitions.get(sym)
    if rec is None:
        return "Null"
    blocks = []
    if rec.attrs:
        blocks.append(f"Attributes[{sym.name}] = {{{', '.join(names_of(rec.attrs))}}}")
    if rec.own is not None and rec.func is None:
        blocks.append(f"{sym.name} {':=' if rec.own_delayed else '='} {input_form(rec.own)}")
    for rule in [*rec.down_exact.values(), *rec.down, *rec.sub, *rec.up]:
        op = ":=" if rule.delayed else "="
        blocks.append(f"{input_form(rule.lhs)} {op} {input_form(rule.rhs)}")
    if rec.options and rec.func is None:
        blocks.append(f"Options[{sym.name}] = {input_form(mklist(rec.options))}")
    from wlnet.builtins.format_values import definition_lines
    blocks.extend(definition_lines(rec, input_form))
    return "\n\n".join(blocks) if blocks else "Null"


@builtin("Definition", argc=1, attributes=("HoldAll", "Protected"),
         usage="Definition[symbol] shows the definitions of symbol (as ??symbol does): its "
               "attributes, values and rules.",
         examples=(("Head[Definition[f]]", "Definition"),),
         messages={"ssle": "Symbol, string or HoldPattern[symbol] expected at position `1` "
                           "in `2`."})
def definition(ev, sym):
    global _last_definitions
    if type(sym) is String:
        return Expr(S.Definition, Symbol(sym.value)) if _SYMBOL_NAME.match(sym.value) else None
    if type(sym) is not Symbol:
        ev.message(S.Definition, "ssle", Integer(1), Expr(S.Definition, sym))
        return None
    _last_definitions = weakref.ref(ev.definitions)
    return None


def _definition_output(e):
    if len(e.args) != 1 or type(e.args[0]) is not Symbol or _last_definitions is None:
        return None
    definitions = _last_definitions()
    if definitions is None:
        return None
    return definition_text(definitions, e.args[0])


try:
    from wlnet.syntax.printer import register_output_format
    register_output_format("Definition", _definition_output)
except ImportError:                           # printer not available: default printing
    pass

