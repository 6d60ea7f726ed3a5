"""wlnet runs the LALR tables of grammar/wl.lark with its own driver (driver.py explains
why).  Here Lark's own LALR parser, given the same tokens and the same callbacks, must build
the same expressions for every case of the parse table."""

from collections import Counter
from functools import lru_cache

import pytest
from lark import Token, Transformer
from lark.exceptions import UnexpectedInput

from tests.syntax.test_parse import ANGLE_LISTS, CASES, SYNTAX_ERRORS, WOLFRAM_ONLY
from wlnet.syntax.lexer import tokenize
from wlnet.syntax.builder import ExprBuilder
from wlnet.syntax.parser import WLSyntaxError, parse
from wlnet.syntax.tables import compute_table_data, driver, lark_parser


class _Current:
    """The token values and the builder of the text being parsed by Lark's driver."""
    values: list = []
    build = None


def _value(child):
    """A token stands for our lexer's value of it (Lark hands tokens up pass-through rules)."""
    return _Current.values[int(child)] if isinstance(child, Token) else child


class _Callbacks(Transformer):
    pass


for _name in {n for n in driver().rule_name if n is not None}:
    setattr(_Callbacks, _name, lambda self, children, name=_name:
            getattr(ExprBuilder, name)(_Current.build, [_value(c) for c in children]))


@lru_cache(maxsize=None)
def lark_driver():
    return lark_parser(transformer=_Callbacks())


def lark_parse(text):
    """Parse with Lark's driver: our tokens, our ExprBuilder callbacks."""
    types, _Current.values, _ = tokenize(text)
    _Current.build = ExprBuilder()
    return _value(lark_driver().parse([Token(t, str(i)) for i, t in enumerate(types)]))


TEXTS = [text for text, _ in CASES + WOLFRAM_ONLY + ANGLE_LISTS]


@pytest.mark.parametrize("text", TEXTS)
def test_lark_driver_builds_the_same_expression(text):
    assert lark_parse(text) == parse(text)


@pytest.mark.parametrize("text", [text for text, _ in SYNTAX_ERRORS])
def test_lark_driver_rejects_what_we_reject(text):
    try:
        tokenize(text)
    except WLSyntaxError:
        return                      # a lexical error: the grammar never sees it
    with pytest.raises(UnexpectedInput):
        lark_parse(text)


def test_cached_tables_are_the_grammars():
    def shape(data):                # state numbers differ between Lark runs: compare shapes
        rules = Counter(zip(data["lhs"], map(tuple, data["expansion"]), data["callback"]))
        return len(data["action"]), rules
    cached = {"action": driver().action, "lhs": driver().rule_lhs,
              "expansion": driver().rule_expansion, "callback": driver().rule_name}
    assert shape(compute_table_data()) == shape(cached)


def test_the_driver_rows_have_a_column_for_every_token_type():
    """The driver indexes its rows with every token type the lexer makes (no .get)."""
    from wlnet.syntax.lexer import TOKEN_TYPES
    assert all(TOKEN_TYPES <= row.keys() for row in driver().rows)
