"""The evaluation chains that Trace, TracePrint and TraceScan show.

While a trace runs, the evaluator's ``evaluate`` is replaced (on that evaluator only) by
``evaluate_traced``, which takes the same steps as ``Evaluator.evaluate`` and records the
forms an expression goes through in its *evaluation chain*.  A chain is a list of
entries; the evaluations asked for while it runs (an argument, a condition, what a builtin
evaluates) are chains of their own, nested in it where they happened, and left out when
nothing happened in them.  The Wolfram Language records:

* the form of an expression after its arguments were evaluated, when that changed it
  (``f[1 + 2]`` records ``{1 + 2, 3}`` then ``f[3]``), or when a rule then applies to it
  (``1 + 1`` records ``1 + 1``, then ``2``);
* every form that a rule gave, as it gave it;
* a symbol and the value it stands for (``{x, 3}``).

So ``Trace[x^2 + 1]`` with ``x = 3`` is ``{{{x, 3}, 3^2, 9}, 9 + 1, 10}``; with
``fac[1] = 1; fac[n_] := n fac[n - 1]``, ``Trace[fac[3]]`` is ``{fac[3], 3 fac[3 - 1],
{{3 - 1, 2}, fac[2], 2 fac[2 - 1], {{2 - 1, 1}, fac[1], 1}, 2 1, 2}, 3 2, 6}``; an
expression that evaluates to itself records nothing.  The evaluator calls the hooks
``arguments_evaluated`` and ``attributes_applied`` from its step when a tracer is set; a
form whose arguments did not change is held as *pending* until a rule applies to it (then
it is recorded before whatever that rule evaluates), and dropped when none does.

Each entry keeps the *tag* of the rule that produced it (the symbol whose definition or
builtin rewrote the form before it), which ``Trace[expr, s]`` selects by.
"""

from __future__ import annotations

from contextlib import contextmanager

from wlnet.core.evaluator import (_DONE, _EXIT, _QUIT, _USER_RULE, Evaluator, QuitSession,
                                  _root_symbol)
from wlnet.core.expr import Expr, NULL, S, Symbol
from wlnet.core.packed import PackedArgs

_Return = S.Return
_HoldForm = S.HoldForm


class Chain(list):
    """One evaluation chain: entries ``(form, tag)`` and nested chains, in order."""

    __slots__ = ()


class Tracer:
    """The chains being built by one Trace (or TracePrint, TraceScan) evaluation.

    ``listener(form, depth)`` is told of each form as it is recorded (TracePrint prints it,
    TraceScan applies its function); ``keep`` says whether a form is worth keeping
    (TraceScan and TracePrint keep nothing: they only listen); ``original``: forms are
    also recorded before their arguments are evaluated (TraceOriginal -> True);
    ``switched_on``/``switched_off``: predicates for TraceOn and TraceOff; ``finished(e,
    value, depth)`` is told of each expression evaluated, with its value (TraceScan's fp)."""

    def __init__(self, listener=None, keep=True, original=False, switched_on=None,
                 switched_off=None, finished=None):
        self.root = Chain()
        self.current = self.root
        self.listener = listener
        self.finished = finished
        self.keep = keep
        self.original = original
        self.switched_on = switched_on
        self.switched_off = switched_off
        self.on = switched_on is None          # recording (TraceOn forms turn it on)
        self.depth = 0
        self.pending = None                   # a form recorded only if a rule applies
        self.reordered = None                 # a form Orderless or Flat made in this step
        self._form_args = None
        self._last = None                     # the form recorded last in this chain
        self._stack = []

    # ------------------------------------------------------------ chains

    def open(self) -> None:
        self._stack.append((self.current, self.pending, self.reordered, self._last))
        self.current = Chain()
        self.pending = self.reordered = self._last = None
        self.depth += 1

    def close(self) -> None:
        child = self.current
        self.current, self.pending, self.reordered, self._last = self._stack.pop()
        self.depth -= 1
        if child:
            self.flush()
            self.current.append(child)

    # ------------------------------------------------------------ entries

    def record(self, form, tag=None) -> None:
        self.flush()
        self._append(form, tag)

    def _append(self, form, tag) -> None:
        if not self.on or form is self._last:
            return
        self._last = form
        if self.keep:
            self.current.append((form, tag))
        if self.listener is not None:
            self.listener(form, tag, self.depth)

    def flush(self) -> None:
        """Record the pending form: something happens to it."""
        if self.pending is not None:
            form, self.pending = self.pending, None
            self._append(form, None)

    # ------------------------------------------------------------ hooks of the step

    def arguments_evaluated(self, e, head, args, changed: bool) -> None:
        """The step evaluated the head and arguments of ``e``: ``head[args]``."""
        form = Expr.from_args(head, args) if changed else e
        self._form_args = args
        if changed:
            self.record(form)
        else:
            self.pending = form

    def attributes_applied(self, cur, args) -> None:
        """``cur`` is the form the rules see, of arguments ``args``.  When Flat or Orderless
        changed them, the new form is recorded if no rule applies to it (``b + a`` gives
        ``{b + a, a + b}``, but ``9 + 1`` gives ``{9 + 1, 10}``, as in WL)."""
        if args is not self._form_args:
            self.reordered = cur


@contextmanager
def tracing(ev, tracer: Tracer):
    """Run the body with ``tracer`` recording the evaluations of ``ev``."""
    saved = ev._tracer, ev.__dict__.get("evaluate")
    ev._tracer = tracer
    ev.evaluate = lambda e: evaluate_traced(ev, e)
    try:
        yield tracer
    finally:
        ev._tracer = saved[0]
        if saved[1] is None:
            del ev.__dict__["evaluate"]
        else:
            ev.evaluate = saved[1]


@contextmanager
def untraced(ev):
    """Evaluate without recording (the tests of TraceOn, TraceOff and Trace's forms)."""
    tracer = ev._tracer
    if tracer is None:
        yield
        return
    ev._tracer = None
    traced = ev.__dict__.pop("evaluate")
    try:
        yield
    finally:
        ev._tracer = tracer
        ev.evaluate = traced


def evaluate_traced(ev, e):
    """``ev.evaluate(e)`` with its evaluation chain recorded, nested in the current one."""
    tracer = ev._tracer
    was_on = tracer.on
    if tracer.switched_off is not None and type(e) is Expr and tracer.switched_off(e):
        with untraced(ev):                    # TraceOff: nothing inside is recorded
            return Evaluator.evaluate(ev, e)
    if not was_on and type(e) is Expr and tracer.switched_on(e):
        tracer.on = True
    tracer.open()
    try:
        if tracer.original and (type(e) is Expr or type(e) is Symbol):
            tracer.record(e)
        value = _chain(ev, tracer, e)
        if tracer.finished is not None and tracer.on and (type(e) is Expr or
                                                          type(e) is Symbol):
            tracer.finished(e, value, tracer.depth)
        return value
    finally:
        tracer.close()
        tracer.on = was_on


def _chain(ev, tracer, e):
    """The steps of ``Evaluator.evaluate``, each form recorded (see the module's doc)."""
    records = ev._records
    user_rule = False
    iterations = 0
    depth = ev.depth + 1
    if depth > ev.recursion_limit:
        return ev._recursion_limit_reached(e)
    ev.depth = depth
    try:
        while True:
            t = type(e)
            if t is Symbol:
                rec = records.get(e)
                if rec is None or rec.own is None:
                    if e is _QUIT or e is _EXIT:
                        raise QuitSession(0)
                    return e
                tracer.record(e)                  # x, then the value it stands for
                symbol, e = e, rec.own
                tracer.record(e, tag=symbol)
                continue
            if t is not Expr or type(e._args) is PackedArgs:
                return e
            tracer.reordered = None
            new, status = ev._step(e)
            if status == _DONE:
                if tracer.reordered is not None:    # b + a, then a + b
                    tracer.record(tracer.reordered)
                tracer.pending = None
                if user_rule and type(new) is Expr and new._head is _Return:
                    return new._args[0] if new._args else NULL
                return new
            tracer.record(new, tag=_root_symbol(e))    # after the form the rule applied to
            if status == _USER_RULE:
                user_rule = True
            iterations += 1
            if iterations >= ev.iteration_limit:
                return ev._iteration_limit_reached(new)
            e = new
    finally:
        ev.depth = depth - 1


# ---------------------------------------------------------------------------- results

def held(form):
    return Expr(_HoldForm, form)


def chain_to_list(chain: Chain, show, depth_limit, level: int = 1):
    """The WL list of a chain: each entry as ``show(form)`` gives it, the nested chains
    within ``depth_limit`` levels, empty lists left out."""
    items = []
    for entry in chain:
        if type(entry) is Chain:
            if level < depth_limit:
                sub = chain_to_list(entry, show, depth_limit, level + 1)
                if sub.args:
                    items.append(sub)
            continue
        items.append(show(entry[0]))
    return Expr(S.List, *items)
