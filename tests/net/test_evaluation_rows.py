"""A batch written as a list of associations, ``net[{<|"a" -> x1, …|>, <|"a" -> x2, …|>}]``
(wlnet/net/evaluation.py ``_row_port_data``): the same results as the association of lists,
with output specifications, gradients and states, and messages for inconsistent rows."""

import pytest

from wlnet.core.session import Session
from wlnet.core.expr import S, Symbol


@pytest.fixture()
def s():
    s = Session()
    s.evaluate('two = NetInitialize@NetGraph[{LinearLayer[3], LinearLayer[3], TotalLayer[], '
               'SoftmaxLayer[]}, {NetPort["a"] -> 1, NetPort["b"] -> 2, {1, 2} -> 3 -> 4}, '
               '"a" -> 2, "b" -> 1, "Output" -> NetDecoder[{"Class", {"x", "y", "z"}}]];')
    s.evaluate('one = NetInitialize@LinearLayer[2, "Input" -> 3];')
    s.evaluate('gru = NetInitialize@GatedRecurrentLayer[2, "Input" -> {"Varying", 1}];')
    assert not s.messages, s.messages
    return s


def same(s, rows, columns):
    """Both spellings evaluate to the same (non-failed) list, without messages."""
    a, b = s.evaluate(rows), s.evaluate(columns)
    assert not s.messages, s.messages
    assert a.head is S.List and a == b, (a, b)
    return a


def fails(s, text, tag):
    r = s.evaluate(text)
    assert r == Symbol("$Failed"), r
    assert len(s.messages) == 1 and f"::{tag}:" in s.messages[0], s.messages
    s.messages.clear()


def test_several_ports(s):
    r = same(s, 'two[{<|"a" -> {1, 2}, "b" -> {3}|>, <|"a" -> {0, -1}, "b" -> {1}|>}]',
             'two[<|"a" -> {{1, 2}, {0, -1}}, "b" -> {{3}, {1}}|>]')
    assert len(r.args) == 2


def test_several_ports_with_a_property_and_a_gradient(s):
    rows = '{<|"a" -> {1, 2}, "b" -> {3}|>, <|"a" -> {0, -1}, "b" -> {1}|>, <|"a" -> {5, 5}, "b" -> {0}|>}'
    cols = '<|"a" -> {{1, 2}, {0, -1}, {5, 5}}, "b" -> {{3}, {1}, {0}}|>'
    r = same(s, f'two[{rows}, "Probabilities"]', f'two[{cols}, "Probabilities"]')
    assert len(r.args) == 3
    same(s, f'two[{rows}, NetPortGradient["b"]]', f'two[{cols}, NetPortGradient["b"]]')
    same(s, f'two[{rows}, None]', f'two[{cols}, None]')


def test_one_port_and_a_gradient_seed_per_example(s):
    same(s, 'one[{<|"Input" -> {1, 2, 3}|>, <|"Input" -> {1, 0, 0}|>}]', 'one[{{1, 2, 3}, {1, 0, 0}}]')
    same(s, 'one[{<|"Input" -> {1, 2, 3}, NetPortGradient["Output"] -> {1, 0}|>, '
            '<|"Input" -> {1, 0, 0}, NetPortGradient["Output"] -> {0, 2}|>}, NetPortGradient["Input"]]',
         'one[<|"Input" -> {{1, 2, 3}, {1, 0, 0}}, NetPortGradient["Output"] -> {{1, 0}, {0, 2}}|>, '
         'NetPortGradient["Input"]]')


def test_initial_states_per_example(s):
    r = same(s, 'gru[{<|"Input" -> {{1}, {2}}, NetPort[All, "States"] -> <|"State" -> {1, 2}|>|>, '
                '<|"Input" -> {{1}}, NetPort[All, "States"] -> <|"State" -> {0, -1}|>|>}]',
             '{gru[<|"Input" -> {{1}, {2}}, NetPort[All, "States"] -> <|"State" -> {1, 2}|>|>], '
             'gru[<|"Input" -> {{1}}, NetPort[All, "States"] -> <|"State" -> {0, -1}|>|>]}')
    assert len(r.args) == 2


def test_inconsistent_rows_give_messages(s):
    fails(s, 'two[{<|"a" -> {1, 2}, "b" -> {3}|>, <|"a" -> {0, 1}|>}]', "missinport")
    fails(s, 'two[{<|"a" -> {1, 2}, "b" -> {3}|>, <|"a" -> {0, 1}, "c" -> 1|>}]', "invinport")
    fails(s, 'two[{<|"a" -> {{1, 2}}, "b" -> {3}|>, <|"a" -> {0, 1}, "b" -> {1}|>}]', "rowbatch")
    fails(s, 'one[{<|"Input" -> {1, 2, 3}, NetPortGradient["Output"] -> {1, 0}|>, '
             '<|"Input" -> {1, 0, 0}|>}]', "rowsmix")
    fails(s, 'gru[{<|"Input" -> {{1}}, NetPort[All, "States"] -> <|"State" -> {1, 2}|>|>, '
             '<|"Input" -> {{1}}|>}]', "rowsmix")
    fails(s, 'one[{<|"Input" -> {1, 2}|>}]', "invindata1")
