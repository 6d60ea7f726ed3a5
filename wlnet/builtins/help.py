"""The text of ``?Name`` and ``??Name`` (``Information[name]``, ``LongForm -> True``).

One function, ``information_text``, for every front end: the ``Information`` builtin prints
it, so the REPL, scripts and a Jupyter kernel (which evaluate ``?Name`` through
``Session``) show the same thing:

    ?Name     the usage, the user's definitions, the attributes, the options with their
              defaults
    ??Name    the same and the examples the builtin declares (input and output)

For a name nothing is known about, ``suggestion(ev, name)`` is the nearest known name.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, S, Symbol

__all__ = ["information_text", "suggestion", "symbol_property", "SYMBOL_PROPERTIES"]

# Information[symbol, prop]: the properties of a symbol, each the builtin that gives it
SYMBOL_PROPERTIES = ("Attributes", "Context", "DefaultValues", "DownValues", "FormatValues",
                     "FullName", "Name", "NValues", "Options", "OwnValues", "SubValues",
                     "UpValues", "Usage")


def information_text(ev, sym: Symbol, long: bool = False) -> str | None:
    """What ``?name`` (``??name`` when ``long``) shows, or None when the session knows
    nothing about ``sym``."""
    rec = ev.definitions.get(sym)
    if rec is None:
        return None
    sections = [_usage(rec), _definitions(rec), _attributes(rec), _options(rec)]
    if long:
        sections.append(_examples(rec))
    text = "\n".join(s for s in sections if s)
    return text or None


def symbol_property(ev, sym: Symbol, prop: str):
    """Information[sym, prop] of a symbol (the values' lists as OwnValues[sym] gives them),
    None for a property symbols do not have."""
    from wlnet.core.contexts import split_name
    from wlnet.core.expr import String
    context, short = split_name(sym.name)
    if prop == "Properties":
        return Expr.from_args(S.List, (String(p) for p in SYMBOL_PROPERTIES))
    if prop == "Name":
        return String(short)
    if prop == "FullName":
        return String(context + short)
    if prop == "Context":
        return String(context)
    if prop == "Usage":
        rec = ev.definitions.get(sym)
        usage = rec.messages.get("usage") if rec is not None else None
        return String(usage) if usage else Expr(S.Missing, String("NotAvailable"))
    if prop in SYMBOL_PROPERTIES:
        return ev.evaluate(Expr(Symbol(prop), sym))
    return None


def suggestion(ev, name: str) -> str | None:
    """The known name (builtin or the session's) nearest to ``name``, for ``?Lenght``."""
    from wlnet.builtins.structure import session_names
    from wlnet.core.system_names import nearest_name
    if not name:
        return None
    return nearest_name(name, sorted(session_names(ev)))


def _form(e) -> str:
    from wlnet.core.messages import short_form
    return short_form(e)


def _usage(rec) -> str:
    return rec.messages.get("usage", "")


def _definitions(rec) -> str:
    """The user's definitions as typed, as Definition writes them (in a message's form a
    left side f[x_] would print as f's format value)."""
    from wlnet.builtins.format_values import definition_lines
    from wlnet.syntax.printer import input_form
    lines = []
    name = rec.symbol.name
    if rec.own is not None and rec.func is None and rec.spec is None:
        lines.append(f"{name} {':=' if rec.own_delayed else '='} {input_form(rec.own)}")
    for rule in list(rec.down_exact.values()) + rec.down + rec.sub + rec.up:
        op = ":=" if rule.delayed else "="
        lines.append(f"{input_form(rule.lhs)} {op} {input_form(rule.rhs)}")
    lines.extend(definition_lines(rec, input_form))
    return "\n".join(lines)


def _attributes(rec) -> str:
    from wlnet.core.attributes import names_of
    if not rec.attrs:
        return ""
    return f"Attributes[{rec.symbol.name}] = {{{', '.join(names_of(rec.attrs))}}}"


def _options(rec) -> str:
    """The options with their defaults, one a line: the user's Options[f] = … when set,
    else the builtin's declared ones."""
    if rec.options:
        rules = list(rec.options)
    elif rec.spec is not None and rec.spec.options:
        rules = [Expr(S.Rule, key, value) for key, value in rec.spec.options.items()]
    else:
        return ""
    return "Options:\n" + "\n".join(f"  {_form(rule)}" for rule in rules)


def _examples(rec) -> str:
    examples = rec.spec.examples if rec.spec is not None else ()
    if not examples:
        return ""
    lines = ["Examples:"]
    for given, expected in examples:
        lines.append(f"  In:  {given}")
        lines.append(f"  Out: {expected}")
    return "\n".join(lines)
