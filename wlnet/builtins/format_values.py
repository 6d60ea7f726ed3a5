"""Format values: ``Format[f[x_]] := rhs`` makes f[1] print as rhs (with x -> 1).

The rules belong to the symbol they are about (f), as in the Wolfram Language:
``FormatValues[f]`` lists them, ``Clear[f]``/``ClearAll[f]``/``Remove[f]`` remove them;
``Format`` itself gets no definition.  ``Format[expr, form] := rhs`` applies in that form
only; the text the session shows (the REPL's Out, Print, ToString, messages) is OutputForm
and StandardForm, so rules for those forms and rules without a form apply there (a rule
for the form itself first); TeXForm writes TeXForm rules, then TraditionalForm rules and
rules without a form; TraditionalForm[x] shows its own form's rules.
``Format[s] := rhs`` gives a symbol's format.  The printer asks for a format value at every
subexpression (``_shown_as``); an expression inside its own format prints as it is.

The rules are kept in the ``formats`` slot of the symbol's record in the session's symbol
table (wlnet.core.definitions), so Clear, ClearAll and Remove take them away with the
symbol's other values.  ``q /: Format[g[q]] := rhs`` keeps the rule with q, and
``FormatValues[q] = {HoldPattern[Format[lhs]] :> rhs, …}`` replaces q's rules.
"""

from __future__ import annotations

import weakref

from wlnet.core.contexts import active
from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.core.pattern import apply_rules_once
from wlnet.core.registry import builtin, declare
from wlnet.syntax.printer import register_format_values, register_output_format

_List = S.List
_LHS_WRAPPERS = (S.Condition, S.HoldPattern)

# The forms whose rules the session's text (and TeXForm's writer) shows, in the order they are tried: a rule for
# the form itself first, then rules for any form (None).
# (StandardForm[x] and TraditionalForm[x] show their own form's rules and rules for any.)
_SHOWN_FORMS = {"OutputForm": ("OutputForm", "StandardForm", None),
                "StandardForm": ("StandardForm", None),
                "TraditionalForm": ("TraditionalForm", None),
                # TeX is written from the TraditionalForm (as WL's TeXForm converts its
                # boxes), so that form's rules apply after TeXForm's own
                "TeXForm": ("TeXForm", "TraditionalForm", None),
                "CForm": ("CForm", None),
                "FortranForm": ("FortranForm", None)}


class _FormatRule:
    __slots__ = ("form", "lhs", "rhs", "delayed")

    def __init__(self, form, lhs, rhs, delayed):
        self.form = form            # the form's name, or None for every form
        self.lhs = lhs
        self.rhs = rhs
        self.delayed = delayed


# The evaluator of each session that made a format value: the printer's hook finds the
# active session's symbol table and evaluates a rule's right side with its evaluator.
_EVALUATORS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# The symbols given format values in any session (a quick test for the printer, which
# asks at every subexpression; a symbol cleared in one session may stay here).
_OWNERS: set = set()
# Those of them with a rule about an expression they are an argument of
# (``q /: Format[g[q]] := …``): only then does the printer look at arguments' symbols.
_TAG_OWNERS: set = set()


def _formats(ev, sym) -> list:
    """The format rules of ``sym`` in ``ev``'s session (empty when it has none)."""
    rec = ev.definitions.get(sym) if type(sym) is Symbol else None
    return rec.formats if rec is not None else []


def _owner(e) -> Symbol | None:
    """The symbol a format value for ``e`` belongs to: ``e`` itself or its innermost head
    (f of a left side ``f[x__] /; test`` too)."""
    e = _without_wrappers(e)
    while type(e) is Expr:
        e = e.head
    return e if type(e) is Symbol else None


def without_hold_pattern(e):
    """e without the HoldPattern wrappers round it (the left side of a listed rule)."""
    while type(e) is Expr and e.head is S.HoldPattern and len(e.args) == 1:
        e = e.args[0]
    return e


def _store(ev, sym: Symbol, rule: _FormatRule) -> None:
    """Add ``rule`` to ``sym``'s format values; a rule for the same pattern and form
    replaces the earlier one."""
    rules = ev.definitions.record(sym).formats
    for i, old in enumerate(rules):
        if old.form == rule.form and old.lhs == rule.lhs:
            rules[i] = rule
            break
    else:
        rules.append(rule)
    _note_owner(ev, sym, rule)
    ev.definitions.touch(sym)


def _note_owner(ev, sym: Symbol, rule: _FormatRule) -> None:
    _EVALUATORS[ev.definitions] = weakref.ref(ev)
    _OWNERS.add(sym)
    if _owner(rule.lhs) is not sym:
        _TAG_OWNERS.add(sym)


def _argument_symbols(target) -> list:
    """The symbols a tag may name in ``g[q, h[r], x_s]``: each argument's own symbol or
    innermost head, and the head a pattern's blank asks for."""
    core = _without_wrappers(target)
    if type(core) is not Expr:
        return []
    out = []
    for a in core.args:
        if type(a) is Expr and a.head is S.Pattern and len(a.args) == 2:
            a = a.args[1]
        if type(a) is Expr and a.head is S.Blank and a.args:
            a = a.args[0]
        sym = _owner(a)
        if sym is not None and sym not in out:
            out.append(sym)
    return out


def _without_wrappers(e):
    while type(e) is Expr and e.head in _LHS_WRAPPERS and e.args:
        e = e.args[0]
    return e


def _parse_format_lhs(lhs):
    """``Format[target]`` or ``Format[target, form]`` -> (target, form name or None), or
    None when it is not of that shape."""
    args = lhs.args
    if len(args) not in (1, 2) or (len(args) == 2 and type(args[1]) is not Symbol):
        return None
    return without_hold_pattern(args[0]), (args[1].name if len(args) == 2 else None)


def assign_format(ev, lhs, rhs, delayed: bool, caller, protected, tag=None) -> bool:
    """``Format[target] = rhs`` or ``Format[target, form] := rhs``: stored with target's
    symbol (with ``tag`` for ``tag /: Format[…] := rhs``, which must be that symbol or
    one of target's arguments), unless ``protected(ev, symbol, caller)`` (the
    assignments' test, which says so).  Returns True on success, False after a message."""
    parsed = _parse_format_lhs(lhs)
    if parsed is None:
        ev.message(caller, "setraw", lhs)
        return False
    target, form_name = parsed
    sym = _owner(target)
    if tag is not None:
        if tag is not sym and tag not in _argument_symbols(target):
            ev.message(caller, "tagnf", tag, lhs)
            return False
        sym = tag
    if sym is None:
        ev.message(caller, "nosym", lhs)
        return False
    if protected(ev, sym, caller):
        return False
    _store(ev, sym, _FormatRule(form_name, target, rhs, delayed))
    return True


def assign_format_values(ev, sym, rhs, caller, protected) -> bool:
    """``FormatValues[sym] = {HoldPattern[Format[lhs]] :> rhs, …}``: sym's format rules
    become these, in the order given (``Format[lhs, form]`` for a form's rule; a bare
    ``lhs`` means ``Format[lhs]``).  Returns True on success, False after a message."""
    entries = rhs.args if type(rhs) is Expr and rhs.head is _List else (rhs,)
    rules = []
    for entry in entries:
        rule = _rule_of_entry(entry)
        if rule is None or type(sym) is not Symbol:
            ev.message(caller, "vrule", Expr(S.FormatValues, sym), rhs)
            return False
        rules.append(rule)
    if protected(ev, sym, caller):
        return False
    ev.definitions.record(sym).formats = []
    for rule in rules:
        _store(ev, sym, rule)
    ev.definitions.touch(sym)
    return True


def _rule_of_entry(entry) -> _FormatRule | None:
    if not (type(entry) is Expr and entry.head in (S.Rule, S.RuleDelayed)
            and len(entry.args) == 2):
        return None
    lhs = without_hold_pattern(entry.args[0])
    if type(lhs) is Expr and lhs.head is S.Format:
        parsed = _parse_format_lhs(lhs)
        if parsed is None:
            return None
        target, form_name = parsed
    else:
        target, form_name = lhs, None
    return _FormatRule(form_name, target, entry.args[1], entry.head is S.RuleDelayed)


def unset_format(ev, lhs, tag=None) -> bool:
    """``Format[target] =.``: removes that rule (kept with target's symbol or, for a rule
    made with a tag, with one of its arguments' symbols); with ``tag`` (``tag /:
    Format[target] =.``) only the rule kept with tag.  False when there is none."""
    parsed = _parse_format_lhs(lhs)
    if parsed is None:
        return False
    target, form_name = parsed
    owners = (tag,) if tag is not None else (_owner(target), *_argument_symbols(target))
    for sym in owners:
        rec = ev.definitions.get(sym) if sym is not None else None
        if rec is None or not rec.formats:
            continue
        kept = [r for r in rec.formats if not (r.form == form_name and r.lhs == target)]
        if len(kept) < len(rec.formats):
            rec.formats = kept
            ev.definitions.touch(sym)
            return True
    return False


def rules_of(ev, sym, forms=None) -> list:
    """``sym``'s format rules as (target, form name or None, rhs, delayed), for the
    listings (Definition, ??) and other forms (TeXForm); only those for ``forms`` (a
    tuple of names, None standing for any form) when given, in that order."""
    rules = _formats(ev, sym)
    if forms is not None:
        rules = [r for wanted in forms for r in rules if r.form == wanted]
    return [(r.lhs, r.form, r.rhs, r.delayed) for r in rules]


def definition_lines(rec, show) -> list[str]:
    """The lines ``Definition[f]`` and ``??f`` give for the format values of ``rec``'s
    symbol: ``Format[lhs] := rhs`` (``Format[lhs, form]`` for a form's rule, and
    ``q /: Format[g[q]] := rhs`` for a rule kept with q about another expression), with
    ``show`` writing each expression."""
    sym = rec.symbol
    lines = []
    for rule in rec.formats:
        target = Expr(S.Format, rule.lhs) if rule.form is None else \
            Expr(S.Format, rule.lhs, Symbol(rule.form))
        tag = "" if _owner(rule.lhs) is sym else f"{show(sym)} /: "
        op = ":=" if rule.delayed else "="
        lines.append(f"{tag}{show(target)} {op} {show(rule.rhs)}")
    return lines


def _candidates(e, definitions):
    """The format rules that may apply to ``e``: those of symbols that ``e`` is an
    argument-tagged expression of (``q /: Format[g[q]]``) first, as up values come before
    down values, then those of its head's symbol."""
    out = []
    if _TAG_OWNERS and type(e) is Expr and type(e._args) is tuple:
        for a in e._args:
            sym = _owner(a)
            if sym in _TAG_OWNERS:
                rec = definitions.records.get(sym)
                if rec is not None:
                    out.extend(r for r in rec.formats if _owner(r.lhs) is not sym)
    owner = _owner(e)
    if owner in _OWNERS:
        rec = definitions.records.get(owner)
        if rec is not None:
            out.extend(rec.formats)
    return out


def shown_in(ev, e, forms):
    """What ``e`` shows as by the format rules for ``forms`` (names, None for rules for
    any form, tried in that order): the first matching rule's rhs, evaluated; or None."""
    rules = _candidates(e, ev.definitions)
    if not rules:
        return None
    for wanted in forms:
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


def _shown_as(e, form: str):
    """The printer's hook: what ``e`` shows as in ``form`` by the active session's format
    values (the rule's rhs, evaluated), or None."""
    if not _OWNERS:
        return None
    contexts = active()
    if contexts is None:
        return None
    if _owner(e) not in _OWNERS and not _TAG_OWNERS:
        return None
    ref = _EVALUATORS.get(contexts.definitions)
    ev = ref() if ref is not None else None
    if ev is None:
        return None
    return shown_in(ev, e, _SHOWN_FORMS.get(form, ()))


register_format_values(_shown_as)
# Format[expr] as an expression prints as expr (formatted where it stands)
register_output_format("Format", lambda e: None, transparent=True)


declare("Format", attributes=("Protected",),
        usage="Format[expr] prints as expr; Format[f[x_]] := rhs makes f[…] print as rhs, "
              "and Format[f[x_], form] := rhs in that form only (FormatValues[f] lists "
              "the rules).")


@builtin("FormatValues", argc=1, attributes=("HoldAll", "Protected"),
         usage="FormatValues[f] gives the rules of Format[…] := … definitions for f, as "
               "HoldPattern[Format[lhs]] :> rhs.",
         examples=(("Format[fv[x_]] := {x}; FormatValues[fv]",
                    "{HoldPattern[Format[fv[x_]]] :> {x}}"),))
def format_values(ev, sym):
    if type(sym) is String and sym.value:         # FormatValues["f"]: the symbol named
        sym = ev.contexts.find(sym.value)
        if sym is None:
            return Expr(_List)
    if type(sym) is not Symbol:
        return None
    out = []
    for target, form, rhs, delayed in rules_of(ev, sym):
        held = Expr(S.Format, target) if form is None else \
            Expr(S.Format, target, Symbol(form))
        out.append(Expr(S.RuleDelayed if delayed else S.Rule, Expr(S.HoldPattern, held),
                        rhs))
    return Expr(_List, *out)
