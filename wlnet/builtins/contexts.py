"""Contexts and packages: $Context, $ContextPath, Begin, End, BeginPackage, EndPackage, and
finding a package's file for Needs and Get (``Needs["MyPackage`"]`` reads MyPackage.wl).

Symbols live in contexts as in the Wolfram Language (wlnet.core.contexts reads names in
the current ones), so a package written the usual way::

    BeginPackage["Geometry`"]
    area::usage = "area[r] is the area of a disc."
    Begin["`Private`"]
    area[r_] := Pi r^2
    End[]
    EndPackage[]

makes ``Geometry`area`` (seen as ``area`` once EndPackage has put Geometry` on the path)
and keeps its helpers and pattern names in ``Geometry`Private``` out of sight.  EndPackage
says when a package's name is also in another context on the path (``area::shdw``).
"""

from __future__ import annotations

import os

from wlnet.core.expr import FALSE, NULL, TRUE, Expr, S, String, Symbol
from wlnet.core.registry import builtin, declare

LIST = S.List
CONTEXT = Symbol("$Context")
CONTEXT_PATH = Symbol("$ContextPath")
PACKAGES = Symbol("$Packages")
_GLOBAL = "Global`"
_DEFAULT_PATH = ("System`", _GLOBAL)

declare("$Context", value=String(_GLOBAL), settable=True,
        usage="$Context is the current context (where new symbols go).")
declare("$Packages", value=Expr.from_args(LIST, [String(c) for c in _DEFAULT_PATH]),
        settable=True,
        usage="$Packages is the list of the contexts of the packages loaded in the session.")
declare("$ContextAliases", value=Expr(S.Association), settable=True,
        usage="$ContextAliases is an association <|\"alias`\" -> \"context`\", …|>: a name "
              "alias`x reads as context`x.")
declare("$ContextPath", value=Expr.from_args(LIST, [String(c) for c in _DEFAULT_PATH]),
        settable=True,
        usage="$ContextPath is the list of contexts searched for symbols' short names.")

_MESSAGES = {
    "cxt": "Invalid context specified at position `2` in `1`. A context must consist of "
           "valid symbol names separated by and ending with a `.",
    "noctx": "No previous context defined.",
}


def is_context(name: str) -> bool:
    """``A`B``` (or ```Private``` relative to the current context): names ending with `."""
    parts = name.split("`")
    return (len(parts) >= 2 and parts[-1] == ""
            and all(p and (p[0].isalpha() or p[0] == "$") and all(c.isalnum() or c == "$" for c in p)
                    for p in (parts[1:-1] if name.startswith("`") else parts[:-1])))


def current_context(ev) -> str:
    value = ev.evaluate(CONTEXT)
    return value.value if type(value) is String else _GLOBAL


def _context_path(ev) -> list[str]:
    value = ev.evaluate(CONTEXT_PATH)
    if type(value) is Expr and value.head is LIST:
        return [a.value for a in value.args if type(a) is String]
    return list(_DEFAULT_PATH)


def _set(ev, context: str | None = None, path: list[str] | None = None) -> None:
    if context is not None:
        ev.definitions.set_own(CONTEXT, String(context), False, evaluated=True)
    if path is not None:
        ev.definitions.set_own(CONTEXT_PATH, Expr.from_args(LIST, [String(c) for c in path]),
                               False, evaluated=True)


def on_context_path(ev, context: str) -> bool:
    return context in _context_path(ev)


def drop_from_context_path(ev, context: str) -> None:
    """``context`` taken off $ContextPath (a package loaded under an alias is reached only
    through it)."""
    path = _context_path(ev)
    if context in path:
        _set(ev, path=[c for c in path if c != context])


def _stack(ev, name: str) -> list:
    stack = getattr(ev, name, None)
    if stack is None:
        stack = []
        setattr(ev, name, stack)
    return stack


def _absolute(ev, name: str) -> str:
    """A context name with a relative one (```Private```) made absolute."""
    return current_context(ev) + name[1:] if name.startswith("`") else name


def _context_argument(ev, sym, ctx, position=1) -> str | None:
    if type(ctx) is String and is_context(ctx.value):
        return ctx.value
    ev.message(sym, "cxt", Expr(sym, ctx), position)
    return None


@builtin(argc=1, attributes=("Protected",), messages=_MESSAGES,
         usage="Begin[\"ctx`\"] makes ctx` the current context (```Private``` is relative to "
               "the current one); End[] goes back.",
         examples=(('Begin["test`"]; {$Context, End[], $Context}',
                    '{"test`", "test`", "Global`"}'),))
def Begin(ev, ctx):
    name = _context_argument(ev, S.Begin, ctx)
    if name is None:
        return None
    _stack(ev, "_context_stack").append(current_context(ev))
    name = _absolute(ev, name)
    _set(ev, context=name)
    return String(name)


@builtin(argc=0, attributes=("Protected",), messages=_MESSAGES,
         usage="End[] ends the context Begin started and returns it.")
def End(ev):
    stack = _stack(ev, "_context_stack")
    if not stack:
        ev.message(S.End, "noctx")
        return S["$Failed"]
    ended = current_context(ev)
    _set(ev, context=stack.pop())
    return String(ended)


@builtin(argc=(1, 2), attributes=("Protected",), messages=_MESSAGES,
         usage="BeginPackage[\"ctx`\"] starts a package: ctx` becomes the current context and, "
               "with System`, the whole context path; BeginPackage[\"ctx`\", {\"need`\", …}] "
               "also loads (Needs) the contexts it needs.  EndPackage[] ends it.",
         examples=(('BeginPackage["pkg`"]; c = $Context; EndPackage[]; '
                    '{c, $Context, First[$ContextPath]}',
                    '{"pkg`", "Global`", "pkg`"}'),))
def BeginPackage(ev, ctx, needs=None):
    name = _context_argument(ev, S.BeginPackage, ctx)
    if name is None:
        return None
    needed = []
    if needs is not None:
        needed = [n.value for n in needs.args] if type(needs) is Expr and needs.head is LIST \
            and all(type(n) is String for n in needs.args) else None
        if needed is None:
            ev.message(S.BeginPackage, "cxt", Expr(S.BeginPackage, ctx, needs), 2)
            return None
    _stack(ev, "_package_stack").append((current_context(ev), _context_path(ev), name))
    for need in needed:
        ev.evaluate(Expr(S.Needs, String(need)))
    _set(ev, context=name, path=[name, *needed, "System`"])
    return NULL


@builtin(argc=0, attributes=("Protected",), messages=_MESSAGES,
         usage="EndPackage[] ends the package BeginPackage started: the context before it is "
               "current again, and the package's context is put first on $ContextPath.")
def EndPackage(ev):
    stack = _stack(ev, "_package_stack")
    if not stack:
        ev.message(S.EndPackage, "noctx")
        return S["$Failed"]
    context, path, package = stack.pop()
    new_path = [package, *(c for c in path if c != package)]
    _set(ev, context=context, path=new_path)
    _stack(ev, "_loaded_packages").append(package)
    packages = ev.evaluate(PACKAGES)
    if type(packages) is Expr and String(package) not in packages.args:
        ev.definitions.set_own(PACKAGES, Expr.from_args(LIST, [String(package), *packages.args]),
                               False, evaluated=True)
    _say_shadowed(ev, package, new_path)
    return NULL


def load_builtin_package(ev, context: str) -> bool:
    """``<<Developer``` or ``Needs["Developer`"]`` of a context whose functions are built
    in (Developer`ToPackedArray…): the context put first on $ContextPath, as loading the
    package does, so that their short names read.  False when no builtin lives there."""
    from wlnet.core.registry import BUILTINS
    if not any(name.startswith(context) and "`" not in name[len(context):]
               for name in BUILTINS):
        return False
    path = _context_path(ev)
    if context not in path:
        _set(ev, path=[context, *path])
        packages = ev.evaluate(PACKAGES)
        if type(packages) is Expr and String(context) not in packages.args:
            ev.definitions.set_own(PACKAGES, Expr.from_args(LIST, [String(context), *packages.args]),
                                   False, evaluated=True)
    return True


def _say_shadowed(ev, package: str, path: list[str]) -> None:
    """``name::shdw`` for each symbol of the package whose name another context on the
    path has too (the Wolfram Language says so when a package is loaded after the name
    was used in Global`)."""
    contexts = ev.contexts
    for sym in contexts.names_in(package):
        short = sym.name[len(package):]
        holders = [c for c in path if c == package or contexts.exists(c, short) is not None]
        if len(holders) > 1:
            ev.message(sym, "shdw", String(short),
                       Expr.from_args(LIST, [String(c) for c in holders]), String(package))


def package_file(ev, context: str, beside: str | None, search=()) -> str | None:
    """The file a context's package lives in: ``A`B``` is A/B.wl (or .m, or A/B/init.wl)
    in the current directory, beside the file being read, or in a ``search`` directory
    ($Path's)."""
    relative = context.rstrip("`").replace("`", os.sep)
    roots = [os.getcwd()] + ([beside] if beside else []) + list(search)
    for root in roots:
        for candidate in (relative + ".wl", relative + ".m",
                          os.path.join(relative, "init.wl"), os.path.join(relative, "init.m"),
                          os.path.join(relative, "Kernel", "init.wl")):
            path = os.path.join(root, candidate)
            if os.path.isfile(path):
                return path
    return None


def package_loaded(ev, context: str) -> bool:
    return context in _stack(ev, "_loaded_packages") or context in _context_path(ev)


def _all_contexts(ev) -> set[str]:
    """Every context the session has a symbol in or names ($Context, $ContextPath), with
    the contexts that enclose them (``a`b``` is in ``a```)."""
    from wlnet.core.contexts import context_of
    named = {current_context(ev), *_context_path(ev), "System`", _GLOBAL}
    named.update(context_of(s) for s in ev.contexts.known)
    named.update(context_of(s) for s in ev.definitions.records
                 if type(s) is Symbol and "`" in s.name)
    found = set()
    for context in named:
        parts = context.split("`")[:-1]
        found.update("`".join(parts[:i]) + "`" for i in range(1, len(parts) + 1))
    return found


@builtin(argc=(0, 1), attributes=("Protected",),
         usage="Contexts[] is the list of the session's contexts; Contexts[\"pattern\"] those "
               "matching a string pattern (* any characters).",
         examples=(('MemberQ[Contexts[], "Global`"]', "True"),
                   ('tmp`x = 1; Contexts["tmp*"]', '{"tmp`"}')))
def Contexts(ev, pattern=None):
    import fnmatch
    found = sorted(_all_contexts(ev))
    if pattern is not None:
        if type(pattern) is not String:
            return None
        found = [c for c in found if fnmatch.fnmatchcase(c, pattern.value)]
    return Expr.from_args(LIST, [String(c) for c in found])


@builtin(argc=1, attributes=("HoldAll", "Protected"),
         usage="NameQ[\"name\"] is True when a symbol of that name exists in the session "
               "(read in the current contexts).",
         examples=(('NameQ["Plus"]', "True"), ('NameQ["noSuchNameAnywhereHere"]', "False")))
def NameQ(ev, name):
    if type(name) is not String:
        return FALSE
    return TRUE if ev.contexts.find(name.value) is not None else FALSE
