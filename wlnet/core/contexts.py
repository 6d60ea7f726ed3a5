"""Contexts as namespaces: which symbol a name means where it is read, and how a symbol
is written back.

As in the Wolfram Language, a symbol's full name is its context and its short name
(``Geometry`area``).  A name is turned into a symbol when the input is *read*:

* ``a`b`` is the symbol ``b`` of context ``a``` (an absolute name);
* ```b`` is relative: ``b`` in the current context ($Context);
* a short name ``b`` is looked for in each context of $ContextPath in order, then in
  $Context; where none has it, a new symbol is made in $Context.

System` and Global` symbols are stored under their short names (wlnet.core.expr), so an
ordinary session -- $Context ``Global``` and $ContextPath ``{System`, Global`}`` -- reads
every short name as the interned symbol of that name, with no look-up at all: this module
only works when a package or Begin has changed the contexts (``Contexts.plain`` is False).

Which symbols exist in a context is the session's own knowledge: a System` name is a
builtin or a name the Wolfram Language's System` has (system_names.txt); a Global` symbol
exists once it has a definition; a symbol of any other context exists when this session
has read it (``Contexts.known``) or has a definition for it.

``printed_name(sym)`` is a symbol's text: its short name when reading that name back in
the current contexts gives the same symbol, else its full name (a package's private
``Geometry`Private`r`` that escapes prints so).

The reader (wlnet.syntax) asks ``reading_key()`` before it reads: the lexer remembers
the symbol of each token it has read, and those memories hold for one key only.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from wlnet.core.expr import Symbol, existing_symbol
from wlnet.core.registry import is_builtin_name

__all__ = ["GLOBAL", "SYSTEM", "DEFAULT_PATH", "Contexts", "activate", "active",
           "resolve", "unread", "reading_key", "printed_name", "context_of", "split_name",
           "is_system_name"]

GLOBAL = "Global`"
SYSTEM = "System`"
DEFAULT_PATH = (SYSTEM, GLOBAL)
PLAIN_KEY = (GLOBAL, DEFAULT_PATH)
_IMPLICIT = frozenset(DEFAULT_PATH)
CONTEXT_SYMBOL = Symbol("$Context")
PATH_SYMBOL = Symbol("$ContextPath")
_NEURAL_NETWORKS = "NeuralNetworks`"
ALIASES_SYMBOL = Symbol("$ContextAliases")


@lru_cache(maxsize=None)
def system_names() -> frozenset[str]:
    """Every System` name of the Wolfram Language that system_names.txt lists (see
    wlnet.core.system_names for what else the list is used for)."""
    text = (Path(__file__).with_name("system_names.txt")).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=None)
def _layer_heads() -> frozenset[str]:
    from wlnet.builtins import LAYER_SYMBOLS
    return LAYER_SYMBOLS


def promoted(name: str) -> str:
    """A ``NeuralNetworks`Name`` of a layer head read as the System` head: the Wolfram
    Language moved layers from NeuralNetworks` to System` (SequenceIndicesLayer), and
    programs written before that still spell them ``NeuralNetworks`SequenceIndicesLayer``."""
    if name.startswith(_NEURAL_NETWORKS):
        short = name[len(_NEURAL_NETWORKS):]
        if short in _layer_heads():
            return short
    return name


def is_system_name(name: str) -> bool:
    """Whether a short name is a System` symbol: a builtin, or a name of WL's System`."""
    return is_builtin_name(name) or name in system_names()


def split_name(name: str) -> tuple[str, str]:
    """(context, short name) of a symbol's stored name (short System`/Global` names get
    theirs)."""
    cut = name.rfind("`")
    if cut >= 0:
        return name[:cut + 1], name[cut + 1:]
    return (SYSTEM if is_system_name(name) else GLOBAL), name


def context_of(sym: Symbol) -> str:
    return split_name(sym.name)[0]


class Contexts:
    """One session's contexts: $Context and $ContextPath as last read from its definitions,
    and the symbols it has made outside System`."""

    __slots__ = ("definitions", "context", "path", "aliases", "key", "plain", "known",
                 "_seen")

    def __init__(self, definitions):
        self.definitions = definitions
        self.context = GLOBAL
        self.path = DEFAULT_PATH
        self.aliases: tuple = ()          # ("alias`", "context`"), longest alias first
        self.key = PLAIN_KEY
        self.plain = True
        self.known: set[Symbol] = set()
        self._seen = (None, None, None)

    def refresh(self) -> tuple:
        """Re-read $Context and $ContextPath when either has a new value (Set, Block,
        Begin… all store a new one); return the key of the contexts."""
        records = self.definitions.records
        rec = records.get(CONTEXT_SYMBOL)
        context = rec.own if rec is not None else None
        rec = records.get(PATH_SYMBOL)
        path = rec.own if rec is not None else None
        rec = records.get(ALIASES_SYMBOL)
        aliases = rec.own if rec is not None else None
        seen = self._seen
        if context is seen[0] and path is seen[1] and aliases is seen[2]:
            return self.key
        self._seen = (context, path, aliases)
        self.aliases = _alias_pairs(aliases)
        name = getattr(context, "value", None)
        self.context = name if type(name) is str and name.endswith("`") else GLOBAL
        entries = getattr(path, "args", None)
        if entries is None or getattr(path, "head", None) is not Symbol("List"):
            self.path = DEFAULT_PATH
        else:
            self.path = tuple(a.value for a in entries
                              if type(getattr(a, "value", None)) is str and a.value.endswith("`"))
        key = (self.context, self.path) + ((self.aliases,) if self.aliases else ())
        self.key = PLAIN_KEY if key == PLAIN_KEY else key
        self.plain = self.key is PLAIN_KEY
        return self.key

    # -- names to symbols

    def exists(self, context: str, short: str) -> Symbol | None:
        """The symbol ``context`short`` when this session has it, else None."""
        if context == SYSTEM:
            return Symbol(short) if is_system_name(short) else None
        if context == GLOBAL:
            if is_system_name(short):
                return None
            sym = existing_symbol(short)
        else:
            sym = existing_symbol(context + short)
        if sym is not None and (sym in self.known or sym in self.definitions.records):
            return sym
        return None

    def searched(self) -> tuple[str, ...]:
        """The contexts a short name is looked for in, in order: $ContextPath's, then
        $Context (the Wolfram Language: a symbol on the path hides one of the current
        context that has the same name)."""
        return self.path if self.context in self.path else (*self.path, self.context)

    def lookup(self, short: str) -> Symbol | None:
        """The symbol a short name means here, or None when no searched context has it."""
        for context in self.searched():
            sym = self.exists(context, short)
            if sym is not None:
                return sym
        return None

    def dealiased(self, name: str) -> str:
        """A qualified name with its context alias ($ContextAliases) replaced by the
        context it stands for (``Dev`PackedArrayQ`` → ``Developer`PackedArrayQ``)."""
        for alias, context in self.aliases:
            if name.startswith(alias):
                return context + name[len(alias):]
        return name

    def symbol(self, name: str) -> Symbol:
        """The symbol a name read here means, made (in $Context) when it is new."""
        self.refresh()
        if "`" in name:
            full = self.context + name[1:] if name[0] == "`" else promoted(self.dealiased(name))
            return self._made(Symbol(full), full)
        if self.plain:
            return Symbol(name)
        sym = self.lookup(name)
        if sym is not None:
            return sym
        full = self.context + name
        return self._made(Symbol(full), full)

    def _made(self, sym: Symbol, full: str) -> Symbol:
        # System` and Global` symbols (stored under short names) are not recorded: a
        # Global` name exists once it has a definition.  A script is read whole before it
        # runs, so the statements after a BeginPackage are first read in Global` too
        # (parser.read_in_turn reads them again): that first reading must not make the
        # package's names exist in Global` as well.
        if "`" in sym.name:
            self.known.add(sym)
        return sym

    def unread(self, sym: Symbol) -> None:
        """A name read as a symbol that turned out to be text (the tag of ``f::tag``)."""
        if sym not in self.definitions.records:
            self.known.discard(sym)

    def forget(self, sym: Symbol) -> None:
        """``Remove[sym]``: the name is free again.  The key is made anew (equal, not the
        same object), so that the reader forgets what it read the name as."""
        self.known.discard(sym)
        self.key = (self.context, self.path)

    def find(self, name: str) -> Symbol | None:
        """The symbol a name reads as here when it exists (nothing is made), else None."""
        self.refresh()
        if "`" in name:
            full = self.context + name[1:] if name[0] == "`" else self.dealiased(name)
            context, short = split_name(full)
            return self.exists(context, short) or (
                existing_symbol(full) if context in _IMPLICIT else None)
        found = self.lookup(name)
        if found is None and GLOBAL in self.searched() and not is_system_name(name):
            found = existing_symbol(name)     # mentioned in Global` without a definition
        return found

    def names_in(self, context: str) -> list[Symbol]:
        """The symbols this session has in ``context`` (System` aside)."""
        found = {s for s in self.known if context_of(s) == context}
        found.update(s for s in self.definitions.records
                     if type(s) is Symbol and "`" in s.name and context_of(s) == context)
        return sorted(found, key=lambda s: s.name)

    # -- symbols to names

    def printed(self, sym: Symbol) -> str:
        self.refresh()
        name = sym.name
        if self.plain and "`" not in name:
            return name
        context, short = split_name(name)
        for searched in self.searched():
            if searched == context:
                return short
            if self.exists(searched, short) is not None:
                break                       # another context's symbol hides this one
        return context + short


_ACTIVE: list[Contexts | None] = [None]


def _alias_pairs(aliases) -> tuple:
    """The ("alias`", "context`") pairs of a $ContextAliases association of strings, longest
    alias first (so that "A`B`" wins over "A`"); anything else gives none."""
    if getattr(aliases, "head", None) is not Symbol("Association"):
        return ()
    pairs = []
    for rule in aliases.args:
        names = [getattr(x, "value", None) for x in getattr(rule, "args", ())]
        if len(names) == 2 and all(type(n) is str and n.endswith("`") for n in names):
            pairs.append((names[0], names[1]))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def activate(contexts: Contexts) -> None:
    """Make ``contexts`` the ones names are read and printed in (the session reading or
    evaluating sets its own)."""
    _ACTIVE[0] = contexts


def active() -> Contexts | None:
    return _ACTIVE[0]


def unread(sym: Symbol) -> None:
    contexts = _ACTIVE[0]
    if contexts is not None:
        contexts.unread(sym)


def resolve(name: str) -> Symbol:
    """The symbol a name read now means (the reader's one entry point)."""
    contexts = _ACTIVE[0]
    if contexts is None:
        return Symbol(GLOBAL + name[1:] if name[:1] == "`" else promoted(name))
    return contexts.symbol(name)


def reading_key() -> tuple:
    """The key of the contexts names are read in now (PLAIN_KEY in an ordinary session)."""
    contexts = _ACTIVE[0]
    return PLAIN_KEY if contexts is None else contexts.refresh()


def printed_name(sym: Symbol) -> str:
    """How a symbol is written: its short name where that reads back as it."""
    contexts = _ACTIVE[0]
    name = sym.name
    if contexts is None:
        return name
    contexts.refresh()
    if contexts.plain and "`" not in name:
        return name
    return contexts.printed(sym)
