"""PlaceholderLayer (layers/placeholder.py), after its reference page: default ports, tag
and information, InputPorts/OutputPorts as counts, names, shapes and associations, ports
opened by a graph's connections, use in containers, replacement, and the messages of
evaluation and training."""

import pytest

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form

from _docs import message_tags, shown


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("text, ins, outs", [
    ("PlaceholderLayer[]", '<|"Input" -> Automatic|>', '<|"Output" -> Automatic|>'),
    ('PlaceholderLayer["InputPorts" -> 2, "OutputPorts" -> 3]',
     '<|"Input1" -> Automatic, "Input2" -> Automatic|>',
     '<|"Output1" -> Automatic, "Output2" -> Automatic, "Output3" -> Automatic|>'),
    ('PlaceholderLayer["InputPorts" -> {"a", "b"}, "OutputPorts" -> {"x", "y", "z"}]',
     '<|"a" -> Automatic, "b" -> Automatic|>',
     '<|"x" -> Automatic, "y" -> Automatic, "z" -> Automatic|>'),
    ('PlaceholderLayer["InputPorts" -> {3, {2, 2}}, "OutputPorts" -> {1, 2, "Real"}]',
     '<|"Input1" -> 3, "Input2" -> {2, 2}|>', '<|"Output1" -> 1, "Output2" -> 2, "Output3" -> "Real"|>'),
    ('PlaceholderLayer["InputPorts" -> <|"a" -> 3, "b" -> {"Varying", 2}|>, "OutputPorts" -> <|"x" -> 4|>]',
     '<|"a" -> 3, "b" -> {"Varying", 2}|>', '<|"x" -> 4|>'),
    ('PlaceholderLayer["op", "Input" -> 3, "Output" -> 2]', '<|"Input" -> 3|>', '<|"Output" -> 2|>'),
    # "Input"/"Output" -> shape is the one port's shape (a list is its dimensions, not ports)
    ('PlaceholderLayer["Input" -> {3, 4}, "Output" -> {2, 2}]', '<|"Input" -> {3, 4}|>',
     '<|"Output" -> {2, 2}|>'),
    ('PlaceholderLayer["Input" -> {"Varying", 3}]', '<|"Input" -> {"Varying", 3}|>',
     '<|"Output" -> Automatic|>'),
    ('PlaceholderLayer["Input" -> <|"a" -> 2, "b" -> 3|>]', '<|"a" -> 2, "b" -> 3|>',
     '<|"Output" -> Automatic|>'),
    # the ports pages' "Integer" and Restricted["Integer", n] shapes
    ('PlaceholderLayer["InputPorts" -> {"Integer", 3}, "OutputPorts" -> '
     '<|"a" -> Restricted["Integer", 4], "b" -> {"Varying", "Integer"}|>]',
     '<|"Input1" -> "Integer", "Input2" -> 3|>',
     '<|"a" -> Restricted["Integer", 4], "b" -> {"Varying", "Integer"}|>'),
])
def test_ports(session, text, ins, outs):
    assert shown(session, f'Information[{text}, "InputPorts"]') == ins
    assert shown(session, f'Information[{text}, "OutputPorts"]') == outs
    assert shown(session, f'With[{{p = {text}}}, ToExpression[ToString[InputForm[p]]] === p]') == "True"


def test_tag_information_and_arrays_are_kept(session):
    shown(session, 'p = PlaceholderLayer["MyOp", <|"attr" -> 1|>, "Arrays" -> {"Weights"}];')
    assert shown(session, 'p[["Tag"]]') == "MyOp"
    assert shown(session, 'NetExtract[p, "Information"]["attr"]') == "1"
    assert shown(session, 'p[["Arrays"]]') == "{Weights}"


def test_containers_surgery_and_messages(session):
    shown(session, 'c = NetChain[{LinearLayer[3], PlaceholderLayer["op", "Output" -> 2], Ramp}, "Input" -> 5];')
    assert shown(session, 'Information[c, "OutputPorts"]') == '<|"Output" -> 2|>'
    assert "NetChain::noexec" in message_tags(session, 'NetInitialize[c][{1, 2, 3, 4, 5}]')
    assert "NetTrain::noexec" in message_tags(session, 'NetTrain[c, {{1, 2, 3, 4, 5} -> {1, 2}}]')
    # measuring runs the net: the evaluation's wording
    session.messages.clear()
    session.evaluate('NetMeasurements[NetInitialize[c], {{1, 2, 3, 4, 5} -> {1, 2}}, "MeanSquare"]')
    assert session.messages and session.messages[0].startswith("NetMeasurements::noexec") \
        and "cannot be evaluated" in session.messages[0], session.messages
    session.messages.clear()
    # the missing layer put back
    assert shown(session, 'Length[NetInitialize[NetReplacePart[c, 2 -> LinearLayer[2]]][{1, 2, 3, 4, 5}]]') == "2"
    # its ports come from a graph's connections while InputPorts is Automatic
    shown(session, 'g = NetGraph[{PlaceholderLayer[], Ramp, Tanh}, {{2, 3} -> 1}, "Input" -> 3];')
    assert shown(session, 'Information[NetExtract[g, 1], "InputPorts"]') == '<|"Input1" -> 3, "Input2" -> 3|>'


def test_encoders_and_decoders_in_the_ports_settings(session):
    # the InputPorts page's "NetEncoder[…]" shape: the port takes that encoder (port-list
    # layers: ThreadingLayer, CatenateLayer, PlaceholderLayer alike)
    shown(session, 't = ThreadingLayer[Times, InputPorts -> <|"a" -> NetEncoder[{"Class", '
                   '{"x", "y"}, "UnitVector"}], "b" -> 2|>];')
    assert shown(session, 't[<|"a" -> "y", "b" -> {3, 4}|>]') == "{0., 4.}"
    shown(session, 'c = CatenateLayer[InputPorts -> {NetEncoder[{"Class", {"x", "y", "z"}, '
                   '"UnitVector"}], 2}];')
    assert shown(session, 'c[<|"Input1" -> "z", "Input2" -> {5, 6}|>]') == "{0., 0., 1., 5., 6.}"
    assert shown(session, 'Keys[Information[c, "InputPorts"]]') == "{Input1, Input2}"
    assert shown(session, 'ToExpression[ToString[InputForm[t]]] === t') == "True"
    p = ('PlaceholderLayer[InputPorts -> {NetEncoder["Image"], 3}, '
         'OutputPorts -> <|"out" -> NetDecoder[{"Class", {"a", "b"}}]|>]')
    assert shown(session, f'NetExtract[{p}, "out"]').startswith('NetDecoder["Class"')
    assert not session.messages
