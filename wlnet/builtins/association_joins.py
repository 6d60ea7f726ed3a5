"""JoinAcross: SQL's JOIN over lists of associations (rows keyed by column names).

``JoinAcross[{a1, a2, …}, {b1, b2, …}, spec]`` is ``Flatten[Outer[Join, as, bs]]`` kept to
the pairs whose values agree on ``spec``:

    key                  ai[key] == bj[key]
    {k1, k2, …}          every ki agrees
    ka -> kb             ai[ka] == bj[kb]
    {ka1 -> kb1, …}      every pair agrees

A fourth argument "Inner" (default), "Left", "Right" or "Outer" also keeps the rows of one
side (or both) that matched nothing, the other side's keys then Missing["Unmatched"].  A key
both rows have that is not joined on keeps the left value (KeyCollisionFunction -> Left),
the right one (Right), neither (None), or becomes the two keys f[key] gives.
"""

from __future__ import annotations

from wlnet.builtins._listutil import ASSOCIATION, NONE, RULE, is_assoc, is_list, is_rule, mklist
from wlnet.builtins.associations import entries
from wlnet.core.expr import Expr, S, String
from wlnet.core.registry import builtin, declare

_JOIN_KINDS = ("Inner", "Left", "Right", "Outer")
_OPTIONS = {"KeyCollisionFunction": S.Left}
_UNMATCHED = Expr(S.Missing, String("Unmatched"))

declare("KeyCollisionFunction", usage="KeyCollisionFunction is an option of JoinAcross: what "
        "becomes of a key both joined rows have but are not joined on (Left, Right, None, "
        "or f giving a pair of new keys).")


def _key(k):
    """A key as the association stores it (Key[k] is k)."""
    return k.args[0] if type(k) is Expr and k.head is S.Key and len(k.args) == 1 else k


def _key_pairs(spec) -> list[tuple] | None:
    """[(key in ai, key in bj), …] of a join spec; None when it is not one."""
    items = spec.args if is_list(spec) else (spec,)
    pairs = []
    for item in items:
        if is_rule(item):
            pairs.append((_key(item.args[0]), _key(item.args[1])))
        elif is_list(item):
            return None
        else:
            pairs.append((_key(item), _key(item)))
    return pairs or None


def _rows(e) -> list | None:
    if is_list(e) and all(is_assoc(a) for a in e.args):
        return list(e.args)
    return None


def _keys_in_order(rows) -> list:
    return list(dict.fromkeys(r.args[0] for a in rows for r in a.args))


def _value(a, key):
    rule = entries(a).get(key)
    return None if rule is None else rule.args[1]


def _joined(ev, a, b, pairs, collide) -> Expr | None:
    """The row of a matched pair: a's entries, then b's; a key of both not joined on
    settled by the collision setting."""
    joined_keys = {kb for ka, kb in pairs if ka == kb}
    out = {}
    b_entries = entries(b)
    for rule in a.args:
        k = rule.args[0]
        if k in b_entries and k not in joined_keys:
            if collide is S.Left:
                out[k] = rule.args[1]
            elif collide is S.Right:
                out[k] = b_entries[k].args[1]
            elif collide is NONE:
                continue
            else:
                new = ev.evaluate(Expr(collide, k))
                if not (is_list(new) and len(new.args) == 2):
                    return None
                out[new.args[0]] = rule.args[1]
                out[new.args[1]] = b_entries[k].args[1]
            continue
        out[k] = rule.args[1]
    for rule in b.args:
        k = rule.args[0]
        if k in entries(a) and k not in joined_keys:
            continue
        out.setdefault(k, rule.args[1])
    return Expr.from_args(ASSOCIATION, (Expr(RULE, k, v) for k, v in out.items()))


def _unmatched_left(a, b_keys) -> Expr:
    own = entries(a)
    rules = list(a.args) + [Expr(RULE, k, _UNMATCHED) for k in b_keys if k not in own]
    return Expr.from_args(ASSOCIATION, rules)


def _unmatched_right(b, a_keys, pairs) -> Expr:
    """b's row with a's keys Missing["Unmatched"] (a key joined under another name gets
    b's value)."""
    own = entries(b)
    takes = {ka: kb for ka, kb in pairs}
    rules = []
    for k in a_keys:
        if k in takes and takes[k] in own:
            rules.append(Expr(RULE, k, own[takes[k]].args[1]))
        elif k not in own:
            rules.append(Expr(RULE, k, _UNMATCHED))
    placed = {r.args[0] for r in rules}
    rules += [r for r in b.args if r.args[0] not in placed]
    return Expr.from_args(ASSOCIATION, rules)


def _signature(row, keys):
    """The values of ``keys`` in ``row`` (None when one is absent: such a row joins
    nothing)."""
    values = []
    for k in keys:
        v = _value(row, k)
        if v is None:
            return None
        values.append(v)
    return tuple(values)


def _split_collision_option(args) -> tuple[tuple, dict]:
    """Trailing KeyCollisionFunction -> f rules apart from the arguments (a rule among the
    arguments, "ka" -> "kb", is a join spec)."""
    opts = dict(_OPTIONS)
    end = len(args)
    while end > 3 and is_rule(args[end - 1]) and args[end - 1].args[0] is S.KeyCollisionFunction:
        opts["KeyCollisionFunction"] = args[end - 1].args[1]
        end -= 1
    return args[:end], opts


@builtin("JoinAcross", argc=(3, None), options=_OPTIONS,
         messages={"list": "The first two arguments of `1` should be lists of associations.",
                   "keys": "`1` is not a key, a list of keys or rules key -> key.",
                   "jspec": "`1` should be \"Inner\", \"Left\", \"Right\" or \"Outer\".",
                   "kcf": "KeyCollisionFunction should give a pair of keys, not `1`."},
         usage="JoinAcross[{a1, …}, {b1, …}, key] joins each ai with each bj whose value of "
               "key is the same (a list of keys, or ka -> kb for keys of different names); "
               "a fourth argument \"Left\", \"Right\" or \"Outer\" also keeps the unmatched "
               "rows of that side, the missing values Missing[\"Unmatched\"].",
         examples=(("JoinAcross[{<|\"id\" -> 1, \"x\" -> a|>}, {<|\"id\" -> 1, \"y\" -> b|>}, "
                    "\"id\"]", "{<|\"id\" -> 1, \"x\" -> a, \"y\" -> b|>}"),))
def join_across(ev, *args):
    positional, opts = _split_collision_option(args)
    if len(positional) not in (3, 4):
        return None
    call = Expr.from_args(S.JoinAcross, args)
    left, right = _rows(positional[0]), _rows(positional[1])
    if left is None or right is None:
        ev.message(S.JoinAcross, "list", call)
        return None
    pairs = _key_pairs(positional[2])
    if pairs is None:
        ev.message(S.JoinAcross, "keys", positional[2])
        return None
    kind = positional[3] if len(positional) == 4 else String("Inner")
    if type(kind) is not String or kind.value not in _JOIN_KINDS:
        ev.message(S.JoinAcross, "jspec", kind)
        return None
    return _join(ev, left, right, pairs, kind.value, opts["KeyCollisionFunction"])


def _join(ev, left, right, pairs, kind, collide):
    a_keys, b_keys = [ka for ka, _ in pairs], [kb for _, kb in pairs]
    by_signature: dict = {}
    for j, b in enumerate(right):
        sig = _signature(b, b_keys)
        if sig is not None:
            by_signature.setdefault(sig, []).append(j)
    rows, matched_right = [], set()
    for a in left:
        sig = _signature(a, a_keys)
        partners = by_signature.get(sig, []) if sig is not None else []
        for j in partners:
            row = _joined(ev, a, right[j], pairs, collide)
            if row is None:
                ev.message(S.JoinAcross, "kcf", collide)
                return None
            rows.append(row)
            matched_right.add(j)
        if not partners and kind in ("Left", "Outer"):
            rows.append(_unmatched_left(a, _keys_in_order(right)))
    if kind in ("Right", "Outer"):
        a_keys_all = _keys_in_order(left)
        rows += [_unmatched_right(b, a_keys_all, pairs)
                 for j, b in enumerate(right) if j not in matched_right]
    return mklist(rows)
