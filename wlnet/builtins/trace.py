"""Trace, TracePrint and TraceScan: the forms an evaluation goes through.

The chains are recorded by wlnet.core.tracing while the evaluator runs the expression;
this module reads the options, chooses the entries the form selects and gives them back
as the Wolfram Language does: nested lists of ``HoldForm[…]``, printed lines, or calls of
a function.
"""

from __future__ import annotations

import re

from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, Symbol
from wlnet.core.pattern import match, substitute
from wlnet.core.registry import builtin, declare
from wlnet.core.tracing import Chain, Tracer, chain_to_list, held, tracing, untraced
from wlnet.syntax.printer import output_form

_NONE, _ALL, _ANYTHING = Symbol("None"), Symbol("All"), Expr(S.Blank)
_INFINITY = Expr(S.DirectedInfinity, Integer(1))
_OPTIONS = {"TraceDepth": S.Infinity, "TraceOriginal": FALSE, "TraceOn": _ANYTHING,
            "TraceOff": _NONE, "TraceForward": FALSE, "TraceBackward": FALSE,
            "TraceAbove": FALSE, "MatchLocalNames": TRUE}

for _name in _OPTIONS:
    declare(_name, usage=f"{_name} is an option of Trace, TracePrint and TraceScan.")

_MESSAGES = {"opttf": "Value of option `1` -> `2` should be True or False.",
             "tdep": "Value of option TraceDepth -> `1` should be a non-negative integer "
                     "or Infinity."}


class _Settings:
    """What a call of Trace (or TracePrint, TraceScan) asked for."""

    def __init__(self, ev, head, form, given):
        opts = dict(_OPTIONS, **given)
        self.ev = ev
        self.form = form
        self.depth = _depth(ev, head, ev.evaluate(opts["TraceDepth"]))
        self.original = _switch(ev, head, "TraceOriginal", opts)
        self.forward = _switch(ev, head, "TraceForward", opts, allow_all=True)
        self.backward = _switch(ev, head, "TraceBackward", opts, allow_all=True)
        self.above = _switch(ev, head, "TraceAbove", opts, allow_all=True)
        self.local_names = _switch(ev, head, "MatchLocalNames", opts)
        on, off = opts["TraceOn"], opts["TraceOff"]
        self.on = None if on == _ANYTHING else (lambda e: self._matches(on, e))
        self.off = None if off is _NONE else (lambda e: self._matches(off, e))
        self.valid = None not in (self.depth, self.original, self.forward, self.backward,
                                  self.above, self.local_names)

    def _matches(self, pattern, e) -> bool:
        with untraced(self.ev):
            return match(self.ev, pattern, e) is not None

    def selects(self, form, tag, next_tag) -> bool:
        """Whether the entry ``form`` (made by a rule of ``tag``; the next entry by a rule
        of ``next_tag``) is one the form asks for: the form is compared with the
        expression and with the tags of the rules that made it or changed it."""
        pattern = self.form
        if pattern is None:
            return True
        if type(pattern) is Expr and pattern.head in (S.Rule, S.RuleDelayed):
            pattern = pattern.args[0]
        if type(pattern) is Symbol and self.local_names:
            return any(_same_name(pattern, x) for x in (form, tag, next_tag))
        return any(x is not None and self._matches(pattern, x) for x in (form, tag, next_tag))

    def entry(self, form):
        """What the list shows for a selected entry: HoldForm[form], or rhs of a rule."""
        rule = self.form
        if type(rule) is Expr and rule.head in (S.Rule, S.RuleDelayed) and len(rule.args) == 2:
            with untraced(self.ev):
                bindings = match(self.ev, rule.args[0], form)
                if bindings is not None:
                    return self.ev.evaluate(substitute(rule.args[1], bindings))
        return held(form)


def _same_name(symbol, x) -> bool:
    """``x`` is the symbol, or a local one made from it by Module (``x$123``)."""
    return type(x) is Symbol and (x is symbol or re.fullmatch(
        re.escape(symbol.name) + r"\$\d+", x.name) is not None)


def _depth(ev, head, value):
    if value is S.Infinity or value == _INFINITY:
        return float("inf")
    if type(value) is Integer and value.value >= 0:
        return value.value
    ev.message(head, "tdep", value)
    return None


def _switch(ev, head, name, opts, allow_all=False):
    value = ev.evaluate(opts[name])
    if value is TRUE or (allow_all and value is _ALL):
        return True if value is TRUE else "All"
    if value is FALSE:
        return False
    ev.message(head, "opttf", Symbol(name), value)
    return None


def _split(ev, head, args, call=None, most=2):
    """(expr, form or None, options, further positional arguments) of a held call (at
    most ``most`` positional ones), or None after a message."""
    positional = list(args)
    opts = {}
    while len(positional) > 1:
        last = positional[-1]
        if not (type(last) is Expr and last.head in (S.Rule, S.RuleDelayed)
                and type(last.args[0]) is Symbol and last.args[0].name in _OPTIONS):
            break
        opts[last.args[0].name] = last.args[1]
        positional.pop()
    if len(positional) > most:
        call = Expr(head, *args) if call is None else call
        before = len(call.args) - len(args)
        ev.message(head, "nonopt", positional[most], Integer(before + most), call)
        return None
    form = positional[1] if len(positional) >= 2 else None
    if type(form) is Expr and form.head is S.Evaluate:
        form = ev.evaluate(form.args[0])
    # the options given (defaults: _OPTIONS)
    return positional[0], form, opts, positional[2:]


def _select(chain, settings: _Settings):
    """The nested list of the entries of ``chain`` the settings select."""
    if not settings.depth:
        return Expr(S.List)
    return chain_to_list(_selected_chain(chain, settings)[0], settings.entry,
                         settings.depth)


def _selected_chain(chain, settings):
    """(chain of the kept entries and subchains, whether anything in it was selected)."""
    entries = [(i, e) for i, e in enumerate(chain) if type(e) is not Chain]
    next_tags = {}
    for (i, _), (_, (_, tag)) in zip(entries, entries[1:]):
        next_tags[i] = tag
    hits = {i for i, (form, tag) in entries
            if settings.selects(form, tag, next_tags.get(i))}
    first_hit = min(hits) if hits else None
    last_hit = max(hits) if hits else None
    kept = Chain()
    found = bool(hits)
    for i, e in enumerate(chain):
        if type(e) is Chain:
            sub, sub_found = _selected_chain(e, settings)
            if sub:
                kept.append(sub)
            found = found or sub_found
            continue
        if (i in hits or (settings.forward and first_hit is not None and i > first_hit)
                or (settings.backward and last_hit is not None and i < last_hit)):
            kept.append(e)
    if settings.above and not hits and found:
        # a chain holding the chain of a selected form: its first and last forms (All: all)
        ends = {entries[0][0], entries[-1][0]} if entries else set()
        rebuilt = Chain()
        for i, e in enumerate(chain):
            if type(e) is Chain:
                sub, _ = _selected_chain(e, settings)
                if sub:
                    rebuilt.append(sub)
            elif settings.above == "All" or i in ends:
                rebuilt.append(e)
        kept = rebuilt
    return kept, found


@builtin("Trace", attributes=("HoldAll", "Protected"), argc=(1, None), options=_OPTIONS,
         messages=_MESSAGES,
         usage="Trace[expr] gives the forms used in the evaluation of expr, as nested lists "
               "of evaluation chains; Trace[expr, form] only those matching form; "
               "Trace[expr, s] the evaluations that use rules of the symbol s; "
               "Trace[expr, lhs -> rhs] gives rhs for each form matching lhs.",
         examples=(("Trace[2 3 + 4]", "{{2 3, 6}, 6 + 4, 10}"),))
def trace(ev, *args):
    split = _split(ev, S.Trace, args)
    if split is None:
        return None
    expr, form, opts, _ = split
    settings = _Settings(ev, S.Trace, form, opts)
    if not settings.valid:
        return None
    tracer = Tracer(original=settings.original, switched_on=settings.on,
                    switched_off=settings.off)
    with tracing(ev, tracer):
        ev.evaluate(expr)
    return _select(_only_chain(tracer.root), settings)


def _only_chain(root):
    """The evaluation chain of the traced expression: the list Trace gives (the root holds
    it alone, or nothing when nothing happened)."""
    if len(root) == 1 and type(root[0]) is Chain:
        return root[0]
    return root


def _original_by_default(opts: dict) -> dict:
    """TracePrint and TraceScan see the forms of expressions before their elements are
    evaluated too, unless TraceOriginal -> False is given."""
    return {"TraceOriginal": TRUE, **opts}


def _listening(ev, settings, act):
    """A listener that calls ``act(form, depth)`` for each selected form as it comes."""

    def listen(form, tag, depth):
        if settings.selects(form, tag, None) and depth <= settings.depth:
            with untraced(ev):
                act(form, depth)
    return listen


@builtin("TracePrint", attributes=("HoldAll", "Protected"), argc=(1, None),
         options=_OPTIONS, messages=_MESSAGES,
         usage="TracePrint[expr] prints the forms used in the evaluation of expr as they "
               "come, indented by how deeply they are nested, and gives the value of expr; "
               "TracePrint[expr, form] prints only those matching form.")
def trace_print(ev, *args):
    return _listened(ev, S.TracePrint, args,
                     lambda form, depth: ev.print(" " * depth + output_form(held(form))))


@builtin("TraceScan", attributes=("HoldAll", "Protected"), argc=(2, None), options=_OPTIONS,
         messages=_MESSAGES,
         usage="TraceScan[f, expr] applies f to each form used in the evaluation of expr "
               "(as HoldForm[form]) as it comes, and gives the value of expr; "
               "TraceScan[f, expr, form] only to those matching form; "
               "TraceScan[f, expr, form, fp] also applies fp to each such expression and "
               "its value, HoldForm[expr] and HoldForm[value], once it is evaluated.")
def trace_scan(ev, f, *args):
    function = ev.evaluate(f)
    return _listened(ev, S.TraceScan, args,
                     lambda form, depth: ev.apply(function, held(form)),
                     call=Expr(S.TraceScan, f, *args), most=3)


def _listened(ev, head, args, act, call=None, most=2):
    """The value of the traced expression, ``act(form, depth)`` told of each form it goes
    through that the call's form selects (TracePrint, TraceScan; TraceScan's fp is told
    of each selected expression and its value); None after a message."""
    split = _split(ev, head, args, call, most)
    if split is None:
        return None
    expr, form, opts, rest = split
    settings = _Settings(ev, head, form, _original_by_default(opts))
    if not settings.valid:
        return None
    finished = _finishing(ev, settings, ev.evaluate(rest[0])) if rest else None
    tracer = Tracer(keep=False, original=settings.original, switched_on=settings.on,
                    switched_off=settings.off, listener=_listening(ev, settings, act),
                    finished=finished)
    with tracing(ev, tracer):
        return ev.evaluate(expr)


def _finishing(ev, settings, function):
    """TraceScan's fp: applied to HoldForm[e] and HoldForm[value] of each evaluated
    expression e the form selects."""

    def finished(e, value, depth):
        if settings.selects(e, None, None) and depth <= settings.depth:
            with untraced(ev):
                ev.apply(function, held(e), held(value))
    return finished
