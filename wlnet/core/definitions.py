"""The session's symbol table: attributes, own/down/sub/up values, options, messages.

One ``Record`` per symbol that has anything attached to it.  Down values whose left side
holds no pattern (``f[1] = 5``, memo tables) live in a dict for constant-time lookup;
the others are a list kept in specificity order (``pattern.specificity``): more specific
definitions first, equally specific ones in the order they were made, a definition with
the same left side replacing the old one.

The builtins registered in ``wlnet.core.registry`` are installed when the table is made;
a deferred builtin (``registry.defer``) is loaded and installed on the first look-up of
its name (``get``, ``record``, ``attributes``, and the evaluator's own look-ups through
``load_deferred``).
"""

from __future__ import annotations

from contextlib import contextmanager

from wlnet.core import attributes as A
from wlnet.core.packed import PackedArgs
from wlnet.core.expr import Expr, Symbol, String
from wlnet.core.registry import BUILTINS, DEFERRED

__all__ = ["Rule", "Record", "Definitions", "symbols_in"]


class Rule:
    """A stored definition ``lhs -> rhs``; ``delayed`` for ``:=``."""

    __slots__ = ("lhs", "rhs", "delayed", "key", "fast")

    def __init__(self, lhs, rhs, delayed: bool, key=()):
        self.lhs = lhs
        self.rhs = rhs
        self.delayed = delayed
        self.key = key
        self.fast = None           # compiled matcher (pattern.compile_simple), False if none

    def __repr__(self):
        return f"Rule({self.lhs!r}, {self.rhs!r}, delayed={self.delayed})"


class Record:
    """Everything attached to one symbol."""

    __slots__ = ("symbol", "attrs", "own", "own_delayed", "own_symbols", "down_exact", "down",
                 "sub", "up", "options", "messages", "defaults", "formats", "func", "spec")

    def __init__(self, symbol: Symbol):
        self.symbol = symbol
        self.attrs = 0
        self.own = None            # the own value (an expression) or None
        self.own_delayed = False
        self.own_symbols = None    # symbols of an immediate own value (see Evaluator)
        self.down_exact: dict = {}  # lhs expression -> Rule, for lhs without patterns
        self.down: list[Rule] = []
        self.sub: list[Rule] = []
        self.up: list[Rule] = []
        self.options: list = []    # Rule expressions, as Options[f] returns them
        self.messages: dict[str, str] = {}   # tag -> template
        self.defaults: dict = {}   # position (0 = any) -> default value for x_.
        # Format[…] := … rules about this symbol, in definition order (their kind is
        # wlnet.builtins.format_values'); Clear and ClearAll remove them with the values
        self.formats: list = []
        self.func = None           # the builtin's Python function, if any
        self.spec = None           # its BuiltinSpec

    def has_values(self) -> bool:
        return bool(self.own is not None or self.down_exact or self.down or self.sub
                    or self.up)

    def clear_values(self) -> None:
        self.own = None
        self.own_delayed = False
        self.own_symbols = None
        self.down_exact = {}
        self.down = []
        self.sub = []
        self.up = []


def symbols_in(e, acc: set) -> set:
    """All symbols occurring in ``e`` (heads included).  A part shared by several parents
    (``Nest[{#, #} &, x, 40]`` is 40 objects standing for 2^40 leaves) is walked once."""
    stack = [e]
    seen = set()
    pop, push = stack.pop, stack.append
    while stack:
        x = pop()
        t = type(x)
        if t is Symbol:
            acc.add(x)
        elif t is Expr:
            push(x.head)
            if type(x._args) is PackedArgs:       # numbers only: List is its one symbol
                continue
            for a in x.args:
                ta = type(a)
                if ta is Symbol:
                    acc.add(a)
                elif ta is Expr and id(a) not in seen:
                    seen.add(id(a))           # e keeps a alive: the id stays its own
                    push(a)
    return acc


_GROWN_AT_LEAST = 32


def _grown_symbols(previous, previous_symbols, value):
    """The symbols of ``value`` when it is the previous value of the same symbol with
    parts added at its end or front (``AppendTo[list, x]``, ``list = Append[list, x]``,
    ``PrependTo``): the previous symbols and those of the new parts, without walking the
    whole value again (a loop that grows a list would otherwise take time quadratic in its
    length).  None when it is not such a value."""
    if type(previous) is not Expr or previous_symbols is None \
            or value._head is not previous._head:
        return None
    old, new = previous._args, value._args
    if type(old) is not tuple or type(new) is not tuple or len(old) < _GROWN_AT_LEAST \
            or len(new) <= len(old):
        return None
    n, extra = len(old), len(new) - len(old)
    # tuple equality compares the shared elements by identity first: a C-speed check
    if new[:n] == old:
        added = new[n:]
    elif new[extra:] == old:
        added = new[:extra]
    else:
        return None
    return _with_symbols_of(previous_symbols, added)


def _changed_symbols(previous, previous_symbols, value, changed_from):
    """The symbols of ``value`` when it is ``previous`` with one part put in it
    (``changed_from = (previous, part)``): the previous symbols and the part's, a superset
    at worst; None when it is not such a value."""
    if changed_from is None or previous_symbols is None or changed_from[0] is not previous:
        return None
    return _with_symbols_of(previous_symbols, (changed_from[1], value._head))


def _with_symbols_of(symbols, parts) -> tuple:
    """``symbols`` and those in ``parts``."""
    out = set(symbols)
    for part in parts:
        symbols_in(part, out)
    return tuple(out)


class Definitions:
    """The symbol table of one session, filled with the registered builtins."""

    def __init__(self):
        self.records: dict[Symbol, Record] = {}
        self.has_upvalues = False
        # Bumped by every change to a definition (values, attributes…); the evaluator's
        # cache of fixed points is valid for one generation.  Code that changes a Record
        # directly calls touch().
        self.generation = 0
        # The changes to symbols that no binding in progress localises (see binding):
        # a Block or Table whose body made none of them hands back a result that only its
        # own variables could have made differ outside it.
        self.foreign_changes = 0
        self._bound: dict[Symbol, int] = {}   # symbol -> bindings in progress localising it
        self._installed: set[str] = set()      # the builtins installed in this table
        for name, attrs in A.CORE_ATTRIBUTES.items():
            self._new_record(Symbol(name)).attrs |= A.flags_of(attrs)
        # A deferred group partly registered already (one of its modules imported on its
        # own) is completed now: its installed names would never miss and load the rest.
        for loader in {DEFERRED[name] for name in DEFERRED if name in BUILTINS}:
            loader()
        self._install_builtins()

    def _install_builtins(self) -> None:
        """Install every registered builtin not installed yet."""
        installed = self._installed
        for name, spec in list(BUILTINS.items()):
            if name not in installed:
                installed.add(name)
                self._install(spec)

    def _install(self, spec) -> None:
        rec = self.records.get(Symbol(spec.name)) or self._new_record(Symbol(spec.name))
        rec.attrs |= A.flags_of(spec.attributes) | (0 if spec.settable else A.PROTECTED)
        rec.func = spec.func
        rec.spec = spec
        if spec.usage:
            rec.messages.setdefault("usage", spec.usage)
        for tag, text in spec.messages.items():
            rec.messages.setdefault(tag, text)
        if spec.options:
            rec.options = [Expr(Symbol("Rule"), _option_key(k), v)
                           for k, v in spec.options.items()]
        if spec.value is not None:          # I -> Complex[0, 1], Infinity -> …, Now :> …
            self.set_own(rec.symbol, spec.value, spec.delayed, evaluated=not spec.delayed)

    def load_deferred(self, sym) -> Record | None:
        """The record of ``sym`` when it names a deferred builtin, after loading and
        installing it (with every builtin its loader registers); None for other symbols."""
        loader = DEFERRED.get(getattr(sym, "name", None))
        if loader is None:
            return None
        loader()
        self._install_builtins()
        self.touch()
        return self.records.get(sym)

    def touch(self, sym=None) -> None:
        """Record a change to a definition: of ``sym``, or of something unnamed."""
        self.generation += 1
        if sym is None or sym not in self._bound:
            self.foreign_changes += 1

    @contextmanager
    def binding(self, symbols):
        """While this context lasts, changes to ``symbols`` are a binding's own (Block,
        Table's iterator): they are restored when it ends, so they are not counted in
        ``foreign_changes``.  Yields the count of foreign changes when it started."""
        bound = self._bound
        for s in symbols:
            bound[s] = bound.get(s, 0) + 1
        try:
            yield self.foreign_changes
        finally:
            for s in symbols:
                n = bound[s] - 1
                if n:
                    bound[s] = n
                else:
                    del bound[s]

    def _new_record(self, sym: Symbol) -> Record:
        rec = self.records[sym] = Record(sym)
        return rec

    def record(self, sym: Symbol) -> Record:
        rec = self.records.get(sym)
        if rec is None:
            rec = self.load_deferred(sym) or self._new_record(sym)
        return rec

    def get(self, sym: Symbol) -> Record | None:
        rec = self.records.get(sym)
        if rec is None and getattr(sym, "name", None) in DEFERRED:
            rec = self.load_deferred(sym)
        return rec

    def attributes(self, sym) -> int:
        rec = self.records.get(sym)
        if rec is None and getattr(sym, "name", None) in DEFERRED:
            rec = self.load_deferred(sym)
        return rec.attrs if rec is not None else 0

    # -- values

    def set_own(self, sym: Symbol, value, delayed: bool, evaluated: bool = False,
                changed_from=None) -> None:
        """Give ``sym`` the own value ``value``.  ``changed_from=(old, part)`` says that
        the value is the previous one, ``old``, with ``part`` put somewhere in it (a part
        assignment): its symbols are then the previous ones and ``part``'s (a superset
        at worst, which costs only a needless re-evaluation), not found by walking it."""
        self.touch(sym)
        rec = self.record(sym)
        previous, previous_symbols = rec.own, rec.own_symbols
        rec.own = value
        rec.own_delayed = delayed
        if evaluated and not delayed:
            t = type(value)
            if t is Expr:
                known = _changed_symbols(previous, previous_symbols, value, changed_from)
                if known is None:
                    known = _grown_symbols(previous, previous_symbols, value)
                rec.own_symbols = known if known is not None else \
                    tuple(symbols_in(value, set()))
            elif t is Symbol:
                rec.own_symbols = (value,)
            else:
                rec.own_symbols = ()
        else:
            rec.own_symbols = None

    def add_rule(self, rules: list, lhs, rhs, delayed: bool) -> None:
        """Insert into a list of rules in specificity order, replacing an equal lhs (the
        caller records the change: it knows whose rules they are)."""
        from wlnet.core.pattern import rhs_condition, specificity
        # a test in the rhs (also inside Module/With/Block) is part of a definition's identity
        condition = rhs_condition(rhs, delayed)
        for i, r in enumerate(rules):
            if r.lhs == lhs and rhs_condition(r.rhs, r.delayed) == condition:
                rules[i] = Rule(lhs, rhs, delayed, r.key)
                return
        key = specificity(lhs)
        if condition is not None and key:   # lhs := rhs /; test goes before plain lhs := …
            key = key[:-1] + (key[-1] - 0.5,)
        pos = len(rules)
        for i, r in enumerate(rules):
            if key < r.key:
                pos = i
                break
        rules.insert(pos, Rule(lhs, rhs, delayed, key))

    def add_down(self, sym: Symbol, lhs, rhs, delayed: bool) -> None:
        from wlnet.core.pattern import is_free_of_patterns
        rec = self.record(sym)
        self.touch(sym)
        if is_free_of_patterns(lhs):
            rec.down_exact[lhs] = Rule(lhs, rhs, delayed)
        else:
            self.add_rule(rec.down, lhs, rhs, delayed)

    def add_sub(self, sym: Symbol, lhs, rhs, delayed: bool) -> None:
        self.touch(sym)
        self.add_rule(self.record(sym).sub, lhs, rhs, delayed)

    def add_up(self, sym: Symbol, lhs, rhs, delayed: bool) -> None:
        self.touch(sym)
        self.add_rule(self.record(sym).up, lhs, rhs, delayed)
        self.has_upvalues = True

    def replace_rules(self, sym: Symbol, kind: str, rules: list) -> None:
        """``DownValues[f] = {…}`` (``kind`` "down", "sub" or "up"): ``sym``'s rules of
        that kind become ``rules`` ((lhs, rhs, delayed) triples), tried in the order given
        (WL keeps an assigned order: it is how definitions are reordered); rules defined
        later are still placed by specificity."""
        from wlnet.core.pattern import is_free_of_patterns, specificity
        self.touch()
        rec = self.record(sym)
        stored = [Rule(lhs, rhs, delayed, specificity(lhs)) for lhs, rhs, delayed in rules]
        if kind == "down":
            rec.down_exact = {r.lhs: r for r in stored if is_free_of_patterns(r.lhs)}
            rec.down = [r for r in stored if r.lhs not in rec.down_exact]
        elif kind == "sub":
            rec.sub = stored
        else:
            rec.up = stored
            self.has_upvalues = self.has_upvalues or bool(stored)

    def remove_rule(self, sym: Symbol, lhs) -> bool:
        """Unset: drop the definition whose lhs is ``lhs``; False when there is none."""
        self.touch(sym)
        rec = self.records.get(sym)
        if rec is None:
            return False
        if lhs in rec.down_exact:
            del rec.down_exact[lhs]
            return True
        for rules in (rec.down, rec.sub, rec.up):
            for i, r in enumerate(rules):
                if r.lhs == lhs:
                    del rules[i]
                    return True
        return False

    def clear(self, sym: Symbol) -> None:
        self.touch(sym)
        rec = self.records.get(sym)
        if rec is not None:
            rec.clear_values()
            rec.formats = []

    def clear_all(self, sym: Symbol) -> None:
        self.touch()              # attributes too: other expressions evaluate differently
        rec = self.records.get(sym)
        if rec is not None:
            rec.clear_values()
            rec.formats = []
            rec.attrs = 0
            rec.options = []
            rec.messages = {}
            rec.defaults = {}


def _option_key(k):
    if isinstance(k, str):
        return Symbol(k) if k[:1].isalpha() and k[0].isupper() and k.isidentifier() else String(k)
    return k
