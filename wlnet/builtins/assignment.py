"""Assignments and definitions: Set/SetDelayed (own, down, sub values; parts; association
keys; message texts; attributes/options/defaults), UpSet/TagSet, Unset, Clear/ClearAll,
the modify-in-place operators (+=, ++ …), Attributes/SetAttributes/ClearAttributes,
Protect/Unprotect, Options/SetOptions/OptionValue, DownValues/OwnValues.
"""

from __future__ import annotations

import sys

from wlnet.core.registry import builtin
from wlnet.core import attributes as A
from wlnet.core.contexts import split_name
from wlnet.core.expr import Expr, FALSE, Integer, NULL, S, String, Symbol, TRUE
from wlnet.core.owned_args import own_args
from wlnet.builtins._listutil import assoc_index
from wlnet.builtins.format_values import (assign_format, assign_format_values, unset_format,
                                          without_hold_pattern)

_List = S.List
_Rule = S.Rule
_RuleDelayed = S.RuleDelayed
_Failed = S["$Failed"]
_LIMIT_SYMBOLS = ("$RecursionLimit", "$IterationLimit")


# ---------------------------------------------------------------------------- helpers

def _root_symbol(e):
    while type(e) is Expr:
        e = e.head
    return e if type(e) is Symbol else None


def _strip_lhs_wrappers(lhs):
    """Condition and HoldPattern around a left side, for finding the symbol it defines."""
    while type(lhs) is Expr and lhs.head in (S.Condition, S.HoldPattern) and lhs.args:
        lhs = lhs.args[0]
    return lhs


def _evaluate_lhs(ev, lhs):
    """The left side with its arguments evaluated (unless the head holds them), as
    ``f[1 + 1] = x`` defines ``f[2]``.  Patterns are inert, so they stay."""
    if type(lhs) is not Expr:
        return lhs
    h = lhs.head
    if h is S.HoldPattern:
        return lhs
    if h is S.Condition and len(lhs.args) == 2:
        return Expr(S.Condition, _evaluate_lhs(ev, lhs.args[0]), lhs.args[1])
    new_head = _evaluate_lhs(ev, h) if type(h) is Expr else h
    attrs = ev.definitions.attributes(_root_symbol(h)) if type(h) is Symbol else 0
    if attrs & A.HOLD_ALL_COMPLETE:
        return Expr.from_args(new_head, lhs.args)
    out = []
    for i, a in enumerate(lhs.args):
        held = attrs & (A.HOLD_FIRST if i == 0 else A.HOLD_REST)
        if held or _is_pattern_object(a):
            out.append(a)
        else:
            na = ev.evaluate(a)
            if type(na) is Expr and na.head is S.Sequence:
                out.extend(na.args)
            else:
                out.append(na)
    return Expr.from_args(new_head, out)


_PATTERN_HEADS = frozenset((S.Pattern, S.Blank, S.BlankSequence, S.BlankNullSequence,
                            S.Optional, S.Condition, S.PatternTest, S.Alternatives,
                            S.Repeated, S.RepeatedNull, S.Except, S.OptionsPattern,
                            S.HoldPattern, S.Verbatim))


def _is_pattern_object(a) -> bool:
    return type(a) is Expr and a.head in _PATTERN_HEADS


def _protected(ev, sym, caller) -> bool:
    if ev.definitions.attributes(sym) & A.PROTECTED:
        ev.message(caller, "wrsym", sym)
        return True
    return False


def _undefined_system_value(ev, sym, caller) -> bool:
    """A value for a System name wlnet does not define (Left = 3, Large := …): refused as
    WL refuses it (its System symbols are Protected).  A function definition of such a name
    stays allowed (DedekindEta[n_] := …: a program may fill in what wlnet lacks)."""
    name = sym.name
    if name.startswith("$") or name not in ev._system_names:
        return False
    rec = ev.definitions.get(sym)
    if rec is not None and (rec.has_values() or rec.func is not None):
        return False                           # defined here: a program's own meaning
    ev.message(caller, "wrsym", sym)
    return True


def _after_own_change(ev, sym) -> None:
    if sym.name in _LIMIT_SYMBOLS:
        ev.refresh_limits()


def _name_of_option(e):
    if type(e) is Symbol:
        return e.name
    if type(e) is String:
        return e.value
    return None


# ---------------------------------------------------------------------------- Set

def assign(ev, lhs, rhs, delayed: bool, caller):
    """Make the definition ``lhs = rhs`` (``:=`` when delayed).  Returns True on
    success, False after a message."""
    t = type(lhs)
    if t is Symbol:
        if _protected(ev, lhs, caller) or _undefined_system_value(ev, lhs, caller):
            return False
        ev.definitions.set_own(lhs, rhs, delayed, evaluated=not delayed)
        _after_own_change(ev, lhs)
        return True
    if t is not Expr:
        ev.message(caller, "setraw", lhs)
        return False
    h = lhs.head
    if h is _List:
        return _assign_list(ev, lhs, rhs, delayed, caller)
    if h is S.MessageName and len(lhs.args) == 2:
        return _assign_message(ev, lhs, rhs, caller)
    if h is S.Part and lhs.args:
        return _assign_part(ev, lhs, rhs, caller)
    if h is S.Format and lhs.args:
        return assign_format(ev, lhs, rhs, delayed, caller, _protected)
    if h is S.FormatValues and len(lhs.args) == 1:
        return assign_format_values(ev, lhs.args[0], rhs, caller, _protected)
    if h is S.Attributes and len(lhs.args) == 1:
        return _assign_attributes(ev, lhs.args[0], rhs, caller)
    if h in _VALUE_LISTS and len(lhs.args) == 1:
        return _assign_values(ev, h, lhs.args[0], rhs, caller)
    if h is S.Options and len(lhs.args) == 1 and type(lhs.args[0]) is Symbol:
        rules = rhs.args if type(rhs) is Expr and rhs.head is _List else (rhs,)
        ev.definitions.record(lhs.args[0]).options = list(rules)
        ev.definitions.touch()
        return True
    if h is S.Default and lhs.args and type(lhs.args[0]) is Symbol:
        pos = lhs.args[1].value if len(lhs.args) > 1 and type(lhs.args[1]) is Integer else 0
        ev.definitions.record(lhs.args[0]).defaults[pos] = rhs
        ev.definitions.touch()
        return True
    if type(h) is Symbol and lhs.args and not delayed:
        if _assign_association_key(ev, lhs, rhs, caller):
            return True
    lhs = _evaluate_lhs(ev, lhs)
    core = _strip_lhs_wrappers(lhs)
    if type(core) is not Expr:
        return assign(ev, core, rhs, delayed, caller)
    sym = _root_symbol(core)
    if sym is None:
        ev.message(caller, "nosym", lhs)
        return False
    if _protected(ev, sym, caller):
        return False
    if type(core.head) is Symbol:
        ev.definitions.add_down(sym, lhs, rhs, delayed)
    else:
        ev.definitions.add_sub(sym, lhs, rhs, delayed)
    return True


def _assign_list(ev, lhs, rhs, delayed, caller):
    if not (type(rhs) is Expr and rhs.head is _List and len(rhs.args) == len(lhs.args)):
        ev.message(caller, "shape", lhs, rhs)
        return False
    ok = True
    for l, r in zip(lhs.args, rhs.args):
        ok = assign(ev, l, r, delayed, caller) and ok
    return ok


def _assign_message(ev, lhs, rhs, caller):
    sym, tag = lhs.args
    if type(sym) is not Symbol or type(tag) is not String:
        ev.message(caller, "setraw", lhs)
        return False
    text = rhs.value if type(rhs) is String else None
    if text is None:
        from wlnet.core.messages import short_form
        text = short_form(rhs)
    ev.definitions.record(sym).messages[tag.value] = text
    ev.definitions.touch()
    return True


# DownValues[f] = rules and its kin: which rules of the symbol they replace
_VALUE_LISTS = {S.DownValues: "down", S.SubValues: "sub", S.UpValues: "up",
                S.OwnValues: "own"}


def _assign_values(ev, head, target, rhs, caller):
    """``DownValues[f] = {lhs :> rhs, …}`` (SubValues, UpValues, OwnValues alike): the
    symbol's rules of that kind become these, in this order; ``HoldPattern`` around a
    left side is what DownValues gives and is taken off."""
    rules = rhs.args if type(rhs) is Expr and rhs.head is _List else (rhs,)
    if type(target) is not Symbol or not all(
            type(r) is Expr and r.head in (_Rule, _RuleDelayed) and len(r.args) == 2
            for r in rules):
        ev.message(caller, "vrule", Expr(head, target), rhs)
        return False
    if _protected(ev, target, caller):
        return False
    triples = [(without_hold_pattern(r.args[0]), r.args[1], r.head is _RuleDelayed)
               for r in rules]
    kind = _VALUE_LISTS[head]
    if kind != "own":
        ev.definitions.replace_rules(target, kind, triples)
    elif not triples:
        ev.definitions.set_own(target, None, False)          # OwnValues[x] = {}: no value
    else:
        _, value, delayed = triples[-1]
        ev.definitions.set_own(target, value, delayed, evaluated=False)
        _after_own_change(ev, target)
    return True


def _assign_attributes(ev, target, rhs, caller):
    if type(target) is not Symbol:
        ev.message(caller, "setraw", target)
        return False
    names = rhs.args if type(rhs) is Expr and rhs.head is _List else (rhs,)
    flags = 0
    for n in names:
        bit = A.flag_of(n.name) if type(n) is Symbol else None
        if bit is None:
            ev.message(S.Attributes, "attnf", n)
            return False
        flags |= bit
    rec = ev.definitions.record(target)
    if rec.attrs & A.LOCKED:
        ev.message(S.Attributes, "locked", target)
        return False
    if rec.attrs & A.PROTECTED and flags & A.PROTECTED != A.PROTECTED:
        ev.message(caller, "wrsym", target)
        return False
    rec.attrs = flags
    ev.definitions.touch()
    return True


def _held_association(ev, sym):
    """The association that the symbol ``sym`` holds as its own (immediate) value, or None."""
    if type(sym) is not Symbol:
        return None
    rec = ev.definitions.get(sym)
    if rec is None or rec.own is None or rec.own_delayed:
        return None
    current = ev.evaluate(sym)
    return current if type(current) is Expr and current.head is S.Association else None


def _assign_association_key(ev, lhs, rhs, caller) -> bool:
    """``a["k"] = v`` (or ``a[k1, k2, …] = v`` into nested associations) where ``a`` holds
    an association: store the key in it.  True when done (or refused with a message: ``a``
    is protected)."""
    sym = lhs.head
    current = _held_association(ev, sym)
    if current is None:
        return False
    if _protected(ev, sym, caller):
        return True
    keys = [ev.evaluate(k) for k in lhs.args]
    entry = Expr(_Rule, keys[0], rhs)
    if len(keys) == 1:          # one level: the entry set through the key table
        from wlnet.builtins._assoc_entries import with_entry
        alone = _held_by_variable_only(ev, ev.definitions.get(sym), current)
        new = with_entry(ev, current, entry, in_place=alone)
    else:
        new = _association_with(current, keys, rhs)
    if new is None:
        return False
    # the new value's symbols: the old value's and the entry's (for a nested path the
    # entry stands for the changed inner association: a superset at worst)
    ev.definitions.set_own(sym, new, False, evaluated=True, changed_from=(current, entry))
    return True


def _association_with(current, keys, rhs):
    """``current`` with the value at the key path ``keys`` set to ``rhs`` (the last key is
    added if absent); None unless every level of the path is an association."""
    if not (type(current) is Expr and current.head is S.Association):
        return None
    key, rest = keys[0], keys[1:]
    out = list(current.args)
    for i, r in enumerate(out):
        if type(r) is Expr and r.head in (_Rule, _RuleDelayed) and r.args and r.args[0] == key:
            value = _association_with(r.args[1], rest, rhs) if rest else rhs
            if value is None:
                return None
            out[i] = Expr(_Rule, key, value)
            break
    else:
        if rest:
            return None
        out.append(Expr(_Rule, key, rhs))
    return Expr.from_args(S.Association, out)


def _held_by_variable_only(ev, rec, current) -> bool:
    """Whether the value ``current`` of the variable ``rec`` is held by nothing else (no
    other variable, no enclosing computation, no cache), so that a part assignment may
    change it in place without anyone seeing the old value change."""
    if rec.own is not current or type(current) is not Expr:
        return False
    ev.release(current)
    # the references: rec.own, the caller's name, this parameter, getrefcount's argument
    return sys.getrefcount(current) == 4


def _assign_part(ev, lhs, rhs, caller):
    target, *specs = lhs.args
    if type(target) is not Symbol:
        ev.message(caller, "setps", target)
        return False
    rec = ev.definitions.get(target)
    if rec is None or rec.own is None:
        ev.message(caller, "noval", target)
        return False
    from wlnet.builtins.lists.part import PartError, part_set
    current = ev.evaluate(target)
    indices = [ev.evaluate(s) for s in specs]
    alone = _held_by_variable_only(ev, rec, current)
    rhs_final = _keeps_list_evaluated(ev, rhs)
    try:
        new = part_set(current, indices, rhs, alone)
    except PartError as err:
        slots = err.slots or ()
        ev.message(S.Part, err.tag, *[s for s in slots if s is not None])
        return False
    evaluated = rhs_final and _path_of_containers(new, indices)
    ev.definitions.set_own(target, new, False, evaluated=evaluated,
                           changed_from=(current, rhs))
    return True


def add_element_in_place(ev, sym, elem, at_end: bool):
    """``AppendTo[sym, elem]`` (``PrependTo`` when not ``at_end``) on a List that the
    variable ``sym`` holds alone: ``elem`` is added to that List in place (see
    owned_args), and the List, ``sym``'s new value, returned.  None when that does not
    apply (the caller then sets ``sym`` to a new List).  A loop that grows a list with
    AppendTo then takes time linear in its length, not quadratic."""
    rec = ev.definitions.get(sym)
    if rec is None or rec.own is None or rec.own_delayed \
            or ev.definitions.attributes(sym) & A.PROTECTED \
            or not _keeps_list_evaluated(ev, elem):
        return None
    current = ev.evaluate(sym)
    if type(current) is not Expr or current._head is not _List \
            or not _held_by_variable_only(ev, rec, current):
        return None
    args = own_args(current)
    if args is None:
        return None
    if at_end:
        args.append(elem)
    else:
        args.prepend(elem)
    current._hash = None
    ev.definitions.set_own(sym, current, False, evaluated=True,
                           changed_from=(current, elem))
    ev.mark_evaluated(current)
    return current


_LIST_CHANGING = frozenset((S.Sequence, S.Splice, S.Unevaluated))


def _keeps_list_evaluated(ev, x) -> bool:
    """Whether ``x``, put inside an evaluated List or Association, leaves it evaluated:
    ``x`` is itself a fixed point that a List keeps as it is (not Nothing, which a List
    drops, nor a Sequence it splices).  An Unevaluated rhs reaches Set stripped and is no
    fixed point: ``l[[2]] = Unevaluated[1 + 1]; l`` gives 2 there, as in WL."""
    if x is S.Nothing or type(x) is Expr and x._head in _LIST_CHANGING:
        return False
    return ev.is_fixed_point(x)


def _path_of_containers(value, indices) -> bool:
    """Whether ``value`` and its parts on the way to the position ``indices`` (integer
    indices or keys) are Lists or Associations, which a changed evaluated element leaves
    evaluated.  False for other specs or heads (``l = {a + b}; l[[1, 2]] = 3`` must be
    evaluated again to give {a + 3}): the value is then evaluated when read."""
    e = value
    for k, spec in enumerate(indices):
        if type(e) is not Expr or (e._head is not _List and e._head is not S.Association):
            return False
        if k == len(indices) - 1:
            return True
        if type(spec) is Integer and e._head is _List:
            n, i = len(e._args), spec._value
            if not (1 <= i <= n or -n <= i <= -1):
                return False
            e = e._args[i - 1 if i > 0 else n + i]
        elif e._head is S.Association:
            rule = assoc_index(e).get(spec)
            if rule is None:
                return False
            e = rule._args[1]
        else:
            return False
    return True


@builtin("Set", attributes=("HoldFirst", "SequenceHold", "Protected"), argc=2,
         usage="lhs = rhs evaluates rhs and makes it the value of lhs from now on.",
         examples=(("x = 3; x^2", "9"), ("{a, b} = {1, 2}; a + b", "3"),
                   ("v = {1, 2, 3}; v[[2]] = 7; v", "{1, 7, 3}")),
         messages={"shape": "Lists `1` and `2` are not the same shape."})
def set_(ev, lhs, rhs):
    if assign(ev, lhs, rhs, False, S.Set) and type(lhs) is Symbol:
        # rhs was evaluated before the assignment; unless it mentions lhs it still is
        # (this spares re-walking a large value)
        rec = ev.definitions.get(lhs)
        if rec is not None and rec.own_symbols is not None and lhs not in rec.own_symbols:
            ev.mark_evaluated(rhs)
    return rhs


@builtin("SetDelayed", attributes=("HoldAll", "SequenceHold", "Protected"), argc=2,
         usage="lhs := rhs makes rhs, evaluated each time it is used, the value of lhs.",
         examples=(("f[x_] := x^2; f[3]", "9"),))
def set_delayed(ev, lhs, rhs):
    return NULL if assign(ev, lhs, rhs, True, S.SetDelayed) else _Failed


def _attach_up(ev, lhs, rhs, delayed, caller, tag=None):
    lhs = _evaluate_lhs(ev, lhs)
    core = _strip_lhs_wrappers(lhs)
    if type(core) is not Expr:
        ev.message(caller, "setraw", lhs)
        return False
    targets = []
    for a in core.args:
        sym = _root_symbol(_strip_lhs_wrappers(a)) if type(a) is Expr else \
            (a if type(a) is Symbol else None)
        if type(a) is Expr and a.head is S.Pattern and len(a.args) == 2:
            sym = _root_symbol(a.args[1]) if type(a.args[1]) is Expr and \
                a.args[1].head is not S.Blank else None
            if type(a.args[1]) is Expr and a.args[1].head is S.Blank and a.args[1].args:
                sym = a.args[1].args[0]
        if sym is not None and sym not in targets:
            targets.append(sym)
    if tag is not None:
        if tag is _root_symbol(core.head):
            ev.definitions.add_down(tag, lhs, rhs, delayed) if type(core.head) is Symbol \
                else ev.definitions.add_sub(tag, lhs, rhs, delayed)
            return True
        if tag not in targets:
            ev.message(caller, "tagnf", tag, lhs)
            return False
        targets = [tag]
    if not targets:
        ev.message(caller, "nosym", lhs)
        return False
    for sym in targets:
        if _protected(ev, sym, caller):
            return False
        ev.definitions.add_up(sym, lhs, rhs, delayed)
    return True


@builtin("UpSet", attributes=("HoldFirst", "SequenceHold", "Protected"), argc=2,
         usage="f[g] ^= v attaches the definition to g (an up value).",
         examples=(("area[sq] ^= 4; area[sq]", "4"),))
def up_set(ev, lhs, rhs):
    _attach_up(ev, lhs, rhs, False, S.UpSet)
    return rhs


@builtin("UpSetDelayed", attributes=("HoldAll", "SequenceHold", "Protected"), argc=2,
         usage="f[g[x_]] ^:= rhs attaches the delayed definition to g.",
         examples=(("len[pt[x_, y_]] ^:= Sqrt[x^2 + y^2]; len[pt[3, 4]]", "5"),))
def up_set_delayed(ev, lhs, rhs):
    return NULL if _attach_up(ev, lhs, rhs, True, S.UpSetDelayed) else _Failed


@builtin("TagSet", attributes=("HoldAll", "SequenceHold", "Protected"), argc=3,
         usage="g /: lhs = rhs attaches the definition to the symbol g.",
         messages={"tagnf": "Tag `1` not found in `2`."})
def tag_set(ev, tag, lhs, rhs):
    rhs = ev.evaluate(rhs)
    if _is_format(lhs):                     # q /: Format[g[q]] = rhs: a format value of q
        assign_format(ev, lhs, rhs, False, S.TagSet, _protected, tag)
    else:
        _attach_up(ev, lhs, rhs, False, S.TagSet, tag)
    return rhs


@builtin("TagSetDelayed", attributes=("HoldAll", "SequenceHold", "Protected"), argc=3,
         usage="g /: lhs := rhs attaches the delayed definition to the symbol g.",
         examples=(("g /: f[g[x_]] := x + 1; f[g[2]]", "3"),),
         messages={"tagnf": "Tag `1` not found in `2`."})
def tag_set_delayed(ev, tag, lhs, rhs):
    if _is_format(lhs):
        done = assign_format(ev, lhs, rhs, True, S.TagSetDelayed, _protected, tag)
    else:
        done = _attach_up(ev, lhs, rhs, True, S.TagSetDelayed, tag)
    return NULL if done else _Failed


def _is_format(lhs) -> bool:
    return type(lhs) is Expr and lhs.head is S.Format and bool(lhs.args)


@builtin("Unset", attributes=("HoldFirst", "Protected"), argc=1,
         usage="x =. removes the value of x; f[args] =. removes that definition.",
         examples=(("x = 1; x =.; x", "x"),))
def unset(ev, lhs):
    if type(lhs) is Symbol:
        if _protected(ev, lhs, S.Unset):
            return _Failed
        rec = ev.definitions.get(lhs)
        if rec is not None:
            rec.own = None
            rec.own_symbols = None
            ev.definitions.touch(lhs)
        _after_own_change(ev, lhs)
        return NULL
    if type(lhs) is Expr and lhs.head is _List:
        for a in lhs.args:
            unset(ev, a)
        return NULL
    if type(lhs) is Expr and lhs.head is S.Format and unset_format(ev, lhs):
        return NULL
    lhs = _evaluate_lhs(ev, lhs)
    sym = _root_symbol(_strip_lhs_wrappers(lhs))
    if sym is not None and ev.definitions.remove_rule(sym, lhs):
        return NULL
    for s in ev.definitions.records.values():            # an up value or a tag
        if s.up and any(r.lhs == lhs for r in s.up):
            ev.definitions.remove_rule(s.symbol, lhs)
            return NULL
    ev.message(S.Unset, "norep", lhs, sym if sym is not None else lhs)
    return _Failed


@builtin("TagUnset", attributes=("HoldAll", "Protected"), argc=2,
         usage="f /: lhs =. removes the definition for lhs kept with the symbol f (made by "
               "f /: lhs = rhs or lhs ^= rhs).",
         examples=(("g /: h[g[x_]] := x; g /: h[g[x_]] =.; h[g[1]]", "h[g[1]]"),))
def tag_unset(ev, tag, lhs):
    if type(tag) is not Symbol:
        ev.message(S.TagUnset, "sym", tag, Integer(1))
        return _Failed
    if _protected(ev, tag, S.TagUnset):
        return _Failed
    if _is_format(lhs):
        if unset_format(ev, lhs, tag):
            return NULL
    elif ev.definitions.remove_rule(tag, _evaluate_lhs(ev, lhs)):
        return NULL
    ev.message(S.TagUnset, "norep", lhs, tag)
    return _Failed


def _full_name(sym) -> str:
    context, short = split_name(sym.name)
    return context + short


def _symbols_named(ev, args, caller):
    """Symbols given as symbols or names (a name may end in * for a prefix)."""
    out = []
    for a in args:
        if type(a) is Symbol:
            out.append(a)
        elif type(a) is String:
            name = a.value
            if name.endswith("*"):
                prefix = name[:-1]
                candidates = {*ev.definitions.records, *ev.contexts.known}
                out.extend(s for s in candidates
                           if type(s) is Symbol and (s.name.startswith(prefix)
                                                     or _full_name(s).startswith(prefix))
                           and not ev.definitions.attributes(s) & A.PROTECTED)
            else:
                out.append(ev.contexts.find(name) or Symbol(name))
        elif type(a) is Expr and a.head is _List:
            out.extend(_symbols_named(ev, a.args, caller))
        else:
            ev.message(caller, "ssym", a)
    return out


@builtin("Clear", attributes=("HoldAll", "Protected"),
         usage="Clear[x, f, …] removes the values and definitions of the symbols.",
         examples=(("x = 1; Clear[x]; x", "x"),))
def clear(ev, *args):
    for sym in _symbols_named(ev, args, S.Clear):
        if _protected(ev, sym, S.Clear):
            continue
        ev.definitions.clear(sym)
        _after_own_change(ev, sym)
    return NULL


@builtin("ClearAll", attributes=("HoldAll", "Protected"),
         usage="ClearAll[x, f, …] removes values, definitions, attributes, options and "
               "messages of the symbols.",
         examples=(("SetAttributes[f, Listable]; ClearAll[f]; Attributes[f]", "{}"),))
def clear_all(ev, *args):
    for sym in _symbols_named(ev, args, S.ClearAll):
        rec = ev.definitions.get(sym)
        if rec is not None and rec.attrs & (A.PROTECTED | A.LOCKED):
            ev.message(S.ClearAll, "wrsym", sym)
            continue
        ev.definitions.clear_all(sym)
        _after_own_change(ev, sym)
    return NULL


@builtin("Remove", attributes=("HoldAll", "Protected"),
         usage="Remove[x, …] removes the symbols completely: their definitions go, and "
               "their names are free again (read anew in the current contexts).",
         examples=(("Begin[\"tmp`\"]; t = 1; End[]; Remove[tmp`t]; Names[\"tmp`*\"]", "{}"),))
def remove(ev, *args):
    for sym in _symbols_named(ev, args, S.Remove):
        rec = ev.definitions.get(sym)
        if rec is not None and rec.attrs & (A.PROTECTED | A.LOCKED):
            ev.message(S.Remove, "wrsym", sym)
            continue
        ev.definitions.clear_all(sym)
        ev.definitions.records.pop(sym, None)
        ev.contexts.forget(sym)
        _after_own_change(ev, sym)
    return NULL


# ---------------------------------------------------------------------------- x += d …

def _current_value(ev, lhs, caller):
    """The value of a variable to modify, or None after a message."""
    if type(lhs) is Symbol:
        rec = ev.definitions.get(lhs)
        if rec is None or rec.own is None:
            ev.message(caller, "rvalue", lhs)
            return None
    elif not (type(lhs) is Expr and (lhs.head is S.Part or (
            len(lhs.args) == 1 and _held_association(ev, lhs.head) is not None))):
        ev.message(caller, "rvalue", lhs)          # a["k"] += 1 modifies a key of a
        return None
    return ev.evaluate(lhs)


def _indices_evaluated(ev, lhs):
    """x[[i, …]] with its part specifications evaluated (the variable held): x[[k]] += d
    reads and writes the same part when k is RandomInteger[…] or has side effects."""
    if type(lhs) is Expr and lhs.head is S.Part and lhs.args:
        inner = _indices_evaluated(ev, lhs.args[0])
        return Expr(S.Part, inner, *(ev.evaluate(a) for a in lhs.args[1:]))
    return lhs


def _modify(ev, lhs, caller, combine, return_old: bool):
    lhs = _indices_evaluated(ev, lhs)
    old = _current_value(ev, lhs, caller)
    if old is None:
        return None
    new = ev.evaluate(combine(old))
    if not assign(ev, lhs, new, False, caller):
        return None
    return old if return_old else new


@builtin("AddTo", attributes=("HoldFirst", "Protected"), argc=2,
         usage="x += d adds d to x and gives the new value.",
         examples=(("x = 1; x += 2; x", "3"),))
def add_to(ev, x, d):
    return _modify(ev, x, S.AddTo, lambda old: Expr(S.Plus, old, d), False)


@builtin("SubtractFrom", attributes=("HoldFirst", "Protected"), argc=2,
         usage="x -= d subtracts d from x and gives the new value.",
         examples=(("x = 5; x -= 2", "3"),))
def subtract_from(ev, x, d):
    return _modify(ev, x, S.SubtractFrom,
                   lambda old: Expr(S.Plus, old, Expr(S.Times, Integer(-1), d)), False)


@builtin("TimesBy", attributes=("HoldFirst", "Protected"), argc=2,
         usage="x *= c multiplies x by c and gives the new value.",
         examples=(("x = 3; x *= 2", "6"),))
def times_by(ev, x, c):
    return _modify(ev, x, S.TimesBy, lambda old: Expr(S.Times, old, c), False)


@builtin("DivideBy", attributes=("HoldFirst", "Protected"), argc=2,
         usage="x /= c divides x by c and gives the new value.",
         examples=(("x = 6; x /= 4", "3/2"),))
def divide_by(ev, x, c):
    return _modify(ev, x, S.DivideBy,
                   lambda old: Expr(S.Times, old, Expr(S.Power, c, Integer(-1))), False)


@builtin("ApplyTo", attributes=("HoldFirst", "Protected"), argc=(1, 2),
         usage="x //= f applies f to the value of x, stores the result in x and gives it; "
               "ApplyTo[f] is its operator form.",
         examples=(("x = 5; x //= (# + 1 &); x", "6"),))
def apply_to(ev, x, f=None):
    if f is None:
        return None          # the operator form ApplyTo[f] stays as it is until applied
    return _modify(ev, x, S.ApplyTo, lambda old: Expr(f, old), False)


def _step_by(k: int):
    return lambda old: Expr(S.Plus, old, Integer(k))


@builtin("Increment", attributes=("HoldFirst", "Protected", "ReadProtected"), argc=1,
         usage="x++ adds 1 to x and gives the old value.",
         examples=(("x = 1; {x++, x}", "{1, 2}"),))
def increment(ev, x):
    return _modify(ev, x, S.Increment, _step_by(1), True)


@builtin("Decrement", attributes=("HoldFirst", "Protected", "ReadProtected"), argc=1,
         usage="x-- subtracts 1 from x and gives the old value.",
         examples=(("x = 1; {x--, x}", "{1, 0}"),))
def decrement(ev, x):
    return _modify(ev, x, S.Decrement, _step_by(-1), True)


@builtin("PreIncrement", attributes=("HoldFirst", "Protected", "ReadProtected"), argc=1,
         usage="++x adds 1 to x and gives the new value.",
         examples=(("x = 1; {++x, x}", "{2, 2}"),))
def pre_increment(ev, x):
    return _modify(ev, x, S.PreIncrement, _step_by(1), False)


@builtin("PreDecrement", attributes=("HoldFirst", "Protected", "ReadProtected"), argc=1,
         usage="--x subtracts 1 from x and gives the new value.",
         examples=(("x = 1; {--x, x}", "{0, 0}"),))
def pre_decrement(ev, x):
    return _modify(ev, x, S.PreDecrement, _step_by(-1), False)


# ---------------------------------------------------------------------------- attributes

def _attribute_targets(ev, target, caller):
    if type(target) is Expr and target.head is _List:
        return [s for a in target.args for s in _attribute_targets(ev, a, caller)]
    if type(target) is String:
        return [ev.contexts.symbol(target.value)]
    if type(target) is Symbol:
        return [target]
    ev.message(caller, "sym", target, Integer(1))
    return []


@builtin("Attributes", attributes=("HoldAll", "Listable", "Protected"), argc=1,
         usage="Attributes[f] is the list of attributes of the symbol f.",
         examples=(("Attributes[Plus]", "{Flat, Listable, NumericFunction, OneIdentity, "
                                         "Orderless, Protected}"),),
         messages={"attnf": "`1` is not a known attribute.",
                   "locked": "Symbol `1` is locked."})
def attributes_(ev, target):
    if type(target) is String:
        target = ev.contexts.symbol(target.value)
    if type(target) is not Symbol:
        ev.message(S.Attributes, "ssym", target)
        return None
    names = A.names_of(ev.definitions.attributes(target))
    return Expr.from_args(_List, [Symbol(n) for n in names])


def _change_attributes(ev, target, attrs, caller, add: bool):
    names = attrs.args if type(attrs) is Expr and attrs.head is _List else (attrs,)
    flags = 0
    for n in names:
        bit = A.flag_of(n.name) if type(n) is Symbol else None
        if bit is None:
            ev.message(S.Attributes, "attnf", n)
            return None
        flags |= bit
    for sym in _attribute_targets(ev, target, caller):
        rec = ev.definitions.record(sym)
        if rec.attrs & A.LOCKED:
            ev.message(S.Attributes, "locked", sym)
            continue
        if rec.attrs & A.PROTECTED and flags != A.PROTECTED:
            ev.message(caller, "wrsym", sym)
            continue
        rec.attrs = rec.attrs | flags if add else rec.attrs & ~flags
        ev.definitions.touch()
    return NULL


@builtin("SetAttributes", attributes=("HoldFirst", "Protected"), argc=2,
         usage="SetAttributes[f, attr] or SetAttributes[f, {attr, …}] adds attributes to f.",
         examples=(("SetAttributes[f, Listable]; f[{1, 2}]", "{f[1], f[2]}"),))
def set_attributes(ev, target, attrs):
    return _change_attributes(ev, target, attrs, S.SetAttributes, True)


@builtin("ClearAttributes", attributes=("HoldFirst", "Protected"), argc=2,
         usage="ClearAttributes[f, attr] removes attributes from f.",
         examples=(("SetAttributes[f, Listable]; ClearAttributes[f, Listable]; Attributes[f]",
                    "{}"),))
def clear_attributes(ev, target, attrs):
    return _change_attributes(ev, target, attrs, S.ClearAttributes, False)


def _protection(ev, args, caller, protect: bool):
    changed = []
    for sym in _symbols_named(ev, args, caller):
        rec = ev.definitions.record(sym)
        if rec.attrs & A.LOCKED:
            ev.message(caller, "locked", sym)
            continue
        was = bool(rec.attrs & A.PROTECTED)
        if was != protect:
            rec.attrs = rec.attrs | A.PROTECTED if protect else rec.attrs & ~A.PROTECTED
            changed.append(String(sym.name))
            ev.definitions.touch()
    return Expr.from_args(_List, changed)


@builtin("Protect", attributes=("HoldAll", "Protected"),
         usage="Protect[s, …] forbids changing the definitions of the symbols; gives the "
               "names of those newly protected.",
         examples=(("Protect[p]; Attributes[p]", "{Protected}"),))
def protect(ev, *args):
    return _protection(ev, args, S.Protect, True)


@builtin("Unprotect", attributes=("HoldAll", "Protected"),
         usage="Unprotect[s, …] allows definitions for the symbols again.",
         examples=(("Protect[p]; Unprotect[p]", "{\"p\"}"),))
def unprotect(ev, *args):
    return _protection(ev, args, S.Unprotect, False)


# ---------------------------------------------------------------------------- options

def _options_of(ev, sym):
    rec = ev.definitions.get(sym)
    return list(rec.options) if rec is not None else []


def _find_option(rules, name):
    for r in rules:
        if type(r) is Expr and r.head is _List:
            found = _find_option(r.args, name)
            if found is not None:
                return found
        elif type(r) is Expr and r.head in (_Rule, _RuleDelayed) and len(r.args) == 2 \
                and _name_of_option(r.args[0]) == name:
            return r
    return None


@builtin("Options", argc=(1, 2),
         usage="Options[f] is the list of default options of f; Options[f, name] the one "
               "named.",
         examples=(("Options[f] = {a -> 1}; Options[f]", "{a -> 1}"),))
def options(ev, target, name=None):
    if type(target) is Symbol:
        rules = _options_of(ev, target)
    elif type(target) is Expr:
        rules = [a for a in target.args if type(a) is Expr and a.head in (_Rule, _RuleDelayed)]
    else:
        return None
    if name is None:
        return Expr.from_args(_List, rules)
    r = _find_option(rules, _name_of_option(name))
    return Expr(_List, r) if r is not None else Expr(_List)


@builtin("SetOptions", argc=(1, None),
         usage="SetOptions[f, name -> value, …] changes default options of f.",
         examples=(("Options[f] = {a -> 1}; SetOptions[f, a -> 2]", "{a -> 2}"),
                   ("Options[f] = {a -> 1, b -> 2}; SetOptions[f, {a -> 3, b -> 4}]",
                    "{a -> 3, b -> 4}")),
         messages={"optnf": "`1` is not a known option for `2`."})
def set_options(ev, target, *rules):
    if type(target) is not Symbol:
        return None
    rec = ev.definitions.record(target)
    current = list(rec.options)
    # SetOptions[f, {r1, r2}] is SetOptions[f, r1, r2], as in WL.
    rules = [r for group in rules
             for r in (group.args if type(group) is Expr and group.head is _List else (group,))]
    for r in rules:
        if not (type(r) is Expr and r.head in (_Rule, _RuleDelayed) and len(r.args) == 2):
            ev.message(S.SetOptions, "reps", r)
            return None
        name = _name_of_option(r.args[0])
        for i, old in enumerate(current):
            if _name_of_option(old.args[0]) == name:
                current[i] = r
                break
        else:
            ev.message(S.SetOptions, "optnf", r.args[0], target)
            return None
    rec.options = current
    ev.definitions.touch()
    return Expr.from_args(_List, current)


@builtin("OptionValue", argc=(1, 3),
         usage="OptionValue[name] inside a definition with OptionsPattern[] is the value of "
               "the option name given in the call, or its default in Options[f]; "
               "OptionValue[f, name] the default; OptionValue[opts, name] its value in the "
               "rules opts; OptionValue[f, opts, name] in opts, else f's default.",
         examples=(("Options[f] = {a -> 1}; f[OptionsPattern[]] := OptionValue[a]; "
                    "{f[], f[a -> 2]}", "{1, 2}"),
                   ('OptionValue[{"c" -> 3, d -> 4}, "c"]', "3")),
         messages={"optnf": "Option name `1` not found in defaults for `2`."})
def option_value(ev, *args):
    if len(args) == 1:
        return None
    if len(args) == 2:
        owner, name = args
        passed = ()
        if type(owner) is Expr and owner.head in (_List, _Rule, _RuleDelayed):
            owner, passed = None, (owner,)              # OptionValue[opts, name]
    else:
        owner, passed_list, name = args
        passed = passed_list.args if type(passed_list) is Expr else (passed_list,)
    if type(name) is Expr and name.head is _List:
        return Expr.from_args(_List, [_option_value(ev, owner, passed, n) for n in name.args])
    return _option_value(ev, owner, passed, name)


def _option_value(ev, owner, passed, name):
    key = _name_of_option(name)
    r = _find_option(passed, key)
    if r is None and type(owner) is Symbol:
        r = _find_option(_options_of(ev, owner), key)
    if r is None:
        ev.message(S.OptionValue, "optnf", name,
                   owner if owner is not None else passed[0])
        return name
    return r.args[1]


# ---------------------------------------------------------------------------- inspection

def _rules_list(rules):
    return Expr.from_args(_List, [Expr(_RuleDelayed, Expr(S.HoldPattern, r.lhs), r.rhs)
                                  for r in rules])


def _named_symbol(ev, e) -> Symbol | None:
    """The symbol of DownValues[f] and its kin: f itself, or the symbol a string names
    (DownValues["f"]), None for anything else."""
    if type(e) is Symbol:
        return e
    if type(e) is String and e.value:
        return ev.contexts.find(e.value)
    return None


def _named_record(ev, e):
    sym = _named_symbol(ev, e)
    return ev.definitions.get(sym) if sym is not None else None


@builtin("DownValues", attributes=("HoldAll", "Protected"), argc=1,
         usage="DownValues[f] is the list of definitions f[…] := … as rules.")
def down_values(ev, sym):
    rec = _named_record(ev, sym)
    if rec is None:
        return Expr(_List)
    return _rules_list(list(rec.down_exact.values()) + rec.down)


@builtin("UpValues", attributes=("HoldAll", "Protected"), argc=1,
         usage="UpValues[g] is the list of up values attached to g.")
def up_values(ev, sym):
    rec = _named_record(ev, sym)
    return _rules_list(rec.up) if rec is not None else Expr(_List)


@builtin("SubValues", attributes=("HoldAll", "Protected"), argc=1,
         usage="SubValues[f] is the list of definitions f[…][…] := … as rules.")
def sub_values(ev, sym):
    rec = _named_record(ev, sym)
    return _rules_list(rec.sub) if rec is not None else Expr(_List)


@builtin("OwnValues", attributes=("HoldAll", "Protected"), argc=1,
         usage="OwnValues[x] is {HoldPattern[x] :> value} when x has a value.")
def own_values(ev, sym):
    sym = _named_symbol(ev, sym)
    rec = ev.definitions.get(sym) if sym is not None else None
    if rec is None or rec.own is None:
        return Expr(_List)
    return Expr(_List, Expr(_RuleDelayed, Expr(S.HoldPattern, sym), rec.own))


@builtin("Messages", attributes=("HoldAll", "Protected"), argc=1,
         usage="Messages[f] is the list of the messages f::tag set for f, as rules "
               "HoldPattern[f::tag] :> \"text\".",
         examples=(('f::oops = "Went wrong."; Messages[f]',
                    '{HoldPattern[f::oops] :> "Went wrong."}'),))
def messages_of(ev, sym):
    sym = _named_symbol(ev, sym)
    rec = ev.definitions.get(sym) if sym is not None else None
    if rec is None:
        return Expr(_List)
    return Expr.from_args(_List, [
        Expr(_RuleDelayed, Expr(S.HoldPattern, Expr(S.MessageName, sym, String(tag))),
             String(text)) for tag, text in rec.messages.items()])


@builtin("DefaultValues", attributes=("HoldAll", "Protected"), argc=1,
         usage="DefaultValues[f] is the list of the defaults set with Default[f] = v (and "
               "Default[f, i] = v), as rules HoldPattern[Default[f]] :> v.",
         examples=(("Default[f] = 0; DefaultValues[f]", "{HoldPattern[Default[f]] :> 0}"),))
def default_values(ev, sym):
    sym = _named_symbol(ev, sym)
    rec = ev.definitions.get(sym) if sym is not None else None
    if rec is None:
        return Expr(_List)
    return Expr.from_args(_List, [
        Expr(_RuleDelayed, Expr(S.HoldPattern, Expr(S.Default, sym) if position == 0 else
                                Expr(S.Default, sym, Integer(position))), value)
        for position, value in sorted(rec.defaults.items())])


@builtin("ValueQ", attributes=("HoldAll", "Protected"), argc=1,
         usage="ValueQ[x] is True when x has a value.",
         examples=(("x = 1; ValueQ[x]", "True"),))
def value_q(ev, e):
    if type(e) is Symbol:
        rec = ev.definitions.get(e)
        return TRUE if rec is not None and rec.own is not None else FALSE
    return TRUE if ev.evaluate(e) != e else FALSE
