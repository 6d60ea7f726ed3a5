"""Building layers and containers from their WL arguments (net/construct.py): input ports
given as "Integer" where the layer computes on reals stay integer ports (the layer page's
shape specifications; InputPorts' "Integer")."""

import pytest

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form


@pytest.fixture(scope="module")
def s():
    return Session()


def shown(s, text):
    s.messages.clear()
    r = s.evaluate(text)
    assert not s.messages, (text, s.messages)
    return output_form(r)


def tags(s, text):
    s.messages.clear()
    s.evaluate(text)
    return [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0] for m in s.messages]


@pytest.mark.parametrize("text, ports", [
    ('FunctionLayer[#x * #t &, "x" -> 3, "t" -> "Integer"]', '<|"x" -> 3, "t" -> "Integer"|>'),
    ('LinearLayer[2, "Input" -> "Integer"]', '<|"Input" -> "Integer"|>'),
    ('ElementwiseLayer[Ramp, "Input" -> {"Varying", "Integer"}]', '<|"Input" -> {"Varying", "Integer"}|>'),
    ('NetChain[{LinearLayer[1]}, "Input" -> "Integer"]', '<|"Input" -> "Integer"|>'),
    ('NetGraph[{LinearLayer[2], Ramp}, {NetPort["x"] -> 1, NetPort["x"] -> 2}, "x" -> {3, "Integer"}]',
     '<|"x" -> {3, "Integer"}|>'),
    ('ElementwiseLayer[Tanh, "Input" -> Restricted["Integer", 5]]', '<|"Input" -> Restricted["Integer", 5]|>'),
])
def test_integer_ports_stay_integer(s, text, ports):
    assert shown(s, f'Information[{text}, "InputPorts"]') == ports
    # and so through the net's expression (InputForm round trip)
    assert shown(s, f'With[{{n = {text}}}, ToExpression[ToString[InputForm[n]]] === n]') == "True"


def test_integer_ports_compute_on_reals_and_refuse_non_integers(s):
    shown(s, 'g = FunctionLayer[#x * #t &, "x" -> 3, "t" -> "Integer"]; '
             'l = LinearLayer[2, "Input" -> "Integer", "Weights" -> {{1}, {2}}, "Biases" -> {0, 0}];')
    assert shown(s, 'g[<|"x" -> {1., 2., 3.}, "t" -> 2|>]') == "{2., 4., 6.}"
    assert shown(s, 'l[{3, 4}]') == "{{3., 6.}, {4., 8.}}"
    # "Integer" is any integer (Restricted["Integer", n] is 1 to n)
    assert shown(s, 'l[{0, -2}]') == "{{0., 0.}, {-2., -4.}}"
    assert "ElementwiseLayer::invindata1" in tags(
        s, 'ElementwiseLayer[Tanh, "Input" -> Restricted["Integer", 5]][0]')
    assert "FunctionLayer::invindata1" in tags(s, 'g[<|"x" -> {1., 2., 3.}, "t" -> 2.5|>]')
    assert "LinearLayer::invindata1" in tags(s, 'l[2.5]')


def test_integer_input_of_a_chain_trains(s):
    assert shown(s, 'Head[NetTrain[NetChain[{LinearLayer[1]}, "Input" -> "Integer"], '
                    '{1 -> {2.}, 2 -> {4.}}, MaxTrainingRounds -> 2, TrainingProgressReporting -> None]]') \
        == "NetChain"


def test_port_shapes_that_the_layer_joins_are_named_when_they_conflict():
    # "Key" and "Value" of an AttentionLayer share their leading dimensions: a conflict
    # names the ports given (was "The type (…) is inconsistent with type (…)")
    from wlnet.core.session import Session
    s = Session()
    for code, ports in (('AttentionLayer["Key" -> {4, 2}, "Value" -> {3, 2}]', '"Key", "Value"'),
                        ('EmbeddingLayer[3, 5, "Input" -> 4, "Output" -> {3, 3}]',
                         '"Input", "Output"')):
        s.messages.clear()
        s.evaluate(code)
        assert len(s.messages) == 1 and "::portspecs:" in s.messages[0] \
            and ports in s.messages[0], s.messages


def test_an_option_given_twice_keeps_its_first_value(s):
    # as OptionValue reads options: the first rule for a name wins
    assert shown(s, 'Information[LinearLayer[2, "Input" -> 3, "Input" -> 4], "InputPorts"]') == \
        '<|"Input" -> 3|>'
    assert shown(s, 'NetTrain[NetChain[{LinearLayer[1]}, "Input" -> 2], {{1, 2} -> {1}}, '
                    '"TotalRounds", MaxTrainingRounds -> 2, MaxTrainingRounds -> 3, '
                    'TrainingProgressReporting -> None]') == "2"
