"""The LALR tables of grammar/wl.lark, the one copy of the grammar: computed by Lark's LALR
analysis, turned into plain lists and dicts, cached in a file keyed by the grammar, and loaded
into the driver (``driver()``, made once per process).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile

from wlnet.syntax import grammar_path
from wlnet.syntax.builder import ExprBuilder
from wlnet.syntax.driver import Driver

_DRIVER: Driver | None = None
_TABLE_FORMAT = 1


def driver() -> Driver:
    """The driver with the grammar's tables (loaded on first use, then kept)."""
    global _DRIVER
    if _DRIVER is None:
        _DRIVER = Driver(_load_table_data())
    return _DRIVER


def _load_table_data() -> dict:
    """The driver's tables: from a cache file keyed by the grammar text and Lark's version,
    or computed with Lark (about half a second) and cached."""
    import lark
    grammar = grammar_path().read_text(encoding="utf-8")
    key = hashlib.sha256(f"{_TABLE_FORMAT}|{lark.__version__}|{grammar}".encode()).hexdigest()
    cache = os.path.join(tempfile.gettempdir(), f"wlnet-wl-lark-{key[:20]}.json")
    try:
        with open(cache, encoding="utf-8") as f:
            data = json.load(f)
        if _valid_table_data(data):
            return data
    except (OSError, ValueError):
        pass                                      # no cache yet, or an unreadable one
    data = compute_table_data(grammar)
    try:
        partial = f"{cache}.{os.getpid()}"
        with open(partial, "w", encoding="utf-8") as f:
            json.dump(data, f)
        os.replace(partial, cache)
    except OSError:
        pass                                      # a read-only temp dir only costs time
    return data


def _valid_table_data(data) -> bool:
    """A cache file is only data, but the temp dir is shared: check its shape and that every
    callback it names is one of ExprBuilder's rule callbacks."""
    try:
        states = len(data["action"])
        rules = len(data["lhs"])
        return (0 <= data["start"] < states and 0 <= data["end"] < states
                and len(data["expansion"]) == len(data["callback"]) == rules
                and all(name is None or (not name.startswith("_") and hasattr(ExprBuilder, name))
                        for name in data["callback"])
                and all(isinstance(code, int) and (code >= 0 and code < states
                                                  or code < 0 and ~code < rules)
                        for row in data["action"] for code in row.values()))
    except (KeyError, TypeError, AttributeError):
        return False


def lark_parser(grammar: str | None = None, transformer=None):
    """The Lark LALR parser of the grammar (its tables; and, with a transformer, Lark's own
    driver, which tests compare with ours).  It parses a list of lark Tokens."""
    from lark import Lark
    from lark.lexer import Lexer

    class TokenListLexer(Lexer):
        """Hands Lark the tokens our lexer made (``data`` is a list of lark Tokens)."""

        def __init__(self, lexer_conf):
            pass

        def lex(self, data):
            return iter(data)

    if grammar is None:
        grammar = grammar_path().read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer=TokenListLexer, transformer=transformer)


def compute_table_data(grammar: str | None = None) -> dict:
    """Turn Lark's LALR analysis of the grammar into plain lists and dicts."""
    from lark.parsers.lalr_analysis import IntParseTable, Shift

    table = IntParseTable.from_ParseTable(lark_parser(grammar).parser.parser.parser.parse_table)
    rules: dict = {}
    action: list[dict[str, int]] = [dict() for _ in range(len(table.states))]
    for state, entries in table.states.items():
        for symbol, (kind, arg) in entries.items():
            if kind is Shift:
                action[state][symbol] = arg
            else:
                action[state][symbol] = ~rules.setdefault(arg, len(rules))
    lhs, expansion, callback = [], [], []
    for rule in sorted(rules, key=rules.get):
        lhs.append(rule.origin.name)
        expansion.append([s.name for s in rule.expansion])
        name = rule.alias
        if name is None:
            if len(rule.expansion) != 1:
                raise ValueError(f"grammar rule needs an alias naming its callback: {rule}")
            callback.append(None)
        else:
            if not hasattr(ExprBuilder, name):
                raise ValueError(f"no callback ExprBuilder.{name} for grammar rule {rule}")
            callback.append(name)
    (start,) = table.start_states.values()
    (end,) = table.end_states.values()
    return {"action": action, "start": start, "end": end, "lhs": lhs,
            "expansion": expansion, "callback": callback}
