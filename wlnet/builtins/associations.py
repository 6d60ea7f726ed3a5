"""Associations: ``<|k1 -> v1, …|>``, an ordered map from keys to values.

An association is the normal expression ``Association[rule…]`` kept in canonical form by
the ``Association`` builtin: only ``Rule``/``RuleDelayed`` entries, each key once, in order
of first appearance, a later rule for a key replacing the value of an earlier one.  Lists of
rules and associations among the arguments are spliced in.  Looking a key up goes through a
small cache of key → entry dicts so that ``assoc[k]`` does not scan the entries each time.
"""

from __future__ import annotations

from operator import is_

from wlnet.core.expr import Expr, FALSE, Integer, S, String, Symbol, TRUE
from wlnet.core.packed import is_packed
from wlnet.core.registry import builtin, builtin_subvalue, upvalue_handler
from wlnet.builtins._listutil import (
    ASSOCIATION, LIST, RULE, assoc_index, canonical_key, is_assoc, is_list, is_rule, mklist,
    operator_form, wl_bool)
from wlnet.builtins._assoc_entries import _known_evaluated, _remember_evaluated
from wlnet.builtins.lists.joining import merge_rules

MISSING = S.Missing
KEY = S.Key


def missing_key(key) -> Expr:
    return Expr(MISSING, String("KeyAbsent"), key)


def make_association(rules) -> Expr:
    """An association from rules in order (later rules win, first position kept)."""
    return Expr.from_args(ASSOCIATION, merge_rules(rules))


# ---------------------------------------------------------------------------- lookup

def entries(assoc) -> dict:
    """key → rule of an association (cached)."""
    return assoc_index(assoc)


def _key(k):
    return k._args[0] if type(k) is Expr and k._head is KEY and len(k._args) == 1 else k


def lookup_value(assoc, key, default=None):
    """The value of ``key`` (``Key[k]`` allowed), ``default`` or Missing["KeyAbsent", key]."""
    key = _key(key)
    rule = entries(assoc).get(key)
    if rule is None:
        return missing_key(key) if default is None else default
    return rule._args[1]


# ---------------------------------------------------------------------------- Association

_NOTHING = S.Nothing


def _collect_rules(ev, args, out) -> bool:
    for a in args:
        if is_rule(a):
            out.append(a)
        elif a is _NOTHING:                   # <|a -> 1, Nothing|> drops it, as a list does
            continue
        elif type(a) is Expr and (a._head is LIST or a._head is ASSOCIATION):
            if not _collect_rules(ev, a._args, out):
                return False
        else:
            ev.message(S.Association, "invrl", a)
            return False
    return True


def _evaluated_entries(ev, args):
    out = []
    for a in args:
        v = ev.evaluate(a)
        if type(v) is Expr and v._head is S.Sequence:
            out.extend(v._args)
        else:
            out.append(v)
    return out


@builtin("Association", attributes=("HoldAllComplete", "Protected"), argc=(0, None),
         usage="<|k1 -> v1, k2 -> v2, …|> (Association[…]) maps keys to values, keeping "
         "their order; a later rule for a key replaces the earlier value.",
         examples=(("<|a -> 1, b -> 2, a -> 3|>", "<|a -> 3, b -> 2|>"),),
         messages={"invrl": "`1` is not a valid list of rules."})
def association(ev, *args):
    if not args or _known_evaluated(ev, args):
        return None
    entries_ = _evaluated_entries(ev, args)
    rules: list = []
    if not _collect_rules(ev, entries_, rules):
        return None
    merged = merge_rules(rules)
    _remember_evaluated(ev, merged)
    if len(merged) == len(args) and all(map(is_, merged, args)):
        return None
    return Expr.from_args(ASSOCIATION, merged)


@builtin_subvalue("Association")
def _association_apply(ev, assoc, *keys):
    """``assoc[key]`` and ``assoc[k1, k2, …]`` (into nested associations)."""
    if not keys:
        return None
    value = assoc
    for k in keys:
        if not is_assoc(value):
            return None
        value = lookup_value(value, k)
    return value


@builtin_subvalue("Key")
def _key_apply(ev, key, *args):
    """``Key[k][assoc]``: the value of k in assoc (Missing["KeyAbsent", k] when absent), as
    a function of a row (``SortBy[rows, Key["x"]]``)."""
    if len(key._args) != 1 or len(args) != 1 or not is_assoc(args[0]):
        return None
    return lookup_value(args[0], key)


# ---------------------------------------------------------------------------- Keys, Values

def _rules_of(e):
    """The entries of an association or a list of rules, else None."""
    if is_assoc(e):
        return [r for r in e._args if is_rule(r)]
    if is_list(e) and all(is_rule(r) for r in e._args):
        return list(e._args)
    if is_rule(e):
        return [e]
    return None


def _keys_or_values(ev, sym, e, h, index):
    """Keys or Values (index 0 or 1) of e, or None after one message for e as a whole."""
    found = _parts_of_rules(e, h, index)
    if found is None:
        ev.message(sym, "invrl", e)
    return found


def _parts_of_rules(e, h, index):
    """The keys or values of an association, a list of rules or a list of those; None when
    some part is none of these."""
    if is_list(e) and e._args and not all(is_rule(r) for r in e._args):
        parts = [_parts_of_rules(x, h, index) for x in e._args]
        return None if any(p is None for p in parts) else mklist(parts)
    rules = _rules_of(e)
    if rules is None:
        return None
    if is_rule(e):
        part = e._args[index]
        return Expr(h, part) if h is not None else part
    return mklist(Expr(h, r._args[index]) if h is not None else r._args[index] for r in rules)


@builtin("Keys", argc=(1, 2), usage="Keys[assoc] is the list of keys of assoc (or of a list "
         "of rules); Keys[assoc, h] wraps each in h.",
         examples=(("Keys[<|a -> 1, b -> 2|>]", "{a, b}"),),
         messages={"invrl": "The argument `1` is not a valid Association or a list of rules."})
def keys(ev, e, h=None):
    return _keys_or_values(ev, S.Keys, e, h, 0)


@builtin("Values", argc=(1, 2), usage="Values[assoc] is the list of values of assoc (or of a "
         "list of rules); Values[assoc, h] wraps each in h.",
         examples=(("Values[<|a -> 1, b -> 2|>]", "{1, 2}"),),
         messages={"invrl": "The argument `1` is not a valid Association or a list of rules."})
def values(ev, e, h=None):
    return _keys_or_values(ev, S.Values, e, h, 1)


@builtin("Lookup", argc=(1, 3), usage="Lookup[assoc, key] is the value of key in assoc "
         "(Missing[\"KeyAbsent\", key] if absent); Lookup[assoc, key, default]; "
         "Lookup[assoc, {k1, k2, …}] several keys; Lookup[{a1, a2, …}, key] several "
         "associations; Lookup[key] is the operator form.",
         examples=(("Lookup[<|a -> 1|>, b, 0]", "0"),),
         messages={"invrl": "`1` is not a valid Association or a list of rules."})
def lookup(ev, e, key=None, default=None):
    if key is None:
        return None
    found = _looked_up(e, key, default)
    if found is None:
        ev.message(S.Lookup, "invrl", e)       # once, for the argument as a whole
    return found


def _looked_up(e, key, default):
    """Lookup of an association, a list of rules or a list of those; None when some part
    is none of these."""
    if is_list(e) and not all(is_rule(r) for r in e._args):
        parts = [_looked_up(x, key, default) for x in e._args]
        return None if any(p is None for p in parts) else mklist(parts)
    if not is_assoc(e):
        rules = _rules_of(e)
        if rules is None:
            return None
        e = make_association(rules)
    if is_list(key):
        return mklist(lookup_value(e, k, default) for k in key._args)
    return lookup_value(e, key, default)


operator_form("Lookup", 1)


@builtin("KeyExistsQ", argc=(1, 2), usage="KeyExistsQ[assoc, key] is True when key is a key "
         "of assoc.", examples=(("KeyExistsQ[<|a -> 1|>, a]", "True"),))
def key_exists_q(ev, e, key=None):
    if key is None:
        return None
    rules = _rules_of(e)
    if rules is None:
        return FALSE
    if is_assoc(e):
        return wl_bool(_key(key) in entries(e))
    return wl_bool(any(r._args[0] == _key(key) for r in rules))


operator_form("KeyExistsQ", 1)


@builtin("KeyMemberQ", argc=(1, 2), usage="KeyMemberQ[assoc, pattern] is True when some key "
         "of assoc (or of a list of rules) matches pattern; KeyMemberQ[pattern] is the "
         "operator form.",
         examples=(("KeyMemberQ[<|1 -> a, 2 -> b|>, _?EvenQ]", "True"),))
def key_member_q(ev, e, patt=None):
    if patt is None:
        return None
    if is_assoc(e):
        keys = [r._args[0] for r in e._args]
    elif is_list(e) and all(is_rule(r) for r in e._args):
        keys = [r._args[0] for r in e._args]
    else:
        return FALSE
    from wlnet.core.pattern import matches
    return wl_bool(any(matches(ev, patt, k) for k in keys))


operator_form("KeyMemberQ", 1)


def _assoc_argument(ev, sym, e):
    """An association from an association or a list of rules (None after a message)."""
    if is_assoc(e) and all(is_rule(r) for r in e._args):
        return e
    rules = _rules_of(e)
    if rules is None or is_rule(e):
        ev.message(sym, "invrl", e)
        return None
    return make_association(rules)


_INVRL = {"invrl": "The argument `1` is not a valid Association or a list of rules."}


@builtin("KeySort", argc=(1, 2), usage="KeySort[assoc] orders the entries of assoc by their "
         "keys; KeySort[assoc, p] uses the ordering function p.",
         examples=(("KeySort[<|b -> 1, a -> 2|>]", "<|a -> 2, b -> 1|>"),), messages=_INVRL)
def key_sort(ev, e, p=None):
    a = _assoc_argument(ev, S.KeySort, e)
    if a is None:
        return None
    if p is None:
        ordered = sorted(a._args, key=lambda r: canonical_key(r._args[0]))
    else:
        from functools import cmp_to_key

        def cmp(r1, r2):
            v = ev.apply(p, r1._args[0], r2._args[0])
            return -1 if v is TRUE else 1 if v is FALSE else -(getattr(v, "value", 0) or 0)
        ordered = sorted(a._args, key=cmp_to_key(cmp))
    result = Expr.from_args(ASSOCIATION, ordered)
    return result if is_assoc(e) else mklist(ordered)


@builtin("KeySortBy", argc=(1, 2), usage="KeySortBy[assoc, f] orders the entries of assoc by f "
         "of their keys.", examples=(("KeySortBy[<|1 -> a, -2 -> b|>, Abs]",
                                      "<|1 -> a, -2 -> b|>"),), messages=_INVRL)
def key_sort_by(ev, e, f=None):
    if f is None:
        return None                       # the operator form KeySortBy[f]
    a = _assoc_argument(ev, S.KeySortBy, e)
    if a is None:
        return None
    keyed = [(canonical_key(ev.apply(f, r._args[0])), canonical_key(r._args[0]), r)
             for r in a._args]
    keyed.sort(key=lambda t: (t[0], t[1]))
    return Expr.from_args(ASSOCIATION, (t[2] for t in keyed))


def _key_list(spec):
    return [_key(k) for k in spec._args] if is_list(spec) else [_key(spec)]


def _over_list(ev, fn, e, arg):
    """Apply ``fn`` to each association of a list of associations."""
    parts = [fn(ev, x, arg) for x in e._args]
    return None if any(p is None for p in parts) else mklist(parts)


@builtin("KeyTake", argc=(1, 2), usage="KeyTake[assoc, {k1, k2, …}] keeps the entries with "
         "those keys, in that order; KeyTake[keys] is the operator form.",
         examples=(("KeyTake[<|a -> 1, b -> 2, c -> 3|>, {c, a}]", "<|c -> 3, a -> 1|>"),),
         messages=_INVRL)
def key_take(ev, e, spec=None):
    if spec is None:
        return None
    if is_list(e) and e._args and all(is_assoc(x) for x in e._args):
        return _over_list(ev, key_take, e, spec)
    a = _assoc_argument(ev, S.KeyTake, e)
    if a is None:
        return None
    index = entries(a)
    picked = [index[k] for k in dict.fromkeys(_key_list(spec)) if k in index]
    return Expr.from_args(ASSOCIATION, picked) if is_assoc(e) else mklist(picked)


operator_form("KeyTake", 1)


@builtin("KeyDrop", argc=(1, 2), usage="KeyDrop[assoc, {k1, k2, …}] drops the entries with "
         "those keys; KeyDrop[keys] is the operator form.",
         examples=(("KeyDrop[<|a -> 1, b -> 2|>, a]", "<|b -> 2|>"),), messages=_INVRL)
def key_drop(ev, e, spec=None):
    if spec is None:
        return None
    if is_list(e) and e._args and all(is_assoc(x) for x in e._args):
        return _over_list(ev, key_drop, e, spec)
    a = _assoc_argument(ev, S.KeyDrop, e)
    if a is None:
        return None
    drop = set(_key_list(spec))
    kept = [r for r in a._args if r._args[0] not in drop]
    return Expr.from_args(ASSOCIATION, kept) if is_assoc(e) else mklist(kept)


operator_form("KeyDrop", 1)


@builtin("KeySelect", argc=(1, 2), usage="KeySelect[assoc, crit] keeps the entries whose "
         "key k gives crit[k] True; KeySelect[crit] is the operator form.",
         examples=(("KeySelect[<|1 -> a, 2 -> b|>, EvenQ]", "<|2 -> b|>"),), messages=_INVRL)
def key_select(ev, e, crit=None):
    if crit is None:
        return None
    a = _assoc_argument(ev, S.KeySelect, e)
    if a is None:
        return None
    return Expr.from_args(ASSOCIATION, (r for r in a._args
                                        if ev.apply(crit, r._args[0]) is TRUE))


operator_form("KeySelect", 1)
operator_form("KeySortBy", 1)


@builtin("KeyMap", argc=(1, 2), usage="KeyMap[f, assoc] applies f to every key of assoc; "
         "KeyMap[f] is the operator form.",
         examples=(("KeyMap[f, <|a -> 1|>]", "<|f[a] -> 1|>"),), messages=_INVRL)
def key_map(ev, f, e=None):
    if e is None:
        return None
    a = _assoc_argument(ev, S.KeyMap, e)
    if a is None:
        return None
    return make_association(Expr(r._head, ev.apply(f, r._args[0]), r._args[1])
                            for r in a._args)


operator_form("KeyMap", 1, position="last")


@builtin("AssociationThread", argc=(1, 2), usage="AssociationThread[{k1, k2, …}, {v1, v2, …}]"
         " (or AssociationThread[keys -> values]) is <|k1 -> v1, k2 -> v2, …|>.",
         examples=(("AssociationThread[{a, b}, {1, 2}]", "<|a -> 1, b -> 2|>"),),
         messages={"idim": "`1` and `2` must have the same length."})
def association_thread(ev, ks, vs=None):
    if vs is None:
        if not is_rule(ks):
            return None
        ks, vs = ks._args
    if not is_list(ks) or not is_list(vs):
        return None
    if len(ks._args) != len(vs._args):
        ev.message(S.AssociationThread, "idim", ks, vs)
        return None
    return make_association(Expr(RULE, k, v) for k, v in zip(ks._args, vs._args))


@builtin("AssociationMap", argc=(1, 2), usage="AssociationMap[f, {k1, k2, …}] is "
         "<|k1 -> f[k1], …|>; AssociationMap[f, assoc] applies f to each rule of assoc.",
         examples=(("AssociationMap[f, {a, b}]", "<|a -> f[a], b -> f[b]|>"),))
def association_map(ev, f, e=None):
    if e is None:
        return None
    if is_assoc(e):
        return Expr(ASSOCIATION, *(ev.apply(f, r) for r in e._args))
    if not is_list(e):
        return None
    return make_association(Expr(RULE, k, Expr(f, k)) for k in e._args)


operator_form("AssociationMap", 1, position="last")


@builtin("Normal", argc=(1, 2), usage="Normal[assoc] is the list of rules of assoc; other "
         "expressions are returned as they are; Normal[expr, h] (or {h1, h2, …}) makes "
         "normal only the objects with head h, wherever they are in expr.",
         examples=(("Normal[<|a -> 1|>]", "{a -> 1}"),
                   ("Normal[{<|a -> 1|>, SparseArray[{2 -> 1}]}, Association]",
                    "{{a -> 1}, SparseArray[{2 -> 1}]}")))
def normal(ev, e, heads=None):
    if heads is not None:
        wanted = list(heads.args) if is_list(heads) else [heads]
        if not all(type(h) is Symbol for h in wanted):
            return None
        return _normal_of_heads(ev, e, frozenset(wanted))
    if is_assoc(e):
        return mklist(e._args)
    if is_list(e) and not is_packed(e):
        return _normal_elements(e)
    return e


def _normal_of_heads(ev, e, wanted: frozenset):
    """``e`` with the objects whose head is in ``wanted`` made normal (Normal[obj]), at
    any depth (inside one made normal too); the rest as it is."""
    head = e.head if type(e) is Expr else getattr(type(e), "head", None)
    if head in wanted:
        made = ev.evaluate(Expr(S.Normal, e))
        made_head = made.head if type(made) is Expr else getattr(type(made), "head", None)
        if made_head in wanted:            # nothing Normal could do: as it is
            return made
        e = made                           # and what it held, made normal too
    if type(e) is not Expr or is_packed(e):
        return e
    parts = [_normal_of_heads(ev, a, wanted) for a in e.args]
    if all(p is a for p, a in zip(parts, e.args)):
        return e
    return Expr(e.head, *parts)


def _normal_elements(e):
    """A list with its associations (one level: their values stay) and, at any depth of
    lists, its special objects (NumericArray, SparseArray…: anything Normal has a rule for)
    made normal: ``Normal[{NumericArray[…], …}]`` is a list of lists."""
    out, changed = [], False
    for x in e._args:
        if is_assoc(x):
            y = mklist(x._args)
        elif is_list(x) and not is_packed(x):
            y = _normal_elements(x)
        elif upvalue_handler("Normal", x) is not None:
            y = Expr(S.Normal, x)
        else:
            y = x
        changed = changed or y is not x
        out.append(y)
    return mklist(out) if changed else e


@builtin("Merge", argc=(1, 2), usage="Merge[{assoc1, assoc2, …}, f] is an association of "
         "every key to f applied to the list of its values; Merge[f] is the operator form.",
         examples=(("Merge[{<|a -> 1|>, <|a -> 2, b -> 3|>}, Total]", "<|a -> 3, b -> 3|>"),),
         messages=_INVRL)
def merge(ev, e, f=None):
    if f is None:
        return None
    if not is_list(e):
        return None
    collected: dict = {}
    for x in e._args:
        rules = _rules_of(x)
        if rules is None:
            ev.message(S.Merge, "invrl", x)
            return None
        for r in rules:
            collected.setdefault(r._args[0], []).append(r._args[1])
    return Expr.from_args(ASSOCIATION, (Expr(RULE, k, Expr(f, mklist(vs)))
                                        for k, vs in collected.items()))


operator_form("Merge", 1)


# ---------------------------------------------------------------------------- lists of associations

def _associations_argument(ev, sym, e):
    """The associations of a list of associations (or of rule lists), or None after a
    message."""
    if not is_list(e):
        ev.message(sym, "invrl", e)
        return None
    out = []
    for x in e._args:
        a = _assoc_argument(ev, sym, x)
        if a is None:
            return None
        out.append(a)
    return out


def _keys_in_order(assocs) -> dict:
    """The keys of the associations, each once, in order of first appearance."""
    return dict.fromkeys(r._args[0] for a in assocs for r in a._args)


@builtin("KeyUnion", argc=(1, 2), usage="KeyUnion[{assoc1, assoc2, …}] gives every association "
         "all the keys of all of them, a missing key's value Missing[\"KeyAbsent\", key]; "
         "KeyUnion[list, f] uses f[key] for it.",
         examples=(("KeyUnion[{<|a -> 1|>, <|b -> 2|>}, 0 &]", "{<|a -> 1, b -> 0|>, "
                    "<|a -> 0, b -> 2|>}"),), messages=_INVRL)
def key_union(ev, e, f=None):
    assocs = _associations_argument(ev, S.KeyUnion, e)
    if assocs is None:
        return None
    keys = _keys_in_order(assocs)

    def value(a, k):
        rule = entries(a).get(k)
        if rule is not None:
            return rule._args[1]
        return missing_key(k) if f is None else Expr(f, k)
    return mklist(Expr.from_args(ASSOCIATION, (Expr(RULE, k, value(a, k)) for k in keys))
                  for a in assocs)


@builtin("KeyIntersection", argc=1, usage="KeyIntersection[{assoc1, assoc2, …}] keeps in "
         "every association only the keys that all of them have.",
         examples=(("KeyIntersection[{<|a -> 1, b -> 2|>, <|b -> 3|>}]",
                    "{<|b -> 2|>, <|b -> 3|>}"),), messages=_INVRL)
def key_intersection(ev, e):
    assocs = _associations_argument(ev, S.KeyIntersection, e)
    if assocs is None:
        return None
    common = [k for k in _keys_in_order(assocs) if all(k in entries(a) for a in assocs)]
    return mklist(Expr.from_args(ASSOCIATION, (entries(a)[k] for k in common)) for a in assocs)


@builtin("KeyComplement", argc=1, usage="KeyComplement[{assoc, assoc1, …}] is assoc without "
         "the keys that any of the associ has.",
         examples=(("KeyComplement[{<|a -> 1, b -> 2|>, <|b -> 3|>}]", "<|a -> 1|>"),),
         messages=_INVRL)
def key_complement(ev, e):
    assocs = _associations_argument(ev, S.KeyComplement, e)
    if not assocs:
        return None
    first, others = assocs[0], assocs[1:]
    return Expr.from_args(ASSOCIATION, (r for r in first._args
                                        if not any(r._args[0] in entries(a) for a in others)))


@builtin("PositionIndex", argc=1, usage="PositionIndex[list] associates each distinct element "
         "of list with the list of its positions; for an association, each value with the keys "
         "that have it.",
         examples=(("PositionIndex[{a, b, a}]", "<|a -> {1, 3}, b -> {2}|>"),
                   ("PositionIndex[<|x -> 1, y -> 2, z -> 1|>]", "<|1 -> {x, z}, 2 -> {y}|>")))
def position_index(ev, e):
    if type(e) is not Expr:
        ev.message(S.PositionIndex, "normal", Integer(1), Expr(S.PositionIndex, e))
        return None
    places = ((r._args[1], r._args[0]) for r in e._args if is_rule(r)) if is_assoc(e) \
        else ((x, Integer(i)) for i, x in enumerate(e._args, 1))
    index: dict = {}
    for value, place in places:
        index.setdefault(value, []).append(place)
    return Expr.from_args(ASSOCIATION, (Expr(RULE, v, mklist(ps)) for v, ps in index.items()))


_NOASSOC = {"noassoc": "The value `2` of `1` is not an association."}


@builtin("AssociateTo", attributes=("HoldFirst", "Protected"), argc=2, messages=_NOASSOC,
         usage="AssociateTo[a, k -> v] sets a to the association a with the entry k -> v.",
         examples=(("a = <|x -> 1|>; AssociateTo[a, y -> 2]; a", "<|x -> 1, y -> 2|>"),))
def associate_to(ev, a, rule):
    if not _holds_association(ev, S.AssociateTo, a):
        return None
    if type(a) is Symbol and type(rule) is Expr and rule._head is RULE \
            and len(rule._args) == 2:
        # the entry stored as a[k] = v stores it: through the key table, the association
        # not walked again (a loop of AssociateTo stays linear)
        from wlnet.builtins.assignment import assign
        if not assign(ev, Expr(a, rule._args[0]), rule._args[1], False, S.AssociateTo):
            return S["$Failed"]
        return ev.evaluate(a)
    return Expr(S.Set, a, Expr(S.Append, a, rule))


def _holds_association(ev, caller, a) -> bool:
    """Whether ``a`` (a variable, or a part of one) has an association for its value;
    otherwise ``caller::rvalue`` (no value) or ``caller::noassoc``: setting ``a`` to a call
    on itself would never end."""
    value = ev.evaluate(a)
    if is_assoc(value):
        return True
    if value == a:
        ev.message(caller, "rvalue", a)
    else:
        ev.message(caller, "noassoc", a, value)
    return False


@builtin("KeyDropFrom", attributes=("HoldFirst", "Protected"), argc=2, messages=_NOASSOC,
         usage="KeyDropFrom[a, key] sets a to the association a without key.",
         examples=(("a = <|x -> 1, y -> 2|>; KeyDropFrom[a, x]; a", "<|y -> 2|>"),))
def key_drop_from(ev, a, key):
    if not _holds_association(ev, S.KeyDropFrom, a):
        return None
    return Expr(S.Set, a, Expr(S.KeyDrop, a, key))


