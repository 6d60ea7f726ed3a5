"""Format values: ``Format[f[x_]] := rhs`` makes f[1] print as rhs (with x -> 1).

The rules belong to the symbol they are about (f), as in the Wolfram Language:
``FormatValues[f]`` lists them, ``Clear[f]``/``ClearAll[f]``/``Remove[f]`` remove them;
``Format`` itself gets no definition.  ``Format[expr, form] := rhs`` applies in that form
only; the text the session shows (the REPL's Out, Print, ToString, messages) is OutputForm
and StandardForm, so rules for those forms and rules without a form apply there (a rule
for the form itself first), while TeXForm, TraditionalForm… rules are kept but not used.
``Format[s] := rhs`` gives a symbol's format.  The printer asks for a format value at every
subexpression (``_shown_as``); an expression inside its own format prints as it is.

The rules of a session are kept by its symbol table (``Definitions``) in a side table, as
the table's records have no slot for them.
"""

from __future__ import annotations

import weakref

from wlnet.core.contexts import active
from wlnet.core.expr import Expr, S, Symbol
from wlnet.core.pattern import apply_rules_once
from wlnet.core.registry import builtin, declare
from wlnet.syntax.printer import register_format_values, register_output_format

_List = S.List
_LHS_WRAPPERS = (S.Condition, S.HoldPattern)

# The forms whose rules the session's text shows, in the order they are tried: a rule for
# the form itself first, then rules for any form (None).
# (StandardForm[x] and TraditionalForm[x] show their own form's rules and rules for any.)
_SHOWN_FORMS = {"OutputForm": ("OutputForm", "StandardForm", None),
                "StandardForm": ("StandardForm", None),
                "TraditionalForm": ("TraditionalForm", None)}


class _FormatRule:
    __slots__ = ("form", "lhs", "rhs", "delayed")

    def __init__(self, form, lhs, rhs, delayed):
        self.form = form            # the form's name, or None for every form
        self.lhs = lhs
        self.rhs = rhs
        self.delayed = delayed


class _Table:
    """The format values of one session: symbol -> its rules, in definition order."""

    def __init__(self, ev):
        self.evaluator = weakref.ref(ev)
        self.rules: dict[Symbol, list[_FormatRule]] = {}


_TABLES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# The symbols given format values in any session (a quick test for the printer, which
# asks at every subexpression; a symbol cleared in one session may stay here).
_OWNERS: set = set()


def _table(ev, make: bool = False) -> _Table | None:
    table = _TABLES.get(ev.definitions)
    if table is None and make:
        table = _TABLES[ev.definitions] = _Table(ev)
    return table


def _owner(e) -> Symbol | None:
    """The symbol a format value for ``e`` belongs to: ``e`` itself or its innermost head
    (f of a left side ``f[x__] /; test`` too)."""
    while type(e) is Expr and e.head in _LHS_WRAPPERS and e.args:
        e = e.args[0]
    while type(e) is Expr:
        e = e.head
    return e if type(e) is Symbol else None


def _without_hold_pattern(e):
    while type(e) is Expr and e.head is S.HoldPattern and len(e.args) == 1:
        e = e.args[0]
    return e


def assign_format(ev, lhs, rhs, delayed: bool, caller, protected) -> bool:
    """``Format[target] = rhs`` or ``Format[target, form] := rhs``: stored with target's
    symbol, unless ``protected(ev, symbol, caller)`` (the assignments' test, which says
    so).  Returns True on success, False after a message."""
    args = lhs.args
    form = args[1] if len(args) == 2 else None
    if len(args) not in (1, 2) or (form is not None and type(form) is not Symbol):
        ev.message(caller, "setraw", lhs)
        return False
    target = _without_hold_pattern(args[0])
    sym = _owner(target)
    if sym is None:
        ev.message(caller, "nosym", lhs)
        return False
    if protected(ev, sym, caller):
        return False
    form_name = None if form is None else form.name
    rules = _table(ev, make=True).rules.setdefault(sym, [])
    rule = _FormatRule(form_name, target, rhs, delayed)
    for i, old in enumerate(rules):
        if old.form == form_name and old.lhs == target:
            rules[i] = rule                 # a new definition for the same pattern replaces it
            break
    else:
        rules.append(rule)
    _OWNERS.add(sym)
    ev.definitions.touch()
    return True


def unset_format(ev, lhs) -> bool:
    """``Format[target] =.``: removes that rule; False when there is none."""
    table = _table(ev)
    args = lhs.args
    if table is None or len(args) not in (1, 2):
        return False
    target = _without_hold_pattern(args[0])
    form_name = args[1].name if len(args) == 2 and type(args[1]) is Symbol else None
    sym = _owner(target)
    rules = table.rules.get(sym, [])
    kept = [r for r in rules if not (r.form == form_name and r.lhs == target)]
    if len(kept) == len(rules):
        return False
    table.rules[sym] = kept
    ev.definitions.touch()
    return True


def forget_formats(ev, sym: Symbol) -> None:
    """Clear, ClearAll and Remove: the symbol's format values go."""
    table = _table(ev)
    if table is not None and table.rules.pop(sym, None):
        ev.definitions.touch()


def _shown_as(e, form: str):
    """The printer's hook: what ``e`` shows as in ``form`` by the active session's format
    values (the rule's rhs, evaluated), or None."""
    if not _OWNERS:
        return None
    owner = _owner(e)
    contexts = active()
    if owner not in _OWNERS or contexts is None:
        return None
    table = _TABLES.get(contexts.definitions)
    rules = table.rules.get(owner) if table is not None else None
    ev = table.evaluator()
    if not rules or ev is None:
        return None
    for wanted in _SHOWN_FORMS.get(form, ()):
        for rule in rules:
            if rule.form != wanted:
                continue
            if type(rule.lhs) is Symbol:
                if rule.lhs is e or rule.lhs == e:
                    return ev.evaluate(rule.rhs)
                continue
            result = apply_rules_once(ev, ((rule.lhs, rule.rhs, rule.delayed),), e)
            if result is not None:
                return ev.evaluate(result)
    return None


register_format_values(_shown_as)
# Format[expr] as an expression prints as expr (formatted where it stands)
register_output_format("Format", lambda e: None, transparent=True)


declare("Format", attributes=("Protected",),
        usage="Format[expr] prints as expr; Format[f[x_]] := rhs makes f[…] print as rhs, "
              "and Format[f[x_], form] := rhs in that form only (FormatValues[f] lists "
              "the rules).")


@builtin("FormatValues", attributes=("HoldAll", "Protected"),
         usage="FormatValues[f] gives the rules of Format[…] := … definitions for f, as "
               "HoldPattern[Format[lhs]] :> rhs.",
         examples=(("Format[fv[x_]] := {x}; FormatValues[fv]",
                    "{HoldPattern[Format[fv[x_]]] :> {x}}"),))
def format_values(ev, sym):
    if type(sym) is not Symbol:
        return None
    table = _table(ev)
    rules = table.rules.get(sym, []) if table is not None else []
    out = []
    for r in rules:
        held = Expr(S.Format, r.lhs) if r.form is None else Expr(S.Format, r.lhs, Symbol(r.form))
        out.append(Expr(S.RuleDelayed if r.delayed else S.Rule, Expr(S.HoldPattern, held),
                        r.rhs))
    return Expr(_List, *out)

