"""Helpers for the pure-Python net IR tests: building layers from WL-like arguments."""

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.construct import construct_layer
from wlnet.net.registry import spec_for_symbol


def lst(*items):
    return Expr(S.List, *(py(x) for x in items))


def rule(k, v):
    return Expr(S.Rule, py(k), py(v))


def py(x):
    """Python shorthand → expression: int, float, str (a String), lists, Exprs as they are."""
    if isinstance(x, bool):
        raise TypeError
    if isinstance(x, int):
        return Integer(x)
    if isinstance(x, float):
        return Real(x)
    if isinstance(x, str):
        return String(x)
    if isinstance(x, (list, tuple)):
        return lst(*x)
    return x


def layer(symbol: str, *args, **opts):
    """``layer("LinearLayer", 3, Input=2)`` → the Net of ``LinearLayer[3, "Input" -> 2]``."""
    rules = [rule(k, v) for k, v in opts.items()]
    return construct_layer(spec_for_symbol(symbol), tuple(py(a) for a in args) + tuple(rules))


def run_net(net, inputs: dict, precision: str = "Real32") -> dict:
    """The net's outputs (port -> array) on a batch of inputs (port -> array), run by the
    executor."""
    from wlnet.net.execute import Executor
    from wlnet.net.values import Batch
    ex = Executor(net.root, precision)
    res = ex.forward(ex.arrays_for(net), {p: Batch(x, None) for p, x in inputs.items()})
    return {p: b.data for p, b in res.outputs.items()}


def sym(name: str) -> Symbol:
    return Symbol(name)


class WLSession:
    """A session for WL-level net tests: ``wl(text)`` evaluates ``text`` and gives the
    InputForm text of its value (text ending in ";" is evaluated for its effect, None is
    given); the messages it issued are in ``wl.messages``."""

    def __init__(self, setup: str = ""):
        from wlnet.core.session import Session
        self.session = Session(echo=False)
        self.messages = []
        if setup:
            self(setup)

    def __call__(self, text: str):
        from wlnet.syntax.parser import parse_script
        result, self.messages = None, []
        source = text if text.rstrip().endswith(";") else f"ToString[({text}), InputForm]"
        for stmt in parse_script(source):
            result = self.session.evaluate(stmt)
            self.messages += self.session.messages
        return getattr(result, "value", result)


def quiet_output(session, text: str) -> str:
    """The OutputForm text of ``text`` evaluated in ``session``, which must issue no
    message (the coder tests' check of a documented example)."""
    from wlnet.syntax.printer import output_form
    session.messages.clear()
    result = session.evaluate(text)
    assert not session.messages, (text, session.messages)
    return output_form(result)
