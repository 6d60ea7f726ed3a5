"""wlnet: a Wolfram-Language-style symbolic neural-net DSL and interpreter.

The public Python API:

    >>> import wlnet
    >>> wlnet.evaluate("Range[3]^2")            # a fresh session
    >>> s = wlnet.Session(); s.evaluate("f[x_] := x + 1"); s.evaluate("f[2]")
    >>> wlnet.parse("a + b c")                  # one expression, unevaluated
    >>> wlnet.parse_script(text)                # the top-level expressions of a script
    >>> wlnet.full_form(e), wlnet.input_form(e)

A syntax error from ``parse``/``parse_script`` raises ``wlnet.WLSyntaxError`` (with
``line``, ``column`` and the message text); ``Session.evaluate`` never raises for a
WL-level error: it issues messages (``session.messages``) as the Wolfram Language does.
"""

from importlib import import_module

__version__ = "0.1.0"

# name -> (module, attribute); resolved on first use so that `import wlnet` stays cheap
# (Numba and the evaluator load only when needed).
_PUBLIC = {
    "parse": ("wlnet.syntax.parser", "parse"),
    "parse_script": ("wlnet.syntax.parser", "parse_script"),
    "WLSyntaxError": ("wlnet.syntax.parser", "WLSyntaxError"),
    "full_form": ("wlnet.syntax.printer", "full_form"),
    "input_form": ("wlnet.syntax.printer", "input_form"),
    "output_form": ("wlnet.syntax.printer", "output_form"),
    "Session": ("wlnet.core.session", "Session"),
    "Expr": ("wlnet.core.expr", "Expr"),
    "Symbol": ("wlnet.core.expr", "Symbol"),
    "from_python": ("wlnet.core.expr", "from_python"),
    # numpy interop: NumericArray <-> ndarray without copies where possible, nets on arrays
    "to_python": ("wlnet.interop", "to_python"),
    "to_expr": ("wlnet.interop", "to_expr"),
    "to_numpy": ("wlnet.interop", "to_numpy"),
    "from_numpy": ("wlnet.interop", "from_numpy"),
    "call_net": ("wlnet.interop", "call_net"),
    "NetHandle": ("wlnet.interop", "NetHandle"),
    "WLMessageError": ("wlnet.interop", "WLMessageError"),
}

__all__ = sorted([*_PUBLIC, "evaluate", "__version__"])


def __getattr__(name):
    target = _PUBLIC.get(name)
    if target is None:
        raise AttributeError(f"module 'wlnet' has no attribute {name!r}")
    value = getattr(import_module(target[0]), target[1])
    globals()[name] = value
    return value


def evaluate(text: str):
    """Evaluate WL text in a fresh session and return the last result as an expression."""
    return __getattr__("Session")().evaluate(text)
