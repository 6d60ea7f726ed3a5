"""The Wolfram Language's System names, and what a session says about them.

``system_names.txt`` (next to this module) lists the System` symbol names of the Wolfram
Language (its header says where they come from).  Three things use it:

* a System function that wlnet does not define, used as a head, stays unevaluated with
  ``Plot::wlnetna: Plot is not available in wlnet yet.``, once per symbol per session,
  so that a missing feature is not mistaken for a mistake of the user's (a user's own
  symbols stay silent, as in the Wolfram Language);
* a new symbol whose name is one edit away from a System name gets
  ``General::spell1`` (or ``General::spell`` for several), as the Wolfram Language does;
* an unknown option gets the nearest valid option name appended to ``General::optx``.

``unavailable_message(name)`` is the text for a System name wlnet lacks (None for any
other name); the net containers use it for unknown layers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from wlnet.core.contexts import system_names
from wlnet.core.expr import Expr, S, String, Symbol

__all__ = ["system_names", "unavailable_names", "unavailable_message", "spelling_matches",
           "one_edit_apart", "nearest_name", "option_hint", "NameChecks", "MESSAGES"]

# Templates, declared on General (wlnet.builtins.messaging) so that Off/Quiet work on them.
MESSAGES = {
    "wlnetna": "`1` is not available in wlnet yet.",
    "spell1": "Possible spelling error: new symbol name \"`1`\" is similar to existing "
              "symbol \"`2`\".",
    "spell": "Possible spelling error: new symbol name \"`1`\" is similar to existing "
             "symbols `2`.",
}

# How wlnet's own code names a symbol: S.Overflow, S["$Failed"], Symbol("Quantity"),
# ``_sym(value.head) == "Quantity"``.  A System name that the code names without defining
# it is one that wlnet produces or reads as data (Overflow[], TimeGoal -> Quantity[5,
# "Minutes"], RegularExpression[…] in a string pattern): not a missing feature.
_NAMED_IN_CODE = re.compile(r"""\bS\.([A-Za-z$][A-Za-z0-9$]*)"""
                            r"""|\b(?:S\[|Symbol\()["']([A-Za-z$][A-Za-z0-9$]*)["']"""
                            r"""|==\s*["']([A-Z][A-Za-z0-9]*)["']""")

# New names shorter than this are not spell-checked (x, net, Foo: too many System names
# are one edit away from a short name to make a hint useful).
_MIN_SPELL_LENGTH = 4


# system_names(): every System` name the data file lists (read in wlnet.core.contexts,
# which decides what a name read in a package means and must not import this module)


def _defined_names() -> frozenset[str]:
    # the registry's names, deferred ones included: asking must not load the net framework
    from wlnet.core.registry import builtin_names
    return frozenset(builtin_names())


@lru_cache(maxsize=None)
def _named_in_code() -> frozenset[str]:
    """The symbol names that wlnet's own modules refer to (see _NAMED_IN_CODE)."""
    package = Path(__file__).resolve().parent.parent
    names = set()
    for path in package.rglob("*.py"):
        for groups in _NAMED_IN_CODE.findall(path.read_text(encoding="utf-8")):
            names.update(g for g in groups if g)
    return frozenset(names)


@lru_cache(maxsize=None)
def unavailable_names() -> frozenset[str]:
    """System names that wlnet neither defines nor produces or reads as data."""
    return system_names() - _defined_names() - _named_in_code()


def unavailable_message(name: str) -> str | None:
    """``"Plot is not available in wlnet yet."`` for a System name wlnet does not define;
    None for any other name (a user's symbol, a defined builtin)."""
    if name not in unavailable_names():
        return None
    return MESSAGES["wlnetna"].replace("`1`", name)


@lru_cache(maxsize=None)
def _known_by_length() -> dict[int, tuple[str, ...]]:
    """System and builtin names grouped by length (a name one edit away from another has a
    length within one of it)."""
    groups: dict[int, list[str]] = {}
    for name in system_names() | _defined_names():
        if name[:1].isalpha():
            groups.setdefault(len(name), []).append(name)
    return {n: tuple(sorted(names)) for n, names in groups.items()}


def one_edit_apart(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with one character replaced, inserted, deleted, or two
    neighbouring characters swapped ("Lenght" → "Length")."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and \
            a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


def _differs_only_in_case_or_digits(a: str, b: str) -> bool:
    # list/List, x1/x2: ordinary names, not misspellings
    if a.lower() == b.lower():
        return True
    return len(a) == len(b) and all(x == y or (x.isdigit() and y.isdigit()) for x, y in zip(a, b))


def _plural_pair(a: str, b: str) -> bool:
    # Heads/Head, Columns/Column: the Wolfram Language names many options as the plural of
    # another symbol, and the data file cannot list every System name
    return a == b + "s" or b == a + "s"


def spelling_matches(name: str) -> list[str]:
    """The existing System names that a new symbol ``name`` is probably a misspelling of."""
    if len(name) < _MIN_SPELL_LENGTH or not name[:1].isalpha():
        return []
    groups = _known_by_length()
    # the first letter must agree: System names are capitalised and a user's own names
    # usually are not (test, rest, range are no misspellings of Nest, Rest, Orange)
    return [known for n in (len(name) - 1, len(name), len(name) + 1)
            for known in groups.get(n, ())
            if known[0] == name[0] and one_edit_apart(name, known)
            and not _differs_only_in_case_or_digits(name, known) and not _plural_pair(name, known)]


def nearest_name(name: str, candidates) -> str | None:
    """The candidate closest to ``name`` (a misspelt option or property), or None when none
    is close: within a third of the name's length in edits, case ignored."""
    best, best_distance = None, max(1, len(name) // 3) + 1
    for candidate in candidates:
        d = _edit_distance(name.lower(), candidate.lower())
        if d < best_distance:
            best, best_distance = candidate, d
    return best


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _option_name(e) -> str | None:
    """The name in an optx slot: ``name -> value``, a symbol or a string."""
    if type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) and len(e.args) == 2:
        e = e.args[0]
    if type(e) is Symbol:
        return e.name
    if type(e) is String:
        return e.value
    return None


def _declared_options(ev, owner) -> list:
    """The option names (symbols or strings) that a symbol, or the head of a call,
    declares."""
    if type(owner) is Expr:
        owner = owner.head
    if type(owner) is String:
        owner = Symbol(owner.value)
    if type(owner) is not Symbol:
        return []
    rec = ev.definitions.get(owner)
    if rec is None:
        return []
    keys = list(rec.spec.options) if rec.spec is not None else []
    keys += [r.args[0] for r in rec.options if type(r) is Expr and r.args]
    return [k for k in keys if _option_name(k)]


def option_hint(ev, owner: str, slots) -> str:
    """`` Did you mean MaxTrainingRounds?`` for General::optx's slots (the option, the call
    or the function), or "" when no declared option is close."""
    name = _option_name(slots[0]) if slots else None
    if name is None:
        return ""
    candidates = _declared_options(ev, Symbol(owner))
    if len(slots) > 1:
        candidates += _declared_options(ev, slots[1])
    by_name = {_option_name(k): k for k in candidates}
    match = nearest_name(name, by_name)
    if match is None or match == name:
        return ""
    from wlnet.core.messages import short_form
    return f" Did you mean {short_form(by_name[match])}?"


class NameChecks:
    """What one session has said about names: the System names announced as unavailable
    and the symbols already seen (only a new symbol is spell-checked)."""

    def __init__(self):
        self.announced: set[str] = set()
        self.seen: set = set()

    def unevaluated_head(self, ev, head: Symbol) -> None:
        """A call whose head has no definition at all stayed unevaluated."""
        name = head.name
        if name in self.announced or name not in unavailable_names():
            return
        shown = ev.msg.issued
        ev.message(head, "wlnetna", head)
        if ev.msg.issued > shown:           # said once it was seen, not while Quiet
            self.announced.add(name)

    def new_input(self, ev, expr) -> None:
        """Spell-check the symbols that a top-level input mentions for the first time."""
        from wlnet.core.definitions import symbols_in
        fresh = symbols_in(expr, set()) - self.seen
        if not fresh:
            return
        self.seen |= fresh
        known = system_names()
        records = ev.definitions.records
        for sym in sorted(fresh, key=lambda s: s.name):
            name = sym.name
            if name in known or "`" in name or sym in records:
                continue
            matches = spelling_matches(name)
            if len(matches) == 1:
                ev.message(S.General, "spell1", name, matches[0])
            elif matches:
                ev.message(S.General, "spell", name,
                           Expr.from_args(S.List, [Symbol(m) for m in matches]))
