"""The evaluation procedure of the Wolfram Language.

``Evaluator.evaluate(e)`` rewrites ``e`` to a fixed point.  One step (``_step``) of a
normal expression ``h[a1, a2, …]``:

1. evaluate the head; a symbol head with an own value is replaced by it;
2. evaluate the arguments the head's Hold attributes do not hold (``Evaluate[x]``
   forces a held one), splice ``Sequence[…]`` unless ``SequenceHold``, take the
   ``Unevaluated`` wrappers off;
3. ``Flat`` flattens nested calls of the head, ``Orderless`` sorts the arguments,
   ``Listable`` threads over list arguments;
4. apply the first of: up values of the arguments' symbols, the head's down values
   (exact left sides through a dict, then pattern rules in specificity order), the
   builtin; for a compound head ``g[…][args]``: a pure ``Function``, ``g``'s sub
   values, the registry's ``builtin_subvalue`` handler for ``g``.

When a rule applied, its result is evaluated again (counted against
``$IterationLimit``); otherwise the step's result is final.  Nested evaluation depth is
counted against ``$RecursionLimit``.  Both limits answer with a message and a
``Hold[…]`` of the expression, never a Python RecursionError: ``run`` evaluates in a
worker thread with a large stack.

Fixed points are remembered (``_final``: expression id -> expression) until any
definition changes (``Definitions.generation``), so a large list that comes back from a
builtin, or is stored and returned by Set, is not walked again.

An unexpected Python exception in a builtin becomes the message ``f::pyerr`` and the call
stays unevaluated (``WLNET_DEBUG=1`` re-raises it instead).

Control flow that must cross Python frames (Throw, Break, Continue, Abort, Quit) uses
``WLControl`` exceptions derived from BaseException, so that a builtin's
``except Exception`` cannot swallow them.  ``Return[x]`` is a value, as in the Wolfram
Language: the loops and the application of a user definition unwrap it.
"""

from __future__ import annotations

import os
import sys
import threading

import numpy as np

from wlnet.core.registry import (DEFERRED, SUBVALUE_HANDLERS, UPVALUE_OUTERS,
                                 VECTORISED)
from wlnet.core import attributes as A
from wlnet.core.definitions import Definitions, symbols_in
from wlnet.core.contexts import Contexts, activate as activate_contexts
from wlnet.core.expr import Complex, Expr, Integer, NULL, Rational, Real, S, String, Symbol, TRUE
from wlnet.core.messages import GENERAL, MessageState, argcount_tag, render
from wlnet.core.packed import PackedArgs
from wlnet.core.order import compare, sort_canonical
from wlnet.core.pattern import (OPTIONS_KEY, compile_simple, conditional_result, match_iter,
                                rhs_condition, substitute, substitute_scoped)
from wlnet.core.system_names import NameChecks, option_hint, system_names

__all__ = ["Evaluator", "WLControl", "AbortEvaluation", "ThrowException", "BreakException",
           "ContinueException", "GotoException", "QuitSession"]


class WLControl(BaseException):
    """Non-local control flow of the language (not an error)."""


class AbortEvaluation(WLControl):
    """Abort[] or an interrupt: the top level answers $Aborted."""


class ThrowException(WLControl):
    def __init__(self, value, tag=None):
        super().__init__()
        self.value = value
        self.tag = tag


class BreakException(WLControl):
    pass


class ContinueException(WLControl):
    pass


class GotoException(WLControl):
    """Goto[tag]: caught by the nearest enclosing CompoundExpression holding Label[tag]."""
    def __init__(self, tag):
        super().__init__()
        self.tag = tag


class QuitSession(WLControl):
    def __init__(self, code: int = 0):
        super().__init__()
        self.code = code


_Sequence = S.Sequence
_Unevaluated = S.Unevaluated
_Evaluate = S.Evaluate
_List = S.List
_Association = S.Association
_Function = S.Function
_Slot = S.Slot
_SlotSequence = S.SlotSequence
# heads of a delayed rhs that may carry a condition (pattern.rhs_condition)
_CONDITIONAL_HEADS = frozenset((S.Condition, S.Module, S.With, S.Block))
_Return = S.Return
_Hold = S.Hold
_NOTHING = S.Nothing
# atom class -> its head (Integer, Image…), as builtin upvalues look them up
_ATOM_HEADS: dict = {}
_UNKNOWN = object()
# elements that the evaluation of a List still changes: spliced in or left out
_LIST_CHANGING_HEADS = frozenset((_Sequence, _Unevaluated, S.Splice))
_Rule = S.Rule
_RuleDelayed = S.RuleDelayed
_OptionValue = S.OptionValue

_HOLD_FIRST = A.HOLD_FIRST
_HOLD_REST = A.HOLD_REST
_HOLD_ALL_COMPLETE = A.HOLD_ALL_COMPLETE
_SEQUENCE_HOLD = A.SEQUENCE_HOLD
_FLAT = A.FLAT
_ORDERLESS = A.ORDERLESS
_LISTABLE = A.LISTABLE
_SPECIAL_ATTRS = _FLAT | _ORDERLESS | _LISTABLE
_NUMBER_OR_STRING = (Integer, Real, String, Rational, Complex)

# Status of one evaluation step.
_DONE, _REWRITTEN, _USER_RULE = 0, 1, 2

_FINAL_CACHE_SIZE = 250_000
_WORKER_STACK = 512 * 1024 * 1024
# Python frames allowed in the worker: far above what $RecursionLimit (1024 levels, a
# few frames each) needs, far below what fills the worker stack (C stack per frame can
# reach some kB when Python and C alternate, as in a deep __eq__).
_PY_RECURSION_LIMIT = 30_000
_tls = threading.local()


def _stderr_sink(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _stdout_sink(text: str) -> None:
    print(text, flush=True)


class Evaluator:
    """The evaluation engine of one session (see the module docstring)."""

    def __init__(self, definitions: Definitions | None = None, *, message_sink=None,
                 print_sink=None, session=None):
        self.definitions = definitions if definitions is not None else Definitions()
        self._records = self.definitions.records
        # $Context and $ContextPath as names are read and printed (wlnet.core.contexts);
        # the session made last, or evaluating, is the one whose contexts hold
        self.contexts = Contexts(self.definitions)
        activate_contexts(self.contexts)
        self.session = session
        self.msg = MessageState()
        self.message_sink = message_sink or _stderr_sink
        self.print_sink = print_sink or _stdout_sink
        self.rng = np.random.default_rng()
        self.depth = 0
        self.recursion_limit = 1024
        self.iteration_limit = 4096
        self.abort_requested = False
        self.run_lock = threading.RLock()   # one top-level evaluation at a time (see run)
        self.abort_handlers = 0             # > 0: running code stops cleanly itself
        self.recursion_limit_hits = 0      # $RecursionLimit::reclim2 so far (ReplaceRepeated)
        self.debug = os.environ.get("WLNET_DEBUG", "") not in ("", "0")
        self.module_counter = 0            # $ModuleNumber
        # id -> expression found to be a fixed point; valid while definitions.generation
        # stays _final_generation (any change to a definition clears it).  The values
        # keep the expressions alive, so an id is never reused while it is a key.
        self._final: dict[int, object] = {}
        self._final_generation = -1
        # builtins that other modules extend for arguments of a given head (the registry's
        # set, which grows when a deferred module registers more)
        self._upvalue_outers = UPVALUE_OUTERS
        # System names wlnet lacks (said once per session) and new symbols (spell-checked)
        self.name_checks = NameChecks()
        self._system_names = system_names()
        # the evaluation chains being recorded while Trace runs (core/tracing.py), or None
        self._tracer = None
        # id(pure function body) -> (body, where its slots are): see _fill_slots
        self._slot_plans: dict[int, tuple] = {}
        defs = self.definitions
        defs.set_own(Symbol("$RecursionLimit"), Integer(1024), False, evaluated=True)
        defs.set_own(Symbol("$IterationLimit"), Integer(4096), False, evaluated=True)

    # ------------------------------------------------------------------ public API

    def apply(self, f, *args):
        """Evaluate ``f[args…]``."""
        if type(f) is Symbol and args and self._tracer is None:
            for a in args:
                if type(a) not in _NUMBER_OR_STRING:
                    break
            else:
                r = self._builtin_on_atoms(f, args)
                if r is not None:
                    return r
        return self.evaluate(Expr.from_args(f, args))

    def _builtin_on_atoms(self, f, args):
        """``f[atoms…]`` for a builtin ``f`` without user rules: the predicate calls of
        Select, Cases with ``_?test``, Count… need none of the evaluation steps around the
        builtin (atoms are already evaluated; no attribute changes anything for them but
        Flat/Orderless ordering).  None when the general path is needed."""
        if self.abort_requested:
            self.check_abort()
        rec = self._records.get(f)
        if (rec is None or rec.func is None or rec.own is not None or rec.down
                or rec.down_exact or rec.up or rec.attrs & (_FLAT | _ORDERLESS)
                or self.definitions.has_upvalues or f in self._upvalue_outers):
            return None
        argc = rec.spec.argc
        n = len(args)
        if argc is not None and not (argc[0] <= n and (argc[1] is None or n <= argc[1])):
            return None                       # the general path issues the message
        r = self._call_guarded(rec.symbol, rec.func, args)
        if r is None:
            return Expr.from_args(f, args)
        return self.evaluate(r)

    def _call_guarded(self, sym, func, args):
        """``func(self, *args)`` for builtin ``sym``: an unexpected Python exception becomes
        a message and None (unevaluated), as in the main step."""
        try:
            return func(self, *args)
        except WLControl:
            raise
        except RecursionError:
            raise
        except Exception as exc:
            return self._builtin_failed(sym, exc)

    def print(self, text: str) -> None:
        self.print_sink(text)

    def seed_random(self, seed=None) -> None:
        """Reseed the session's generator (None: from fresh entropy)."""
        self.rng = np.random.default_rng(seed)

    def mark_evaluated(self, e) -> None:
        """Record that ``e`` is a fixed point under the current definitions (a builtin
        that returns an already evaluated expression saves its re-evaluation)."""
        if type(e) is Expr:
            generation = self.definitions.generation
            if self._final_generation != generation:
                self._final.clear()
                self._final_generation = generation
            self._final[id(e)] = e

    def release(self, e) -> None:
        """Forget that ``e`` is a fixed point, dropping this evaluator's reference to it:
        the caller is about to change ``e`` in place if nothing else holds it."""
        if self._final.get(id(e)) is e:
            del self._final[id(e)]

    def is_fixed_point(self, e) -> bool:
        """Whether ``e`` is known to evaluate to itself under the current definitions: an
        atom other than a symbol with a value, a packed array, or an expression this
        evaluator recorded as final since the last change of a definition."""
        t = type(e)
        if t is Symbol:
            rec = self._records.get(e)
            return rec is None or rec.own is None
        if t is not Expr or type(e._args) is PackedArgs:
            return True
        return self._final_generation == self.definitions.generation and \
            self._final.get(id(e)) is e

    def mark_built_list(self, result, parts) -> None:
        """Record ``result`` as a fixed point: a List that a builtin built from the pieces
        of ``parts`` (lists and single elements, all fixed points), as its elements
        (Append, Join) or inside Rules and Lists (Thread[inputs -> outputs]).  Such a list
        is evaluated (List's one rule drops Nothing, which the callers leave out; Rule has
        none) unless upvalues could rewrite it.  Loops and data preparation then give
        lists that are not walked again (``AppendTo[data, {x, y}]`` re-evaluated every
        pair each time)."""
        if not self.definitions.has_upvalues and all(map(self.is_fixed_point, parts)):
            self.mark_evaluated(result)

    def mark_evaluated_outside(self, result, symbols) -> None:
        """Record ``result`` as a fixed point after a binding of ``symbols`` ends (Block,
        Table's iterators) during which no other definition changed: it was evaluated
        under the same definitions but theirs, so unless it contains one of them it
        evaluates to itself outside too, and is not evaluated again there (a message
        would come twice; Table's list would be walked again).  ``result`` may be a List
        the binding built of fixed points (Table's): an element that a List's evaluation
        would still splice or drop, or upvalues that could rewrite it, keep it unmarked.
        The Wolfram Language decides the same way, by the symbols an expression contains
        (what Update is for)."""
        if type(result) is not Expr or type(result._args) is PackedArgs \
                or self.definitions.has_upvalues:
            return
        if result._head is _List:
            for a in result._args:
                if a is _NOTHING or type(a) is Expr and a._head in _LIST_CHANGING_HEADS:
                    return
        if symbols_in(result, set()).isdisjoint(symbols):
            self.mark_evaluated(result)

    def refresh_limits(self) -> None:
        """Re-read $RecursionLimit/$IterationLimit after an assignment to them."""
        for name, attr, floor in (("$RecursionLimit", "recursion_limit", 20),
                                  ("$IterationLimit", "iteration_limit", 20)):
            rec = self._records.get(Symbol(name))
            value = rec.own if rec is not None else None
            if type(value) is Integer and value.value >= floor:
                setattr(self, attr, value.value)
            elif value is S.Infinity:
                setattr(self, attr, 1 << 40)

    def message(self, sym, tag: str, *slots) -> None:
        """Issue ``sym::tag`` with the given slot values (expressions or strings)."""
        name = sym if isinstance(sym, str) else getattr(sym, "name", str(sym))
        ms = self.msg
        if ms.is_off(name, tag):
            return
        quiet = ms.quiet_level(name, tag) if ms.quiet_stack else None
        if ms.checks:
            ms.notify_checks(name, tag, quiet)
        if quiet is not None:
            return
        key = (name, tag)
        count = ms.counts.get(key, 0) + 1
        ms.counts[key] = count
        if count > 3:
            if count == 4 and not ms.is_off("General", "stop"):
                self._emit("General::stop: " + render(self.template("General", "stop"),
                                                      (f"{name}::{tag}",)))
            return
        template = self.template(name, tag)
        if template is None:                 # as the Wolfram Language shows it
            template = "-- Message text not found --" + "".join(
                f" (`{i}`)" for i in range(1, len(slots) + 1))
        text = render(template, slots)
        if tag == "optx":                    # the nearest valid option, when one is close
            text += option_hint(self, name, slots)
        self._emit(f"{name}::{tag}: " + text)

    def template(self, name: str, tag: str) -> str | None:
        """The text of name::tag: the user's, the builtin's, General's; None if none."""
        for owner in (name, "General"):
            rec = self._records.get(Symbol(owner))
            if rec is not None and tag in rec.messages:
                return rec.messages[tag]
        return GENERAL.get(tag)

    def _emit(self, text: str) -> None:
        ms = self.msg
        ms.issued += 1
        ms.log.append(text)
        try:
            self.message_sink(text)
        except Exception:
            pass

    # ------------------------------------------------------------------ top level

    def run(self, expr):
        """Evaluate a top-level input: in a worker thread with a large stack, with
        Abort/Throw/interrupts turned into results and messages."""
        self.msg.reset_counts()
        self.abort_requested = False
        activate_contexts(self.contexts)
        self._final.clear()
        self.name_checks.new_input(self, expr)
        try:
            return _run_in_worker(self, lambda: self._top(expr))
        finally:
            self._final.clear()

    def _top(self, expr):
        self.depth = 0
        try:
            # Floating-point overflow and invalid operations in numpy give Infinity and
            # Indeterminate, silently, as the Wolfram Language's machine arithmetic does;
            # builtins that have a message for them check their results themselves.
            with np.errstate(all="ignore"):
                return self.evaluate(expr)
        except AbortEvaluation:
            return S["$Aborted"]
        except ThrowException as t:
            thrown = Expr(S.Throw, t.value) if t.tag is None else Expr(S.Throw, t.value, t.tag)
            self.message(S.Throw, "nocatch", thrown)
            return Expr(_Hold, thrown)
        except BreakException:
            return Expr(_Hold, Expr(S.Break))
        except ContinueException:
            return Expr(_Hold, Expr(S.Continue))
        except GotoException as g:
            self.message(S.Goto, "nolabel", g.tag)
            return Expr(_Hold, Expr(S.Goto, g.tag))
        except RecursionError:
            self.message("$RecursionLimit", "reclim2", Integer(self.recursion_limit), expr)
            return S["$Aborted"]
        except QuitSession:
            raise
        except MemoryError:
            self.message(S.General, "nomem")
            return S["$Aborted"]
        except Exception as exc:
            if self.debug:
                raise
            self.message("General", "pyerr", "the evaluator", f"{type(exc).__name__}: {exc}")
            return S["$Failed"]
        finally:
            self.depth = 0

    def handles_aborts(self):
        """A context in which the running code watches ``abort_requested`` itself and
        stops cleanly (NetTrain finishes its batch and keeps the net): an abort is not
        forced into it however long a step takes."""
        ev = self

        class _Handling:
            def __enter__(self):
                ev.abort_handlers += 1

            def __exit__(self, *exc):
                ev.abort_handlers -= 1

        return _Handling()

    def check_abort(self) -> None:
        """Long-running builtins call this between steps."""
        if self.abort_requested:
            self.abort_requested = False
            raise AbortEvaluation()

    # ------------------------------------------------------------------ evaluation

    def evaluate(self, e):
        """Evaluate ``e`` to a fixed point."""
        t = type(e)
        if t is Symbol:
            rec = self._records.get(e)
            if rec is None or rec.own is None:
                if e is _QUIT or e is _EXIT:
                    # typed without brackets, Quit and Exit still end the session wherever
                    # they are evaluated (`Quit;`, `If[done, Quit]`), as in the Wolfram
                    # Language (in head position they are the functions Quit[n], Exit[n])
                    raise QuitSession(0)
                return e
            return self._own_value(rec)
        if t is not Expr or type(e._args) is PackedArgs:   # a packed array is evaluated
            return e
        # An expression this evaluator already found to be a fixed point, with no
        # definition changed since, is returned as it is (see _final).
        defs = self.definitions
        generation = defs.generation
        final = self._final
        if self._final_generation != generation:
            final.clear()
            self._final_generation = generation
        elif final.get(id(e)) is e:
            return e
        if self.abort_requested:
            self.check_abort()
        depth = self.depth + 1
        if depth > self.recursion_limit:
            return self._recursion_limit_reached(e)
        self.depth = depth
        try:
            iterations = 0
            user_rule = False
            step = self._step
            while True:
                step_generation = defs.generation
                new, status = step(e)
                if status == _DONE:
                    if user_rule and type(new) is Expr and new._head is _Return:
                        return new._args[0] if new._args else NULL
                    # a fixed point if no definition changed during the step that found
                    # it (earlier steps may have changed some: Module's fresh symbols)
                    if defs.generation == step_generation:
                        if self._final_generation != step_generation:
                            final.clear()
                            self._final_generation = step_generation
                        elif len(final) > _FINAL_CACHE_SIZE:
                            final.clear()
                        final[id(new)] = new
                    return new
                if status == _USER_RULE:
                    user_rule = True
                if type(new) is not Expr:
                    if type(new) is Symbol:
                        rec = self._records.get(new)
                        if rec is not None and rec.own is not None:
                            return self._own_value(rec)
                        if new is _QUIT or new is _EXIT:
                            raise QuitSession(0)      # a result that is bare Quit or Exit
                    return new
                if type(new._args) is PackedArgs:     # a builtin's packed result: evaluated
                    return new
                if final.get(id(new)) is new and defs.generation == self._final_generation:
                    # a rule gave something already evaluated
                    if user_rule and new._head is _Return:
                        return new._args[0] if new._args else NULL
                    return new
                iterations += 1
                if iterations >= self.iteration_limit:
                    return self._iteration_limit_reached(new)
                e = new
        finally:
            self.depth = depth - 1

    def _recursion_limit_reached(self, e):
        self.message("$RecursionLimit", "reclim2", Integer(self.recursion_limit), e)
        self.recursion_limit_hits += 1
        return Expr(_Hold, e)

    def _iteration_limit_reached(self, e):
        self.message("$IterationLimit", "itlim", Integer(self.iteration_limit))
        return Expr(_Hold, e)

    def _own_value(self, rec):
        value = rec.own
        syms = rec.own_symbols
        if syms is not None:
            records = self._records
            for s in syms:
                r = records.get(s)
                if r is not None and (r.own is not None or r.down or r.down_exact or r.up
                                      or r.sub):
                    break
            else:
                # an evaluated value that nothing can change: a fixed point, so evaluating
                # it again (``net[x]`` evaluates its head ``net``) returns it at once
                final = self._final
                generation = self.definitions.generation
                if self._final_generation != generation:
                    final.clear()
                    self._final_generation = generation
                final[id(value)] = value
                return value
        return self.evaluate(value)

    def _head_attributes(self, head):
        """The record and attributes that an evaluated head gives its expression: a
        symbol's own, a pure function's third argument, none otherwise."""
        if type(head) is Symbol:
            rec = self._records.get(head) or self.definitions.get(head)
            return rec, (rec.attrs if rec is not None else 0)
        if type(head) is Expr and head._head is _Function and len(head._args) == 3:
            return None, _function_attributes(head._args[2])
        return None, 0

    def _step(self, e):
        """One evaluation step: (result, status)."""
        head = e._head
        records = self._records
        if type(head) is Symbol:
            rec = records.get(head)
            if rec is None and head._name in DEFERRED:      # NetChain[…] loads the net builtins
                rec = self.definitions.load_deferred(head)
            new_head = head
            if rec is None:
                attrs = 0
            elif rec.own is None:
                attrs = rec.attrs
            elif self._tracer is None:
                value = self._own_value(rec)
                if value is not head:
                    return Expr.from_args(value, e._args), _REWRITTEN
                attrs = rec.attrs
            else:
                # a traced evaluation records the head's chain ({f, g} for f = g), then
                # the arguments' under the new head: {{f, g}, {1 + 1, 2}, g[2]}, as in WL
                new_head = self.evaluate(head)
                rec, attrs = self._head_attributes(new_head)
        else:
            new_head = self.evaluate(head)
            rec, attrs = self._head_attributes(new_head)

        args = e._args
        unevaluated = None
        changed = new_head is not head
        if not attrs & _HOLD_ALL_COMPLETE:
            if len(args) > _MANY_ARGS:
                # a long list of atoms (a list grown by Append, read from a file): the
                # types gathered at C speed, not tested one by one
                kinds = set(map(type, args))
                evaluable = Expr in kinds or Symbol in kinds
            else:
                evaluable = False
                for a in args:
                    ta = type(a)
                    if ta is Expr or ta is Symbol:
                        evaluable = True
                        break
            if evaluable:
                new_args, c, unevaluated = self._eval_args(args, attrs, new_head)
                changed = changed or c
            else:
                new_args = args
        else:
            new_args = args
        tracer = self._tracer
        if tracer is not None:                 # Trace runs: record the form (tracing.py)
            tracer.arguments_evaluated(e, new_head, new_args, changed)
        if attrs & _SPECIAL_ATTRS:
            if attrs & _FLAT:
                for a in new_args:
                    if type(a) is Expr and a._head is new_head:
                        new_args, changed = _flatten_head(new_head, new_args), True
                        break
            if attrs & _ORDERLESS and len(new_args) > 1:
                if len(new_args) == 2:
                    x, y = new_args
                    if type(x) is Integer and type(y) is Integer:
                        if x._value > y._value:
                            new_args, changed = (y, x), True
                    elif compare(x, y) > 0:
                        new_args, changed = (y, x), True
                else:
                    ordered = tuple(sort_canonical(new_args))
                    for x, y in zip(ordered, new_args):
                        if x is not y:
                            new_args, changed = ordered, True
                            break
            if attrs & _LISTABLE:
                for a in new_args:
                    if type(a) is Expr and a._head is _List:
                        if rec is not None and not rec.down and not rec.down_exact:
                            fast = VECTORISED.get(rec.symbol)    # packed arrays: numpy
                            if fast is not None:
                                r = fast(self, new_args)
                                if r is not None:
                                    return r, _DONE
                        if rec is not None and rec.symbol in self._upvalue_outers:
                            # an argument that handles this function itself (a SparseArray
                            # beside a list, as WL's Listable functions take sparse
                            # arrays whole) comes before threading over the lists
                            r = self._try_builtin_upvalues(rec.symbol, new_args)
                            if r is not None:
                                return r, _REWRITTEN
                        threaded = self._thread_listable(new_head, new_args)
                        if threaded is not None:
                            return threaded, _REWRITTEN
                        # lists of unequal lengths: the message is out, no rule applies
                        return (Expr.from_args(new_head, new_args) if changed else e), _DONE
                for a in new_args:        # 2 <|a -> 1|> is <|a -> 2|>: over the values
                    if type(a) is Expr and a._head is _Association:
                        threaded = self._thread_over_associations(new_head, new_args)
                        if threaded is not None:
                            return threaded, _REWRITTEN
                        break
        cur = Expr.from_args(new_head, new_args) if changed else e
        if tracer is not None:
            tracer.attributes_applied(cur, new_args)

        if type(new_head) is Symbol:
            if self.definitions.has_upvalues:
                r = self._try_upvalues(cur, new_args)
                if r is not None:
                    return r, _USER_RULE
            if rec is not None:
                if rec.down_exact:
                    rule = rec.down_exact.get(cur)
                    if rule is not None:
                        return rule.rhs, _USER_RULE
                if rec.down:
                    r = self._try_rules(rec.down, cur, new_head)
                    if r is not None:
                        return r, _USER_RULE
                func = rec.func
                if func is not None:
                    if rec.symbol in self._upvalue_outers:
                        r = self._try_builtin_upvalues(rec.symbol, new_args)
                        if r is not None and r is not cur:
                            return r, _REWRITTEN
                    spec = rec.spec
                    argc = spec.argc
                    n = len(new_args)
                    if argc is not None and not (
                            argc[0] <= n and (argc[1] is None or n <= argc[1])
                            or _argc_ok(spec, new_args)):
                        self._argc_message(rec.symbol, spec, new_args)
                    else:
                        try:
                            r = func(self, *new_args)
                        except WLControl:
                            raise
                        except RecursionError:
                            raise
                        except Exception as exc:
                            r = self._builtin_failed(rec.symbol, exc)
                        if r is not None and r is not cur:
                            return r, _REWRITTEN
        elif type(new_head) is Expr:
            r, status = self._apply_compound_head(new_head, new_args, cur)
            if r is not None:
                return r, status
        if rec is None and type(new_head) is Symbol and new_head._name in self._system_names:
            self.name_checks.unevaluated_head(self, new_head)     # Plot::wlnetna, once
        if unevaluated is not None:            # nothing applied: keep the wrappers
            return Expr.from_args(new_head, unevaluated), _DONE
        return cur, _DONE

    def _builtin_failed(self, sym, exc):
        """An unexpected Python exception in a builtin: a message, the call unevaluated.
        Running out of memory is General::nomem and aborts the whole evaluation ($Aborted),
        as the Wolfram Language does: what was half built cannot be trusted."""
        if _out_of_memory(exc):
            self.message(S.General, "nomem")
            raise AbortEvaluation()
        if self.debug:
            raise exc
        self.message(sym, "pyerr", sym.name, f"{type(exc).__name__}: {exc}")
        return None

    def _eval_args(self, args, attrs, head=None):
        """Evaluate the arguments that are not held; splice Sequence (and Splice[list] into
        a List, Splice[list, h] into h[…]); strip Unevaluated.
        Returns (args, changed, args-with-Unevaluated-kept or None)."""
        hold_first = attrs & _HOLD_FIRST
        hold_rest = attrs & _HOLD_REST
        evaluate = self.evaluate
        out = None
        special = False
        i = -1
        for a in args:
            i += 1
            ta = type(a)
            if ta is not Expr and ta is not Symbol:
                if out is not None:
                    out.append(a)
                continue
            if hold_first if i == 0 else hold_rest:
                na = a
                if ta is Expr:
                    h = a._head
                    if h is _Evaluate:
                        na = evaluate(a._args[0]) if len(a._args) == 1 else \
                            Expr.from_args(_Sequence, [evaluate(x) for x in a._args])
                        special = special or (type(na) is Expr and na._head in _SPLICE_HEADS)
                    elif h is _Sequence or h is _Unevaluated:
                        special = True
            else:
                na = evaluate(a)
                if type(na) is Expr and (na._head is _Sequence or na._head is _Unevaluated
                                         or na._head is _Splice):
                    special = True
            if out is None:
                if na is a:
                    continue
                out = list(args[:i])
            out.append(na)
        if not special:
            return (args, False, None) if out is None else (tuple(out), True, None)
        if out is None:
            out = args
        # Sequence splicing and Unevaluated stripping
        spliced = []
        kept = []
        has_unevaluated = False
        splice = not attrs & _SEQUENCE_HOLD
        for a in out:
            if type(a) is Expr:
                h = a._head
                if h is _Sequence and splice:
                    spliced.extend(a._args)
                    kept.extend(a._args)
                    continue
                if h is _Splice and _splices_into(a, head):
                    spliced.extend(a._args[0]._args)
                    kept.extend(a._args[0]._args)
                    continue
                if h is _Unevaluated and len(a._args) == 1:
                    spliced.append(a._args[0])
                    kept.append(a)
                    has_unevaluated = True
                    continue
            spliced.append(a)
            kept.append(a)
        return tuple(spliced), True, (tuple(kept) if has_unevaluated else None)

    def _thread_listable(self, head, args):
        length = None
        for a in args:
            if type(a) is Expr and a._head is _List:
                n = len(a._args)
                if length is None:
                    length = n
                elif n != length:
                    self.message(S.Thread, "tdlen", Expr.from_args(head, args))
                    return None
        if length is None:
            return None
        rows = []
        for i in range(length):
            rows.append(Expr.from_args(head, [a._args[i] if type(a) is Expr and a._head is _List
                                              else a for a in args]))
        return Expr.from_args(_List, rows)

    def _thread_over_associations(self, head, args):
        """A Listable function of associations (and other arguments) as the association of
        its values, key by key; the associations must have the same keys."""
        keys, tables = None, []
        for a in args:
            if type(a) is not Expr or a._head is not _Association:
                continue
            rules = [r for r in a._args if type(r) is Expr and len(r._args) == 2]
            table = {r._args[0]: r._args[1] for r in rules}
            if keys is None:
                keys = [r._args[0] for r in rules]
            elif set(table) != set(keys):
                self.message(S.Thread, "tdlen", Expr.from_args(head, args))
                return None
            tables.append(table)
        if keys is None:
            return None
        rows = []
        for k in keys:
            it = iter(tables)
            values = [next(it)[k] if type(a) is Expr and a._head is _Association else a
                      for a in args]
            rows.append(Expr(S.Rule, k, Expr.from_args(head, values)))
        return Expr.from_args(_Association, rows)

    def _try_builtin_upvalues(self, outer, args):
        """What another module declared for ``outer[…, h[…], …]`` through
        ``registry.builtin_upvalue`` (Part of a NetChain, Normal of a NumericArray):
        tried before ``outer``'s own function, as upvalues are."""
        handlers = self._upvalue_outers[outer]
        atom_heads = _ATOM_HEADS
        for a in args:
            t = type(a)
            if t is Expr:
                head = a._head
            else:
                head = atom_heads.get(t, _UNKNOWN)
                if head is _UNKNOWN:            # an atom's head is its class's (Image…)
                    head = atom_heads[t] = getattr(t, "head", None)
            handler = handlers.get(head) if type(head) is Symbol else None
            if handler is not None:
                r = self._call_guarded(outer, handler, args)
                if r is not None:
                    return r
        return None

    def _try_upvalues(self, cur, args):
        records = self._records
        seen = set()
        for a in args:
            sym = _root_symbol(a)
            if sym is None or sym in seen:
                continue
            seen.add(sym)
            rec = records.get(sym)
            if rec is not None and rec.up:
                r = self._try_rules(rec.up, cur, sym)
                if r is not None:
                    return r
        return None

    def _try_rules(self, rules, e, owner):
        """The rhs (substituted) of the first stored rule matching ``e``, or None."""
        simple_ok = None
        for rule in rules:
            rhs = rule.rhs
            conditional = rule.delayed and type(rhs) is Expr and rhs._head in _CONDITIONAL_HEADS \
                and rhs_condition(rhs, True) is not None
            fast = rule.fast
            if fast is None:
                fast = rule.fast = compile_simple(rule.lhs) or False
            if fast is not False:
                if simple_ok is None:
                    simple_ok = not self.definitions.attributes(e._head) & (_FLAT | _ORDERLESS) \
                        if type(e._head) is Symbol else True
                if simple_ok:
                    b = fast(e)
                    if b is None:
                        continue
                    if not conditional:
                        return substitute(rhs, b)
                    r = conditional_result(self, substitute(rhs, b))
                    if r is not None:
                        return r
                    continue
            for b in match_iter(self, rule.lhs, e):
                if _has_options_pattern(rule.lhs):
                    b = dict(b)
                    passed = b.pop(OPTIONS_KEY, ())
                    rhs_used = _bind_option_values(rhs, owner,
                                                   passed + _options_pattern_defaults(rule.lhs))
                else:
                    rhs_used = rhs
                if conditional:
                    r = conditional_result(self, substitute(rhs_used, b))
                    if r is not None:
                        return r
                    continue
                return substitute(rhs_used, b)
        return None

    def _argc_message(self, sym, spec, args) -> None:
        tag, counts = argcount_tag(_positional_count(spec, args), *spec.argc)
        self.message(sym, tag, sym, *(Integer(c) for c in counts))

    def _apply_compound_head(self, head, args, cur):
        """``g[…][args]``: pure functions, sub values, registered subvalue handlers."""
        hh = head._head
        if hh is _Function:
            r = self.apply_function(head, args)
            return (r, _REWRITTEN) if r is not None else (None, _DONE)
        root = _root_symbol(head)
        if root is not None:
            rec = self._records.get(root)
            if rec is not None and rec.sub:
                r = self._try_rules(rec.sub, cur, root)
                if r is not None:
                    return r, _USER_RULE
        if type(hh) is Symbol:
            handler = SUBVALUE_HANDLERS.get(hh.name)
        elif type(hh) is Expr and type(hh._head) is Symbol:     # g[…][…][args]
            handler = SUBVALUE_HANDLERS.get((hh._head.name, 2))
        else:
            handler = None
        if handler is not None:
            try:
                r = handler(self, head, *args)
            except WLControl:
                raise
            except RecursionError:
                raise
            except Exception as exc:
                r = self._builtin_failed(_root_symbol(hh), exc)
            if r is not None and r is not cur:
                return r, _REWRITTEN
        return None, _DONE

    # ------------------------------------------------------------------ functions

    def apply_function(self, f, args):
        """The body of the pure function ``f`` with its parameters or slots filled by
        ``args`` (not yet evaluated); None (after a message) when it cannot be applied."""
        fargs = f._args
        if len(fargs) == 1:
            return self._fill_slots(fargs[0], args, f)
        if not fargs:
            return None
        params, body = fargs[0], fargs[1]
        if params is NULL:
            return self._fill_slots(body, args, f)
        if type(params) is Symbol:
            names = (params,)
        elif type(params) is Expr and params._head is _List:
            names = params._args
        else:
            return None
        if len(names) > len(args):
            self.message(_Function, "fpct", f, Integer(len(args)))
            return None
        return substitute_scoped(body, dict(zip(names, args)))

    def _fill_slots(self, body, args, f):
        """The body with its slots filled by ``args``.  Only the paths that lead to slots
        are rebuilt: the body's plan (where its slots are, outside inner functions) is
        made once per body and kept, so a pure function mapped over a long list walks
        none of its constant parts again."""
        cached = self._slot_plans.get(id(body))
        if cached is None or cached[0] is not body:
            if len(self._slot_plans) > _SLOT_PLAN_CACHE_SIZE:
                self._slot_plans.clear()
            cached = self._slot_plans[id(body)] = (body, _slot_plan(body))
        plan = cached[1]
        if plan is None:
            return body

        def build(e, plan):
            if plan is _SLOT:
                return self._slot_value(e, args, f)
            if plan is _SLOT_SEQUENCE:
                return Expr.from_args(_Sequence, args[_sequence_start(e):])
            head_plan, arg_plans = plan
            h = e._head if head_plan is None else build(e._head, head_plan)
            out = []
            for a, p in zip(e._args, arg_plans):
                if p is None:
                    out.append(a)
                elif p is _SLOT_SEQUENCE:          # ## spliced into the call
                    out.extend(args[_sequence_start(a):])
                else:
                    out.append(build(a, p))
            return Expr.from_args(h, out)

        return build(body, plan)

    def _slot_value(self, slot, args, f):
        spec = slot._args[0] if slot._args else Integer(1)
        if type(spec) is Integer:
            n = spec.value
            if n == 0:
                return f
            if 1 <= n <= len(args):
                return args[n - 1]
            self.message(S.Function, "slotn", Integer(n), f, Integer(len(args)))
            return slot
        if type(spec) is String:
            if args:
                assoc = args[0]
                if type(assoc) is Expr and assoc._head is S.Association:
                    for r in assoc._args:
                        if _is_rule(r) and r._args[0] == spec:
                            return r._args[1]
                return Expr(S.Missing, String("KeyAbsent"), spec)
            self.message(S.Function, "slotn", spec, f, Integer(0))
            return slot
        self.message(S.Function, "slot", spec, f)
        return slot


# ---------------------------------------------------------------------- helpers

_SLOT, _SLOT_SEQUENCE = "slot", "slot sequence"      # the leaves of a slot plan
_SLOT_PLAN_CACHE_SIZE = 4096


def _slot_plan(e):
    """Where the slots of a pure function's body are: None for a part with none (outside
    inner functions, whose slots are their own), _SLOT / _SLOT_SEQUENCE for a slot, else
    (the head's plan, the arguments' plans)."""
    if type(e) is not Expr:
        return None
    h = e._head
    if h is _Slot:
        return _SLOT
    if h is _SlotSequence:
        return _SLOT_SEQUENCE
    if h is _Function and (len(e._args) == 1 or e._args[0] is NULL):
        # an inner slot function has its own slots; one with named parameters takes none:
        # (Function[{x}, x + #] &)[5] is Function[{x}, x + 5]
        return None
    head_plan = _slot_plan(h)
    if type(e._args) is PackedArgs:              # numbers only
        return None if head_plan is None else (head_plan, (None,) * len(e._args))
    arg_plans = tuple(_slot_plan(a) for a in e._args)
    if head_plan is None and all(p is None for p in arg_plans):
        return None
    return head_plan, arg_plans


def _sequence_start(slot_sequence) -> int:
    """Where ##n starts among the arguments (0-based)."""
    spec = slot_sequence._args
    return (spec[0].value if spec and type(spec[0]) is Integer else 1) - 1


_SPLICE_HEADS = frozenset((_Sequence, _Unevaluated))
_Splice = S.Splice


def _splices_into(e, head) -> bool:
    """Whether Splice[list] (Splice[list, h]) is spliced into head[…]: into a List, or into
    the heads matching h (All: any head)."""
    if not e._args or type(e._args[0]) is not Expr or e._args[0]._head is not _List:
        return False
    if len(e._args) == 1:
        return head is _List
    if len(e._args) == 2:
        target = e._args[1]
        return target is S.All or target == head
    return False


def _is_rule(e) -> bool:
    return type(e) is Expr and (e._head is _Rule or e._head is _RuleDelayed) and len(e._args) == 2


def _flatten_head(head, args):
    out = []
    for a in args:
        if type(a) is Expr and a._head is head:
            out.extend(_flatten_head(head, a._args))
        else:
            out.append(a)
    return tuple(out)


def _positional_count(spec, args) -> int:
    n = len(args)
    if spec.options:
        while n > 0 and _is_rule(args[n - 1]):
            n -= 1
    return n


def _argc_ok(spec, args) -> bool:
    lo, hi = spec.argc
    n = len(args)
    if lo <= n and (hi is None or n <= hi):
        return True
    n = _positional_count(spec, args)
    return lo <= n and (hi is None or n <= hi)


def _root_symbol(e):
    """The symbol at the root of ``e``'s heads (``f`` for ``f[1][2]``), or ``e`` itself."""
    while type(e) is Expr:
        e = e._head
    return e if type(e) is Symbol else None


def _function_attributes(spec) -> int:
    names = [spec] if type(spec) is Symbol else (spec.args if type(spec) is Expr else ())
    flags = 0
    for n in names:
        if type(n) is Symbol:
            flags |= A.flag_of(n.name) or 0
    return flags


_options_pattern_cache: dict = {}


def _has_options_pattern(lhs) -> bool:
    hit = _options_pattern_cache.get(lhs)
    if hit is None:
        hit = _contains_head(lhs, S.OptionsPattern)
        if len(_options_pattern_cache) > 10000:
            _options_pattern_cache.clear()
        _options_pattern_cache[lhs] = hit
    return hit


def _options_pattern_defaults(lhs) -> tuple:
    """The default rules written in ``OptionsPattern[{a -> 1, …}]`` inside ``lhs``."""
    out = []

    def walk(e):
        if type(e) is not Expr:
            return
        if e._head is S.OptionsPattern and e._args:
            spec = e._args[0]
            out.extend(spec._args if type(spec) is Expr and spec._head is _List else (spec,))
            return
        walk(e._head)
        for a in e._args:
            walk(a)

    walk(lhs)
    return tuple(out)


def _contains_head(e, head) -> bool:
    if type(e) is not Expr:
        return False
    if e._head is head:
        return True
    return _contains_head(e._head, head) or any(_contains_head(a, head) for a in e._args)


def _bind_option_values(rhs, owner, opts):
    """``OptionValue[name]`` in a definition's rhs becomes
    ``OptionValue[owner, {passed options…}, name]`` (as the Wolfram Language does)."""
    passed = Expr.from_args(_List, opts)

    def walk(e):
        if type(e) is not Expr:
            return e
        if e._head is _OptionValue and len(e._args) == 1:
            return Expr(_OptionValue, owner, passed, e._args[0])
        new_args = tuple(walk(a) for a in e._args)
        nh = walk(e._head)
        if nh is e._head and all(x is y for x, y in zip(new_args, e._args)):
            return e
        return Expr.from_args(nh, new_args)

    return walk(rhs)


# numpy declines an allocation larger than the address space with a ValueError, before
# trying it (np.zeros((10**12, 10**12))): that is running out of memory too.
_TOO_BIG = ("array is too big", "maximum supported dimension", "Maximum allowed dimension",
            "Maximum allowed size exceeded")


def _out_of_memory(exc: BaseException) -> bool:
    return isinstance(exc, MemoryError) or (
        type(exc) is ValueError and str(exc).startswith(_TOO_BIG))


_MANY_ARGS = 24       # from this many arguments, their types are gathered at once


def _run_in_worker(ev, fn):
    """Run ``fn`` on an evaluation thread (large stack); an interrupt of the waiting thread
    asks the evaluation to abort.

    Sessions are independent (each has its definitions, messages, random state): each
    evaluation takes a worker of its own from a pool, so two sessions in two threads
    evaluate at the same time (one session still evaluates one input at a time).  Shared
    things are thread-safe: the builtin registry is read-only once loaded, caches are dicts
    (single operations are atomic), kernels are pure functions over their own arrays."""
    if getattr(_tls, "in_worker", False):
        return fn()
    with ev.run_lock:                         # one evaluation at a time per session
        worker = _Worker.acquire()
        try:
            with _raised_recursion_limit():
                return worker.run(ev, fn)
        finally:
            worker.release()


_ABANDON_SECONDS = 10.0
# An abort not taken up by the evaluation within this long (a builtin in a Python loop that
# never checks) is forced: AbortEvaluation is raised in the worker between two bytecodes.
_FORCE_ABORT_SECONDS = 0.5
_recursion_lock = threading.Lock()
_recursion_users = 0
_recursion_saved = 0


class _raised_recursion_limit:
    """The recursion limit is process-wide: it is raised while any evaluation runs (the
    calling threads just wait meanwhile) and restored when the last one ends, so that code
    on an ordinary 8 MB stack keeps the usual guard otherwise."""

    def __enter__(self):
        global _recursion_users, _recursion_saved
        with _recursion_lock:
            if _recursion_users == 0:
                _recursion_saved = sys.getrecursionlimit()
                sys.setrecursionlimit(max(_recursion_saved, _PY_RECURSION_LIMIT))
            _recursion_users += 1

    def __exit__(self, *exc):
        global _recursion_users
        with _recursion_lock:
            _recursion_users -= 1
            if _recursion_users == 0:
                sys.setrecursionlimit(_recursion_saved)


class _Worker:
    """A long-lived evaluation thread with a large stack (starting one for every input cost
    more than a small evaluation itself).  Idle workers wait in a pool."""

    _idle: list = []
    _pool_lock = threading.Lock()

    def __init__(self):
        import queue
        self.jobs = queue.SimpleQueue()
        self.ident = None
        self.busy_lock = threading.Lock()     # held while a job may still receive a forced abort
        self.busy = False
        started = threading.Event()

        def serve():
            _tls.in_worker = True
            self.ident = threading.get_ident()
            started.set()
            while True:
                done = None
                try:
                    job, done = self.jobs.get()
                    job()
                except BaseException:         # a forced abort landing after the job's end
                    pass
                finally:
                    if done is not None:
                        done.set()

        old = threading.stack_size()
        threading.stack_size(_WORKER_STACK)
        try:
            threading.Thread(target=serve, name="wlnet-eval", daemon=True).start()
        finally:
            threading.stack_size(old)
        started.wait()

    @classmethod
    def acquire(cls) -> "_Worker":
        with cls._pool_lock:
            if cls._idle:
                return cls._idle.pop()
        return cls()

    def release(self) -> None:
        with self._pool_lock:
            self._idle.append(self)

    def run(self, ev, fn):
        box = {}
        done = threading.Event()

        def job():
            try:
                box["result"] = fn()
            except BaseException as exc:      # re-raised in the calling thread
                box["error"] = exc
            finally:
                with self.busy_lock:
                    self.busy = False

        self.busy = True
        self.jobs.put((job, done))
        asked_at = None
        # Wait on an Event, not a join: an interrupted wait simply waits again.
        while True:
            try:
                if done.wait(0.05):
                    break
                asked_at = self._force_if_ignored(ev, asked_at)
            except KeyboardInterrupt:
                ev.abort_requested = True
            except BaseException:
                # anything else raised in the waiting thread (a timeout's exception,
                # SystemExit): the evaluation must not run on unseen and hold the worker
                # from later evaluations: abort it, let it stop, re-raise
                ev.abort_requested = True
                done.wait(_ABANDON_SECONDS)
                raise
        if "error" in box:
            raise box["error"]
        if "result" not in box:               # the forced abort ended the job itself
            return S["$Aborted"]
        return box["result"]

    def _force_if_ignored(self, ev, asked_at):
        """When an abort has been asked for and not taken up for a while, raise
        AbortEvaluation in the worker (a Python loop without abort checks stops at its
        next bytecode; C code at its return).  Returns when the abort was first seen."""
        import time
        if not ev.abort_requested or ev.abort_handlers:
            return None
        now = time.monotonic()
        if asked_at is None:
            return now
        if now - asked_at >= _FORCE_ABORT_SECONDS:
            import ctypes
            with self.busy_lock:
                if self.busy:
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(
                        ctypes.c_ulong(self.ident), ctypes.py_object(AbortEvaluation))
            return now                        # again later if this one is swallowed too
        return asked_at


_QUIT, _EXIT = Symbol("Quit"), Symbol("Exit")
