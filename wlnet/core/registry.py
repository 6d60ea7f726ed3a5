"""How builtins are declared: one decorator, a usage text, examples, and the argument count.

A builtin is a Python function ``func(ev, *args)``:

* ``ev`` is the running evaluator (``wlnet.core.evaluator.Evaluator``).  What a builtin
  may use of it: ``ev.evaluate(expr)``, ``ev.apply(f, *args)`` (evaluate ``f[args…]``),
  ``ev.message(sym, tag, *slots)`` (issue ``sym::tag``), ``ev.rng`` (the session's random
  generator, reseeded by SeedRandom), ``ev.print(text)`` (Print's output sink) and
  ``ev.definitions`` (the session's symbol table).
* ``args`` are the arguments, already evaluated unless the declared attributes hold them.
* The return value is the result expression, or ``None`` to leave the call unevaluated
  (after issuing a message where a user would expect one).  A builtin never lets a Python
  exception reach the user: the evaluator turns an unexpected exception into a message.

``argc`` declares the accepted argument counts: an int, or ``(min, max)`` with
``max=None`` for no upper bound.  A call outside it gets the ``General::argx``-family
message from the evaluator and stays unevaluated, so the function never sees it.

``@builtin_subvalue("NetChain")`` declares what happens when an expression whose head is
``NetChain[…]`` is applied to arguments (``net[data]``); the function gets
``(ev, head_expr, *args)``.

The registry belongs to the core; the builtins themselves are modules of ``wlnet.builtins``
that a session loads.  A group of builtins whose modules are expensive to import (the net
framework: wlnet.net, its kernels, Numba) is declared with ``defer(names, loader)``: the
session's symbol table runs ``loader`` the first time one of ``names`` is looked up, and the
builtins it registers are installed then (``wlnet.core.definitions``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from wlnet.core.expr import Expr, Integer, S, Symbol


@dataclass(frozen=True)
class BuiltinSpec:
    name: str
    func: Callable | None
    attributes: tuple[str, ...] = ()
    argc: tuple[int, int | None] | None = None
    usage: str = ""
    examples: tuple[tuple[str, str], ...] = ()      # (input, expected output) pairs
    options: dict = field(default_factory=dict)     # option name -> default (as Expr)
    messages: dict = field(default_factory=dict)    # tag -> message template text
    value: object = None                            # own value of a declared symbol (I, Infinity)
    delayed: bool = False                           # value evaluated at each use (Now)
    settable: bool = False                          # a session variable the user may set ($Context)


BUILTINS: dict[str, BuiltinSpec] = {}
SUBVALUE_HANDLERS: dict[str, Callable] = {}


def _normalise_argc(argc) -> tuple[int, int | None] | None:
    if argc is None:
        return None
    if isinstance(argc, int):
        return (argc, argc)
    lo, hi = argc
    return (lo, hi)


def builtin(name: str | None = None, *, attributes=(), argc=None, usage: str = "",
            examples=(), options: dict | None = None, messages: dict | None = None):
    """Register ``func`` as the builtin ``name`` (default: the function's name).

    ``messages`` maps tags to templates for ``name::tag`` (slots written `` `1` ``,
    `` `2` ``… as in the Wolfram Language)."""

    def register(func: Callable) -> Callable:
        sym = name or func.__name__
        BUILTINS[sym] = BuiltinSpec(sym, func, tuple(attributes), _normalise_argc(argc),
                                    usage, tuple(examples), dict(options or {}),
                                    dict(messages or {}))
        return func

    return register


def declare(name: str, *, attributes=(), usage: str = "", options: dict | None = None,
            messages: dict | None = None, value=None, delayed: bool = False,
            settable: bool = False):
    """Declare a symbol with attributes/usage/options but no evaluation rule of its own
    (``Rule``, ``List``, inert heads such as ``Scaled``…).  ``value`` is what the symbol
    itself evaluates to (its own value: ``I`` → ``Complex[0, 1]``), None for itself;
    ``delayed``: the value is evaluated each time the symbol is (``Now`` → ``DateObject[]``).
    Declared symbols are Protected, but a ``settable`` one: a session variable such as
    $ContextPath or $MaxExtraPrecision, which Set and Block change."""
    BUILTINS[name] = BuiltinSpec(name, None, tuple(attributes), None, usage, (),
                                 dict(options or {}), dict(messages or {}), value, delayed,
                                 settable)


def builtin_subvalue(head_name: str, depth: int = 1):
    """Register what ``head_name[…][args…]`` evaluates to; with depth 2, what
    ``head_name[…][…][args…]`` does (``Derivative[1][f][0.5]``): the handler gets the
    evaluator, the whole head and the arguments."""

    def register(func: Callable) -> Callable:
        SUBVALUE_HANDLERS[head_name if depth == 1 else (head_name, depth)] = func
        return func

    return register


def split_options(args: tuple, known: dict) -> tuple[tuple, dict] | None:
    """Split trailing ``name -> value`` rules from positional arguments.

    Returns ``(positional, {name: value})`` with defaults filled in from ``known``
    (option names as strings, keys of symbols or strings alike), or None when a trailing
    rule names an option that is not in ``known`` (the caller issues ``General::optx``).
    """
    opts = dict(known)
    end = len(args)
    while end > 0:
        a = args[end - 1]
        if type(a) is Expr and a.head in (S.Rule, S.RuleDelayed) and len(a.args) == 2:
            key = a.args[0]
            kname = key.name if type(key) is Symbol else getattr(key, "value", None)
            if not isinstance(kname, str) or kname not in known:
                return None
            opts[kname] = a.args[1]
            end -= 1
        else:
            break
    return args[:end], opts


def read_options(ev, call, rest: tuple, known: dict, positional: int = 0):
    """The options of ``call`` from its trailing arguments ``rest``: ``(positional
    arguments among rest, {name: value})`` with the defaults of ``known`` filled in, where
    at most ``positional`` arguments may come before the options.  None after a message:
    ``optx`` for a rule naming an option the function lacks, ``nonopt`` for an argument
    where only options can come."""
    split = split_options(rest, known)
    head = call.head
    if split is None:
        bad = next(r for r in reversed(rest) if type(r) is Expr and r.head in (
            S.Rule, S.RuleDelayed) and len(r.args) == 2 and _option_key(r.args[0]) not in known)
        ev.message(head, "optx", bad.args[0], call)
        return None
    if len(split[0]) > positional:
        ev.message(head, "nonopt", split[0][positional],
                   Integer(len(call.args) - len(rest) + positional), call)
        return None
    return split


def _option_key(key):
    return key.name if type(key) is Symbol else getattr(key, "value", None)


# What a builtin does when one of its arguments has a given head: Part of a NetChain,
# Normal of a NumericArray, Options of a layer.  The owner of ``outer`` need not know the
# head; the evaluator tries these (like upvalues) before the builtin's own function.
UPVALUE_HANDLERS: dict[tuple[str, str], Callable] = {}


# The same handlers by symbols, outer -> {head -> handler}: shared with every evaluator, so
# that handlers registered later (a deferred module) are seen by sessions already running.
UPVALUE_OUTERS: dict[Symbol, dict[Symbol, Callable]] = {}


def builtin_upvalue(outer: str, head_name: str):
    """Register ``func(ev, *args)`` for ``outer[…, h[…], …]`` where an argument has head
    ``head_name`` (an atom's head counts: ``NumericArray``).  It returns the result, or
    None to fall through to ``outer``'s own definition."""

    def register(func: Callable) -> Callable:
        UPVALUE_HANDLERS[(outer, head_name)] = func
        UPVALUE_OUTERS.setdefault(Symbol(outer), {})[Symbol(head_name)] = func
        return func

    return register


def upvalue_handler(outer: str, e) -> Callable | None:
    """The handler registered for ``outer[e, …]`` by ``e``'s head (None when there is none)."""
    head = e.head if type(e) is Expr else getattr(type(e), "head", None)
    if type(head) is not Symbol:
        return None
    return UPVALUE_HANDLERS.get((outer, head.name))


# Listable builtins with a vectorised form for packed-array arguments: symbol ->
# ``func(ev, args)`` giving the threaded result computed with numpy, or None when the
# arguments are not a case it handles (the evaluator then threads element by element).
# Filled by wlnet.builtins.packed_arith; consulted by the evaluator before it threads.
VECTORISED: dict[Symbol, Callable] = {}


def vectorised(name: str):
    """Register ``func(ev, args)`` as the packed-array form of the Listable builtin ``name``."""

    def register(func: Callable) -> Callable:
        VECTORISED[Symbol(name)] = func
        return func

    return register


# ---------------------------------------------------------------------------- deferred builtins

# Symbol name -> the function that registers its builtin (by importing the modules that
# declare it).  Filled by ``defer``; consulted by ``Definitions`` when a name has no record.
DEFERRED: dict[str, Callable[[], None]] = {}


def defer(names, loader: Callable[[], None]) -> None:
    """Declare that the builtins ``names`` are registered by ``loader()``, to be run on the
    first look-up of any of them (``NetChain[…]``, ``?NetChain``, ``Options[NetTrain]``…)."""
    for name in names:
        DEFERRED[name] = loader


def is_builtin_name(name: str) -> bool:
    """Whether ``name`` is a builtin (registered, or deferred and not loaded yet)."""
    return name in BUILTINS or name in DEFERRED


def builtin_names() -> set[str]:
    """Every builtin name, the deferred ones included (``Names``)."""
    return set(BUILTINS) | set(DEFERRED)
